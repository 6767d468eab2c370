package io.loomsocket.samples;

import io.loomsocket.ReceiveException;
import io.loomsocket.Tcp;
import io.loomsocket.TcpClient;
import io.loomsocket.TcpException;
import io.loomsocket.TcpServer;
import java.time.Duration;

/**
 * A thread-per-connection line echo server: one virtual thread per client, LuaSocket's
 * timeouts, and no lost bytes. It stops accepting once no client has connected for a while.
 *
 * <pre>
 *   java ... io.loomsocket.samples.EchoServer [port [idle-seconds]]     (defaults: 0 and 10)
 * </pre>
 */
public final class EchoServer {
    private EchoServer() {}

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Duration idle = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        try (TcpServer server = Tcp.bind("127.0.0.1", port)) {
            System.out.println("echo server on 127.0.0.1:" + server.getsockname().port()
                    + " until idle for " + idle.toSeconds() + " s");
            int served = serve(server, idle);
            System.out.println("served " + served + " connection(s)");
        }
    }

    /**
     * Accepts until no client has connected for {@code idle}; returns how many it accepted. Each
     * client is served on a virtual thread of its own until it closes or stays silent 30 s.
     */
    public static int serve(TcpServer server, Duration idle) throws TcpException {
        server.settimeout(idle); // each accept waits at most this long
        int served = 0;
        while (true) {
            TcpClient client;
            try {
                client = server.accept();
            } catch (TcpException e) {
                if (e.isTimeout()) {
                    return served;
                }
                throw e;
            }
            served++;
            Thread.ofVirtual().name("echo-" + served).start(() -> echo(client));
        }
    }

    private static void echo(TcpClient client) {
        try (client) {
            client.settimeout(30); // a client silent for 30 s is dropped
            while (true) {
                String line = client.receiveString();
                client.send(line + "\n");
            }
        } catch (ReceiveException e) {
            if (!e.isClosed() && !e.isTimeout()) {
                System.err.println("receive: " + e.getMessage());
            }
        } catch (TcpException e) {
            System.err.println("send: " + e.getMessage());
        }
    }
}
