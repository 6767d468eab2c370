package io.loomsocket.internal.transport;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.Selector;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * One direction of one socket (reading, or writing) as the {@link Poller} sees it: which thread
 * waits, for which readiness, and whether it has been woken. At most one thread waits on a slot
 * at a time (the socket's receive or send lock sees to that).
 */
final class WaitSlot {
    /** The channel being waited on; set before each wait. */
    volatile SelectableChannel channel;
    /** The {@link java.nio.channels.SelectionKey} operation awaited. */
    volatile int operation;
    /** The parked thread, or null when nobody waits. */
    volatile Thread waiter;
    /** Set by the poller (readiness) or by close; cleared at the start of each wait. */
    volatile boolean signalled;
    /** This slot's own selector ({@link OwnSelector}), opened at its first wait; null after close. */
    private volatile Selector ownSelector; // need registrationLock to change

    /**
     * Held while a selector registers this slot's channel, and while close retires the slot, so
     * that once the socket's close has passed no selector can take the old channel again: the
     * channel must be registered nowhere when it is closed, or the JDK defers the close (and
     * shuts the output down instead, which sends a FIN where close(2) sends a RST).
     */
    private final ReentrantLock registrationLock = new ReentrantLock();

    /** Whether a channel is still the socket's own (close and a failed connect replace it). */
    private final Predicate<SelectableChannel> current;

    /** The deadline armed for this slot ({@link DeadlineTimer}), or null; kept across waits. */
    volatile DeadlineTimer.Entry armedDeadline;

    /** The slot of the other direction on the same channel: both share one selection key. */
    final WaitSlot[] pair;

    private WaitSlot(WaitSlot[] pair, Predicate<SelectableChannel> current) {
        this.pair = pair;
        this.current = current;
    }

    /**
     * A reading and a writing slot for one socket: index 0 reads, index 1 writes. {@code
     * current} tells whether a channel is still the socket's.
     */
    static WaitSlot[] newPair(Predicate<SelectableChannel> current) {
        WaitSlot[] pair = new WaitSlot[2];
        pair[0] = new WaitSlot(pair, current);
        pair[1] = new WaitSlot(pair, current);
        return pair;
    }

    /**
     * This slot's own selector with {@code channel} registered for {@code operation}, opened now
     * if needed. Only the slot's one waiter calls this.
     *
     * @throws ClosedSelectorException when {@code channel} is no longer the socket's
     */
    Selector ownSelectorFor(SelectableChannel channel, int operation) throws IOException {
        registrationLock.lock();
        try {
            if (!current.test(channel)) {
                throw new ClosedSelectorException();
            }
            Selector selector = ownSelector;
            if (selector == null || !selector.isOpen()) {
                selector = Selector.open();
                ownSelector = selector;
            }
            var key = channel.keyFor(selector);
            if (key == null) {
                channel.register(selector, operation);
            } else if (key.interestOps() != operation) {
                key.interestOps(operation);
            }
            return selector;
        } finally {
            registrationLock.unlock();
        }
    }

    /**
     * Registers {@code channel} with the shared poller's selector, unless it is no longer the
     * socket's (then false). Called by the poller thread.
     */
    boolean registerShared(SelectableChannel channel, Selector shared, int operation)
            throws IOException {
        registrationLock.lock();
        try {
            if (!current.test(channel)) {
                return false;
            }
            var key = channel.keyFor(shared);
            if (key == null) {
                channel.register(shared, operation, pair);
            } else {
                key.interestOps(key.interestOps() | operation);
            }
            return true;
        } finally {
            registrationLock.unlock();
        }
    }

    /** Closes the own selector, which wakes a select in progress and frees its descriptors. */
    void closeOwnSelector() {
        registrationLock.lock();
        try {
            Selector selector = ownSelector;
            if (selector != null) {
                ownSelector = null;
                try {
                    selector.close(); // deregisters the channel at once
                } catch (IOException ignored) {
                    // Its descriptors are released either way.
                }
            }
        } finally {
            registrationLock.unlock();
        }
    }

    /**
     * The timer reached {@code entry}: wake the waiter, which checks its own deadline (it may
     * be later, and then it re-arms). Not a readiness signal.
     */
    void deadlinePassed(DeadlineTimer.Entry entry) {
        if (armedDeadline == entry) {
            armedDeadline = null;
        }
        wake();
    }

    /** Wakes the waiter, if any; a later wait starts unsignalled, so a stale wake is harmless. */
    void signal() {
        signalled = true;
        wake();
    }

    /** Unparks the waiter, or makes its own selector's select return. */
    private void wake() {
        Thread thread = waiter;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
        Selector selector = ownSelector;
        if (selector != null) {
            selector.wakeup();
        }
    }
}
