package io.loomsocket.internal.transport;

import io.loomsocket.TcpException;
import io.loomsocket.internal.engine.IoFailure;
import io.loomsocket.internal.engine.Timeout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.locks.LockSupport;

/**
 * One direction of one socket (reading and accepting, or writing and connecting) as its
 * {@link Poller} sees it: whether the direction's interest is in the poller's selector, and who
 * waits. At most one thread waits on a slot at a time (the socket's receive or send lock sees to
 * that).
 *
 * <pre>
 *                 waiter: CAS, then adds the interest        poller: readiness, nobody waits:
 *      DISARMED ------------------------------------> T      removes the interest, then CAS
 *      (null)    &lt;-----------------------------+      |
 *         ^                                    |      | poller: readiness: CAS, unpark T
 *         |          poller: readiness         |      |
 *         +------------- ARMED &lt;---------------+------+
 *                        (interest kept,       waiter: timed out or interrupted: CAS
 *                         nobody waits)  ---> T  waiter: CAS (no syscall, no wakeup)
 * </pre>
 *
 * A slot keeps its interest between waits, so a socket that waits again soon costs no change
 * to the selector; the interest is dropped only when the socket is found ready while nobody
 * waits (the level-triggered selector would otherwise report it again and again). For the
 * writing slot that is the usual end of a send that had to wait (a socket is writable almost
 * always): one change to drop it, and one to add it at the next send that waits. A connect's
 * interest is dropped by the connect itself ({@link #disarm}).
 *
 * <p>Only the poller thread removes interest, and it removes it before it clears the state;
 * a waiter adds interest only after it has taken the state from DISARMED. So once a waiter is
 * in the state, the interest is in the selector (or about to be, with a wakeup if the poller is
 * blocked): no readiness is missed.
 */
