package io.loomsocket;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A connected pair over 127.0.0.1: the client side and the server's accepted side. */
public record Loopback(TcpClient client, TcpClient peer) implements AutoCloseable {
    /** Connects a fresh pair; the listening socket is closed once the peer is accepted. */
    public static Loopback open() throws Exception {
        try (TcpServer server = Tcp.bind("127.0.0.1", 0)) {
            int port = server.getsockname().port();
            CompletableFuture<TcpClient> accepted = new CompletableFuture<>();
            Thread.startVirtualThread(() -> {
                try {
                    accepted.complete(server.accept());
                } catch (Throwable t) {
                    accepted.completeExceptionally(t);
                }
            });
            TcpClient client = Tcp.connect("127.0.0.1", port);
            return new Loopback(client, accepted.get(10, TimeUnit.SECONDS));
        }
    }

    @Override
    public void close() {
        client.close();
        peer.close();
    }
}
