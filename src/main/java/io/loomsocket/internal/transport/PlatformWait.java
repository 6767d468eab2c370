package io.loomsocket.internal.transport;

import io.loomsocket.TcpException;
import io.loomsocket.internal.engine.IoFailure;
import io.loomsocket.internal.engine.Timeout;
import io.loomsocket.internal.net.ErrorText;
import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * How a platform thread waits: in its own call to {@code select}, on a selector borrowed from a
 * small pool, with the channel registered for that one wait. A platform thread may block in
 * {@code select} (it has no carrier to hold), and waiting in place saves the hand-offs through
 * the poller (kernel, the JDK's poller, ours, then the waiting thread): a platform thread that
 * waited through the poller made a ping-pong between two processes run at 0.3 of the JDK's own
 * blocking read. The channel leaves the selector before the wait returns, so a close never
 * finds it registered there; the selector goes back to the pool (at most {@link #IDLE_KEPT}
 * are kept, two descriptors each), so a program whose platform threads come and go leaks none.
 * Waiting in place made a ping-pong between two processes on platform threads run at 1.3-1.4
 * of the JDK's blocking reads, where going through the poller ran it at 0.3.
 */
public final class PlatformWait {
    /** Idle selectors kept for the next platform waiters; more are closed. */
    static final int IDLE_KEPT = 4;

    private static final ConcurrentLinkedQueue<Selector> IDLE = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger IDLE_COUNT = new AtomicInteger();

    private PlatformWait() {}

    /**
     * Waits as {@link WaitSlot#await} does, on the calling platform thread, until the channel
     * is ready for {@code operation}, {@code signals} carries a wake, {@code current} says the
     * channel is no longer the socket's (closed or replaced), or {@code nanos} pass.
     *
     * @return true when woken (ready, woken, or no longer current), false when the time ran out
     */
    static boolean await(WaitSignals signals, SelectableChannel channel, int operation,
            long nanos, BooleanSupplier current) throws IoFailure {
        Selector selector = borrow();
        SelectionKey key = null;
        // Published before the socket is checked (S2): a close makes the channel no longer the
        // socket's, then looks for a platform waiter (and waits for it), so either this thread
        // sees the close or the close sees this thread, and the channel is never closed while
        // registered here.
        signals.platformWaitStarts(selector);
        try {
            if (!current.getAsBoolean()) {
                return true; // closed or replaced: the retry reports it
            }
            long deadline = nanos == Timeout.FOREVER ? 0 : System.nanoTime() + nanos;
            try {
                key = channel.register(selector, operation);
            } catch (ClosedChannelException | CancelledKeyException e) {
                return true; // closed meanwhile: the retry reports it
            }
            while (true) {
                if (signals.takeWake() || !current.getAsBoolean()) {
                    return true;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new IoFailure(TcpException.Kind.INTERRUPTED, "interrupted");
                }
                long millis = 0;
                if (nanos != Timeout.FOREVER) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    millis = Math.max(1, (left + 999_999) / 1_000_000); // up; checked above
                }
                if (selector.select(ready -> { }, millis) > 0) {
                    return true;
                }
            }
        } catch (ClosedSelectorException e) {
            return true;
        } catch (IOException e) {
            throw ErrorText.failure(e);
        } finally {
            giveBack(selector, key);
            signals.platformWaitEnded(); // after the channel left the selector (S2)
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

    /** A selector from the pool, or a new one. */
    static Selector borrow() throws IoFailure {
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

    /**
     * Takes the channel of {@code key} (none when null) out of the selector now (a select
     * flushes the cancelled key), then gives the selector back.
     */
    static void giveBack(Selector selector, SelectionKey key) {
        try {
            if (key != null) {
                key.cancel();
                selector.selectNow();
            }
        } catch (IOException | RuntimeException e) {
            close(selector);
            return;
        }
        keepOrClose(selector);
    }

    /**
     * Takes the channels of {@code keys} (nulls skipped) out of the selector now (a select
     * flushes the cancelled keys), then gives the selector back.
     */
    static void giveBack(Selector selector, SelectionKey[] keys) {
        try {
            for (SelectionKey key : keys) {
                if (key != null) {
                    key.cancel();
                }
            }
            selector.selectNow();
        } catch (IOException | RuntimeException e) {
            close(selector);
            return;
        }
        keepOrClose(selector);
    }

    private static void keepOrClose(Selector selector) {
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
