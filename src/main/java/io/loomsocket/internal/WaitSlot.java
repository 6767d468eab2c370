package io.loomsocket.internal;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.Selector;
import java.util.concurrent.locks.LockSupport;

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
    private volatile Selector ownSelector;

    /** The deadline armed for this slot ({@link DeadlineTimer}), or null; kept across waits. */
    volatile DeadlineTimer.Entry armedDeadline;

    /** The slot of the other direction on the same channel: both share one selection key. */
    final WaitSlot[] pair;

    private WaitSlot(WaitSlot[] pair) {
        this.pair = pair;
    }

    /** A reading and a writing slot for one socket: index 0 reads, index 1 writes. */
    static WaitSlot[] newPair() {
        WaitSlot[] pair = new WaitSlot[2];
        pair[0] = new WaitSlot(pair);
        pair[1] = new WaitSlot(pair);
        return pair;
    }

    /** This slot's own selector, opened now if needed. Only the slot's one waiter calls this. */
    Selector ownSelector() throws IOException {
        Selector selector = ownSelector;
        if (selector == null || !selector.isOpen()) {
            selector = Selector.open();
            ownSelector = selector;
        }
        return selector;
    }

    /** Closes the own selector, which wakes a select in progress and frees its descriptors. */
    void closeOwnSelector() {
        Selector selector = ownSelector;
        if (selector != null) {
            ownSelector = null;
            try {
                selector.close();
            } catch (IOException ignored) {
                // Its descriptors are released either way.
            }
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
