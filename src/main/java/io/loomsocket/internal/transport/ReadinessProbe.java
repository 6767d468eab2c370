package io.loomsocket.internal.transport;

import io.loomsocket.internal.engine.IoFailure;
import io.loomsocket.internal.net.ErrorText;
import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether a channel is ready now, asked of the kernel without waiting: a selector from a small
 * pool (at most {@link #IDLE_KEPT} idle, two descriptors each), the channel registered for one
 * {@code selectNow} and taken out again before the call returns. The caller holds the socket's
 * state lock meanwhile, which a close takes first, so no close finds the channel registered here
 * (where the JDK would defer it). Nothing here blocks, so holding that lock keeps its rule: it is
 * never held while waiting.
 */
public final class ReadinessProbe {
    /** Idle selectors kept; more are closed. */
    static final int IDLE_KEPT = 2;

    private static final ConcurrentLinkedQueue<Selector> IDLE = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger IDLE_COUNT = new AtomicInteger();

    private ReadinessProbe() {}

    /**
     * Whether {@code channel} is ready now for any of {@code operations}.
     *
     * @return false for a closed channel
     * @throws IoFailure when no selector can be opened
     */
    public static boolean readyNow(SelectableChannel channel, int operations) throws IoFailure {
        Selector selector = borrow();
        SelectionKey key = null;
        try {
            key = channel.register(selector, operations);
            return selector.selectNow() > 0 && (key.readyOps() & operations) != 0;
        } catch (ClosedChannelException | CancelledKeyException e) {
            return false;
        } catch (IOException e) {
            throw ErrorText.failure(e);
        } finally {
            giveBack(selector, key);
        }
    }

    /**
     * Fills the pool of idle selectors to its size now (the tests count descriptors after this,
     * so that the pool's own do not look like leaks).
     *
     * @throws IOException when a selector cannot be opened
     */
    public static void fill() throws IOException {
        while (IDLE_COUNT.incrementAndGet() <= IDLE_KEPT) {
            IDLE.add(Selector.open());
        }
        IDLE_COUNT.decrementAndGet();
    }

    private static Selector borrow() throws IoFailure {
        Selector selector = IDLE.poll();
        if (selector != null) {
            IDLE_COUNT.decrementAndGet();
            return selector;
        }
        try {
            return Selector.open();
        } catch (IOException e) {
            throw ErrorText.failure(e);
        }
    }

    private static void giveBack(Selector selector, SelectionKey key) {
        try {
            if (key != null) {
                key.cancel();
                selector.selectNow(); // flushes the cancelled key: the channel leaves the selector
            }
        } catch (IOException | RuntimeException e) {
            close(selector);
            return;
        }
        if (IDLE_COUNT.incrementAndGet() <= IDLE_KEPT) {
            IDLE.add(selector);
        } else {
            IDLE_COUNT.decrementAndGet();
            close(selector);
        }
    }

    private static void close(Selector selector) {
        try {
            selector.close();
        } catch (IOException ignored) {
            // Its descriptors are released either way.
        }
    }
}
