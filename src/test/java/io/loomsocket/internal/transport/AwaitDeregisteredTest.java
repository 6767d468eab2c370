package io.loomsocket.internal.transport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A close waits until its channel has left the poller's selector, whatever thread closes: a
 * virtual thread yields a few turns first, and neither those turns nor anything else lets it
 * return while the channel is registered, but the one-second bound.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class AwaitDeregisteredTest {
    @Test
    void aVirtualThreadWaitsItsBoundWhenNoSelectTakesTheKeyOut() throws Exception {
        try (Selector selector = Selector.open(); Pair pair = Pair.open()) {
            Poller poller = new Poller(selector); // nothing selects
            pair.client.register(selector, SelectionKey.OP_READ).cancel();
            long[] elapsed = new long[1];
            Thread.ofVirtual().start(() -> {
                long t0 = System.nanoTime();
                poller.awaitDeregistered(pair.client);
                elapsed[0] = System.nanoTime() - t0;
            }).join();
            assertTrue(pair.client.isRegistered(), "no select ran, so the key is still there");
            assertTrue(elapsed[0] >= TimeUnit.MILLISECONDS.toNanos(990),
                    "returned after " + elapsed[0] / 1_000_000 + " ms with the channel registered");
        }
    }

    @Test
    void aVirtualThreadReturnsOnceASelectHasTakenTheKeyOut() throws Exception {
        try (Selector selector = Selector.open(); Pair pair = Pair.open()) {
            Poller poller = new Poller(selector);
            pair.client.register(selector, SelectionKey.OP_READ).cancel();
            Thread waiter = Thread.ofVirtual().start(() -> poller.awaitDeregistered(pair.client));
            Thread.sleep(100);
            assertTrue(waiter.isAlive(), "returned before any select");
            selector.selectNow();
            assertTrue(waiter.join(java.time.Duration.ofMillis(900)),
                    "still waiting after the key left the selector");
            assertFalse(pair.client.isRegistered());
        }
    }

    /** A connected pair of channels on loopback, the client non-blocking. */
    private record Pair(ServerSocketChannel listener, SocketChannel client, SocketChannel server)
            implements AutoCloseable {
        static Pair open() throws Exception {
            ServerSocketChannel listener = ServerSocketChannel.open()
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketChannel client = SocketChannel.open(listener.getLocalAddress());
            SocketChannel server = listener.accept();
            client.configureBlocking(false);
            return new Pair(listener, client, server);
        }

        @Override
        public void close() throws Exception {
            client.close();
            server.close();
            listener.close();
        }
    }
}
