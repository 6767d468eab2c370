package io.loomsocket.samples;

import io.loomsocket.ReceiveException;
import io.loomsocket.Tcp;
import io.loomsocket.TcpClient;
import io.loomsocket.TcpException;
import io.loomsocket.TcpServer;

/**
 * A loopback server and client exchanging lines, one virtual thread each. The server answers
 * the last request in two halves with a pause between them, so the client's receive times out
 * with half a line; the client passes that partial back as the prefix and gets the whole line.
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
                    client.send(request + "\n");
                    System.out.println("client got: " + client.receiveString());
                }

                client.send("slow\n");
                client.settimeout(0.3);
                String reply;
                try {
                    reply = client.receiveString();
                } catch (ReceiveException e) {
                    System.out.printf("client: receive failed with \"%s\", partial \"%s\"%n",
                            e.getMessage(), e.partialString());
                    client.settimeout(-1);
                    reply = client.receiveString("*l", e.partialString());
                }
                System.out.println("client got: " + reply);

                client.send("bye\n");
                System.out.println("client stats: " + client.getstats());
            }
            serverThread.join();
        }
        System.out.println("done");
    }

    private static void serve(TcpServer server) {
        try (TcpClient peer = server.accept()) {
            while (true) {
                String line = peer.receiveString();
                switch (line) {
                    case "bye" -> {
                        return;
                    }
                    case "slow" -> {
                        peer.send("first half, ");
                        Thread.sleep(600);
                        peer.send("second half\n");
                    }
                    default -> peer.send("echo: " + line + "\n");
                }
            }
        } catch (TcpException e) {
            System.out.println("server: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
