package io.loomsocket.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.Tcp;
import io.loomsocket.TcpClient;
import io.loomsocket.TcpException;
import io.loomsocket.TcpServer;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Once closed, a socket is unreachable from the library: no armed deadline, no selector key
 * keeps it (or its buffer and channel) alive until some timeout far away.
 */
class ClosedSocketsUnreachableTest {
    private static final int SOCKETS = 100;

    @Test
    @Timeout(60)
    void aSocketThatWaitedWithLongThenShortTimeoutsLeavesNoDeadlineBehind() throws Exception {
        int before = DeadlineTimer.PROCESS.armedCount();
        List<WeakReference<TcpClient>> closed = new ArrayList<>();
        try (TcpServer server = Tcp.bind("127.0.0.1", 0)) {
            int port = server.getsockname().port();
            for (int i = 0; i < SOCKETS; i++) {
                closed.add(new WeakReference<>(waitLongThenShort(server, port)));
            }
        }
        assertEquals(before, DeadlineTimer.PROCESS.armedCount(),
                "deadlines left armed by closed sockets");
        for (int attempt = 0; attempt < 20 && closed.stream().anyMatch(r -> r.get() != null);
                attempt++) {
            System.gc();
            Thread.sleep(50);
        }
        long alive = closed.stream().filter(r -> r.get() != null).count();
        assertEquals(0, alive, "closed sockets still reachable");
    }

    /**
     * A receive that waits under a total timeout of 300 s (a deadline far away), then one that
     * waits under a block timeout of 10 ms (an earlier deadline, which replaces the first), both
     * on virtual threads, then close. Returns the closed client.
     */
    private static TcpClient waitLongThenShort(TcpServer server, int port) throws Exception {
        try (TcpClient client = Tcp.connect("127.0.0.1", port); TcpClient peer = server.accept()) {
            client.settimeout(300, "t");
            Thread reader = Thread.startVirtualThread(() -> {
                try {
                    client.receive();
                } catch (TcpException e) {
                    throw new IllegalStateException(e);
                }
            });
            while (reader.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            peer.send("line\n");
            reader.join();
            client.settimeout(-1, "t");
            client.settimeout(0.01, "b");
            // On a virtual thread too: a platform thread waits in place, with no armed deadline.
            Thread timing = Thread.startVirtualThread(
                    () -> assertThrows(TcpException.class, client::receive));
            timing.join();
            assertTrue(client.getfd() >= 0);
            return client;
        }
    }
}
