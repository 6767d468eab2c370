package io.loomsocket.samples;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.loomsocket.ReceiveException;
import io.loomsocket.Tcp;
import io.loomsocket.TcpClient;
import io.loomsocket.TcpException;
import io.loomsocket.TcpServer;

/**
 * A loopback server and client exchanging lines in UTF-8, one virtual thread each. The server
 * answers the last request in two halves with a pause between them, so the client's receive
 * times out with half a line; the client goes on from that failure and gets the whole line.
 * Then it prints the stats and exits.
 */
public final class Demo {
    private Demo() {}

    public static void main(String[] args) throws Exception {
        try (TcpServer server = Tcp.bind("127.0.0.1", 0)) {
            int port = server.getsockname().port();
            System.out.println("server listening on 127.0.0.1:" + port);
            Thread serverThread = Thread.ofVirtual().name("server").start(() -> serve(server));

            try (TcpClient client = Tcp.connect("127.0.0.1", port)) {
                for (String request : new String[] {"hello", "how are you?"}) {
                    client.send(request + "\n", UTF_8);
                    System.out.println("client got: " + client.receiveString(UTF_8));
                }

                client.send("slow\n", UTF_8);
                client.settimeout(0.3);
                String reply;
                try {
                    reply = client.receiveString(UTF_8);
                } catch (ReceiveException e) {
                    System.out.printf("client: receive failed with \"%s\" (%s timeout), partial"
                            + " \"%s\"%n", e.getMessage(), e.limit(),
                            new String(e.partial(), UTF_8));
                    client.settimeout(-1);
                    reply = client.receiveString(UTF_8, e, Long.MAX_VALUE); // goes on from e
                }
                System.out.println("client got: " + reply);

                client.send("bye\n", UTF_8);
                System.out.println("client stats: " + client.getstats());
            }
            serverThread.join();
        }
        System.out.println("done");
    }

    private static void serve(TcpServer server) {
        try (TcpClient peer = server.accept()) {
            while (true) {
                String line = peer.receiveString(UTF_8);
                switch (line) {
                    case "bye" -> {
                        return;
                    }
                    case "slow" -> {
                        peer.send("first half, ", UTF_8);
                        Thread.sleep(600);
                        peer.send("second half\n", UTF_8);
                    }
                    default -> peer.send("echo: " + line + "\n", UTF_8);
                }
            }
        } catch (TcpException e) {
            System.out.println("server: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
