package io.loomsocket.internal.transport;

import io.loomsocket.TcpException;
import io.loomsocket.internal.engine.IoFailure;
import io.loomsocket.internal.engine.Timeout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits for readiness on non-blocking channels without holding a carrier thread: the waiting
 * (virtual) thread hands its slot to one shared selector thread and parks until that thread
 * unparks it, the deadline passes, or the socket is closed.
 *
 * <p>Why not the JDK's own poller: it is reachable only through blocking-mode channels, whose
 * writes have no timeout. Why one platform thread: {@code Selector.select} holds the carrier of a
 * virtual thread on JDK 21, so the selecting thread must not be virtual; it is one per process,
 * not one per connection. Selection keys, interest sets and the selected set are touched only by
 * that thread.
 */
public final class Poller {
    /** Started when first used: class initialisation is lazy and runs once. */
    private static final class Holder {
        static final Poller INSTANCE = create();

        private static Poller create() {
            try {
                return new Poller();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the poller's selector", e);
            }
        }
    }

    /** Whether {@link #get()} has ever run: close needs no poller that was never started. */
    private static volatile boolean started;

    private final Selector selector;
    /** Slots whose interest the selector thread must register. */
    private final ConcurrentLinkedQueue<WaitSlot> requests = new ConcurrentLinkedQueue<>();

    private Poller() throws IOException {
        selector = Selector.open();
        Thread thread = new Thread(this::run, "loomsocket-poller");
        thread.setDaemon(true);
        thread.start();
    }

    /** The process-wide poller, started at the first wait. */
    public static Poller get() {
        if (!started) {
            started = true; // written once, not on every wait
        }
        return Holder.INSTANCE;
    }

    /**
     * Parks until {@code slot}'s channel is ready for {@code operation}, the socket is closed,
     * or {@code nanos} pass ({@link Timeout#FOREVER}: no limit; the {@link DeadlineTimer} wakes
     * the thread at its deadline).
     *
     * @return true when woken (the caller retries its operation), false when the time ran out
     * @throws IoFailure "interrupted" when the thread is interrupted; its flag stays set
     */
    boolean await(WaitSlot slot, SelectableChannel channel, int operation,
            long nanos) throws IoFailure {
        slot.channel = channel;
        slot.operation = operation;
        slot.waiter = Thread.currentThread();
        try {
            requests.add(slot);
            selector.wakeup();
            long deadline = System.nanoTime() + nanos;
            while (!slot.signalled) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new IoFailure(TcpException.Kind.INTERRUPTED, "interrupted");
                }
                if (nanos != Timeout.FOREVER) {
                    if (deadline - System.nanoTime() <= 0) {
                        return false;
                    }
                    DeadlineTimer.arm(slot, deadline);
                }
                LockSupport.park(this);
            }
            return true;
        } finally {
            slot.waiter = null;
        }
    }

    private void run() {
        while (true) {
            try {
                selector.select();
                WaitSlot slot;
                while ((slot = requests.poll()) != null) {
                    register(slot);
                }
                Iterator<SelectionKey> selected = selector.selectedKeys().iterator();
                while (selected.hasNext()) {
                    SelectionKey key = selected.next();
                    selected.remove();
                    dispatch(key);
                }
            } catch (IOException | RuntimeException e) {
                // A failed select must not stop every wait in the process; waiters time out or
                // are woken by close. Back off so a persistent failure does not spin.
                LockSupport.parkNanos(1_000_000);
            }
        }
    }

    private void register(WaitSlot slot) throws IOException {
        var channel = slot.channel;
        if (channel == null) {
            return;
        }
        try {
            if (!slot.registerShared(channel, selector, slot.operation)) {
                slot.signal(); // the socket closed meanwhile: the retry reports it
            }
        } catch (ClosedChannelException | CancelledKeyException e) {
            slot.signal();
        }
    }

    /**
     * Takes a channel out of the shared selector before it is closed, waiting (a second at most)
     * for the poller thread to deregister it: a channel still registered when it is closed has
     * its close deferred by the JDK, which shuts its output down instead (a FIN, where close(2)
     * would send a RST for unread data) and keeps the descriptor open until the next select.
     * The caller has already made the channel unregistrable ({@link WaitSlot#registerShared}).
     */
    static void deregister(SelectableChannel channel) {
        if (!started || channel == null) {
            return;
        }
        Selector shared = Holder.INSTANCE.selector;
        SelectionKey key = channel.keyFor(shared);
        if (key == null) {
            return;
        }
        key.cancel();
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (channel.isRegistered() && System.nanoTime() - deadline < 0) {
            shared.wakeup();
            LockSupport.parkNanos(20_000);
        }
    }

    private static void dispatch(SelectionKey key) {
        WaitSlot[] pair = (WaitSlot[]) key.attachment();
        try {
            int ready = key.readyOps();
            key.interestOps(key.interestOps() & ~ready);
            if ((ready & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
                pair[0].signal();
            }
            if ((ready & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
                pair[1].signal();
            }
        } catch (CancelledKeyException e) {
            pair[0].signal();
            pair[1].signal();
        }
    }
}