final class WaitSlot {
    /** {@link #state} when the interest is in the selector and nobody waits. */
    private static final Object ARMED = new Object() {
        @Override
        public String toString() {
            return "ARMED";
        }
    };

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(WaitSlot.class, "state", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Null (DISARMED), {@link #ARMED}, or the thread that waits. Changed by CAS only. */
    @SuppressWarnings("unused") // through STATE
    private volatile Object state;
    /** Set by {@link #wake}: the next (or current) wait returns at once, once. */
    private volatile boolean woken;
    /** Set once when the socket closes: every wait ends at once. */
    private volatile boolean closed;
    /** The interest operations this slot stands for. */
    final int interest;
    /** The selector a platform thread waits in now ({@link PlatformWait}), or null. */
    volatile Selector platformSelector;
    /** The deadline armed for this slot ({@link DeadlineTimer}), or null; kept across waits. */
    volatile DeadlineTimer.Entry armedDeadline;

    WaitSlot(int interest) {
        this.interest = interest;
    }

    /**
     * Parks until the poller finds the channel of {@code key} ready for {@code operation}, the
     * slot is woken or closed, or {@code nanos} pass ({@link Timeout#FOREVER}: no limit; the
     * {@link DeadlineTimer} wakes the thread at its deadline).
     *
     * @return true when woken (the caller retries its operation), false when the time ran out
     * @throws IoFailure "interrupted" when the thread is interrupted; its flag stays set
     */
    boolean await(SelectionKey key, Poller poller, int operation, long nanos) throws IoFailure {
        Thread me = Thread.currentThread();
        if (!enter(me, key, poller, operation)) {
            return true; // the key was cancelled: the socket is closing, and the retry says so
        }
        long deadline = nanos == Timeout.FOREVER ? 0 : System.nanoTime() + nanos;
        try {
            while (state == me) {
                if (closed) {
                    return true;
                }
                if (woken) {
                    woken = false;
                    return true;
                }
                if (me.isInterrupted()) {
                    throw new IoFailure(TcpException.Kind.INTERRUPTED, "interrupted");
                }
                if (nanos != Timeout.FOREVER) {
                    if (deadline - System.nanoTime() <= 0) {
                        return false;
                    }
                    DeadlineTimer.arm(this, deadline);
                }
                LockSupport.park(this);
            }
            woken = false; // a wake that came with the readiness is spent with it
            return true;
        } finally {
            STATE.compareAndSet(this, me, ARMED); // still ours: timed out or interrupted
        }
    }

    /** Makes {@code me} the waiter, adding the interest if it is not in the selector. */
    private boolean enter(Thread me, SelectionKey key, Poller poller, int operation) {
        while (true) {
            Object current = state;
            if (current == ARMED) {
                if (STATE.compareAndSet(this, ARMED, me)) {
                    return ensureInterest(key, poller, operation);
                }
            } else if (current == null) {
                if (STATE.compareAndSet(this, null, me)) {
                    try {
                        key.interestOpsOr(operation);
                    } catch (CancelledKeyException e) {
                        STATE.compareAndSet(this, me, null);
                        return false;
                    }
                    poller.interestAdded();
                    return true;
                }
            } else {
                throw new IllegalStateException("two threads wait on one direction: " + current);
            }
        }
    }

    /**
     * The state was ARMED: the interest is in the selector, but it may lack some of {@code
     * operation} (a send's OP_WRITE where a connect now waits, or the reverse), which only a wait
     * that skipped its disarm would leave; a volatile read checks it.
     */
    private boolean ensureInterest(SelectionKey key, Poller poller, int operation) {
        try {
            if ((key.interestOps() & operation) != operation) {
                key.interestOpsOr(operation);
                poller.interestAdded();
            }
            return true;
        } catch (CancelledKeyException e) {
            STATE.compareAndSet(this, Thread.currentThread(), ARMED);
            return false;
        }
    }

    /** Poller thread: the channel is ready for this slot's interest. */
    void ready(SelectionKey key) {
        boolean removed = false;
        while (true) {
            Object current = state;
            if (current instanceof Thread waiter) {
                if (STATE.compareAndSet(this, waiter, removed ? null : ARMED)) {
                    LockSupport.unpark(waiter);
                    return;
                }
            } else if (current == ARMED) {
                // Ready while nobody waits: the next receive finds the data without waiting.
                if (!removed) {
                    removeInterest(key);
                    removed = true;
                }
                if (STATE.compareAndSet(this, ARMED, null)) {
                    return;
                }
            } else {
                return; // DISARMED already: a waiter may be adding the interest right now
            }
        }
    }

    /**
     * The waiting thread's own disarm, when it knows the interest can only fire uselessly from
     * now on (a connect that has finished).
     */
    void disarm(SelectionKey key) {
        if (STATE.compareAndSet(this, ARMED, null)) {
            removeInterest(key);
        }
    }

    /** The interest is not in any selector any more (a new channel): start from DISARMED. */
    void reset() {
        STATE.compareAndSet(this, ARMED, null);
    }

    private void removeInterest(SelectionKey key) {
        try {
            key.interestOpsAnd(~interest);
        } catch (CancelledKeyException ignored) {
            // The socket is closing; its key goes with it.
        }
    }

    /** Wakes the waiter without a readiness event (shutdown): it retries and sees why. */
    void wake() {
        woken = true;
        unparkWaiter();
    }

    /** The socket is closed: every wait, now or later, ends at once. */
    void close() {
        closed = true;
        unparkWaiter();
        DeadlineTimer.disarm(this);
    }

    /** The timer reached this slot's armed deadline: the waiter checks its own and re-arms. */
    void deadlinePassed(DeadlineTimer.Entry entry) {
        if (armedDeadline == entry) {
            armedDeadline = null;
        }
        unparkWaiter();
    }

    private void unparkWaiter() {
        if (state instanceof Thread waiter) {
            LockSupport.unpark(waiter);
        }
        Selector selector = platformSelector;
        if (selector != null) {
            selector.wakeup();
        }
    }

    /** For {@link PlatformWait}: whether the slot was closed, or woken (a wake is spent here). */
    boolean takeWakeOrClose() {
        if (closed) {
            return true;
        }
        if (woken) {
            woken = false;
            return true;
        }
        return false;
    }

    /**
     * Waits (a second at most) until no platform thread waits on this slot's selector: its
     * channel leaves that selector as the waiter returns, and must not be closed before, or the
     * JDK would defer the close. Called by close after the slot is closed (which wakes it).
     */
    void awaitPlatformWaiterGone() {
        long deadline = System.nanoTime() + 1_000_000_000L;
        Selector selector;
        while ((selector = platformSelector) != null && deadline - System.nanoTime() > 0) {
            selector.wakeup();
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
