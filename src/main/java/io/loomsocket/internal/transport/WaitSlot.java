package io.loomsocket.internal.transport;

import io.loomsocket.TcpException;
import io.loomsocket.internal.engine.IoFailure;
import io.loomsocket.internal.engine.Timeout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.util.concurrent.locks.LockSupport;

/**
 * One direction (reading and accepting, or writing and connecting) of one registration of a
 * socket's channel with a {@link Poller}: whether the direction's interest is in the poller's
 * selector, and which virtual thread waits. At most one thread waits on a slot at a time (the
 * socket's receive or send lock, and the connect's outcome lock, see to that). A slot lives as
 * long as its key: a channel registered anew (after a close and a connect, or a failed connect)
 * gets new slots, so nothing a closed or replaced channel left behind reaches the next one.
 *
 * <pre>
 *            waiter: CAS, then adds the interest
 *  DISARMED -----------------------------------------------> T (a waiting thread)
 *  (null)  &lt;--------------+                                  |  ^      |
 *     |                   | remover: CAS, once the           |  |      | poller: readiness:
 *     | poller: readiness | interest is out                  |  |      | CAS, unpark T
 *     | (a stale interest)|                                  |  |      v
 *     +-------------> DISARMING &lt;--------------------------- ARMED (interest kept,
 *        CAS            (a remover takes the  remover: CAS     |       nobody waits)
 *                        interest out)        (poller: ready   |
 *                          |                  with nobody      | waiter: CAS (no syscall,
 *                          |                  waiting; or a    | no wakeup); T leaves by CAS
 *                          |                  connect's disarm) | back to ARMED
 *                          +--- waiter: CAS ---&gt; T: the remover, failing its last CAS,
 *                                                 puts T's interest back
 * </pre>
 *
 * <p>Invariants (ARCHITECTURE.md, "The invariants of the waits"; checked by
 * {@code WaitSlotScheduleTest} over every interleaving of a waiter, the poller, a remover, the
 * deadline timer and close):
 * <ul>
 *   <li>W1. Only a thread that moved the state to DISARMING removes interest, and it leaves
 *       DISARMING only by compare-and-set after the removal. So DISARMED means the interest is
 *       out of the selector, and no readiness can be reported for nobody for ever.</li>
 *   <li>W2. A waiter that takes the state from DISARMED adds its interest itself; one that takes
 *       it from ARMED makes sure its interest is there (nobody can remove it while the state is
 *       the waiter's); one that takes it from DISARMING leaves the interest to the remover,
 *       which finds its last compare-and-set failed and puts the interest back. So while a
 *       thread is the state, its interest is in the selector, or about to be with a wakeup if
 *       the poller may be blocked: no readiness is missed.</li>
 *   <li>W3. Only the poller moves the state from a thread (to ARMED, unparking it), and only
 *       the waiter itself moves it from itself otherwise (timed out, interrupted, woken, or its
 *       key cancelled). A waiter parks only while it is the state, after checking its key, its
 *       wake and its deadline, so each of those who end a wait (close cancels the key and then
 *       unparks, a wake sets its flag and then unparks, the deadline timer clears the armed
 *       entry and then unparks) is seen by the waiter or unparks it.</li>
 * </ul>
 */
final class WaitSlot {
    /** {@link #state} when the interest is in the selector and nobody waits. */
    private static final Object ARMED = new Named("ARMED");
    /** {@link #state} while one thread takes the interest out of the selector. */
    private static final Object DISARMING = new Named("DISARMING");

    private static final VarHandle STATE;
    private static final VarHandle ARMED_DEADLINE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(WaitSlot.class, "state", Object.class);
            ARMED_DEADLINE = lookup.findVarHandle(WaitSlot.class, "armedDeadline",
                    DeadlineTimer.Entry.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The key this slot stands for; cancelled when the channel is retired. */
    final SelectionKey key;
    /** The interest operations this slot stands for. */
    final int interest;
    /** Tells the poller that interest was added while it may be blocked in select. */
    private final SelectorWakeup wakeup;
    /** The timer that wakes this slot's timed waits. */
    private final DeadlineTimer timer;

    /** Null (DISARMED), {@link #ARMED}, {@link #DISARMING} or the waiting thread. CAS only. */
    @SuppressWarnings("unused") // through STATE
    private volatile Object state;
    /**
     * The interest operations of the current or last waiter: written before it takes the state,
     * read by a remover that finds the waiter took the state from it (W2).
     */
    private volatile int wanted;
    /** The deadline armed for this slot ({@link DeadlineTimer}), or null; kept across waits. */
    volatile DeadlineTimer.Entry armedDeadline; // need ARMED_DEADLINE to change

    WaitSlot(SelectionKey key, int interest, SelectorWakeup wakeup, DeadlineTimer timer) {
        this.key = key;
        this.interest = interest;
        this.wakeup = wakeup;
        this.timer = timer;
    }

    /**
     * Parks until the poller finds the key's channel ready for {@code operation}, {@code
     * signals} carries a wake, the key is cancelled (the channel is retired), or {@code nanos}
     * pass ({@link Timeout#FOREVER}: no limit; the {@link DeadlineTimer} wakes the thread at its
     * deadline).
     *
     * @return true when woken (the caller retries its operation), false when the time ran out
     * @throws IoFailure "interrupted" when the thread is interrupted; its flag stays set
     */
    boolean await(WaitSignals signals, int operation, long nanos) throws IoFailure {
        Thread me = Thread.currentThread();
        if (!enter(me, operation)) {
            return true; // the key was cancelled: the socket moved on, and the retry says so
        }
        long deadline = nanos == Timeout.FOREVER ? 0 : System.nanoTime() + nanos;
        try {
            while (state == me) {
                if (!key.isValid()) {
                    return true;
                }
                if (signals.takeWake()) {
                    return true;
                }
                if (me.isInterrupted()) {
                    throw new IoFailure(TcpException.Kind.INTERRUPTED, "interrupted");
                }
                if (nanos != Timeout.FOREVER) {
                    if (deadline - System.nanoTime() <= 0) {
                        return false;
                    }
                    timer.arm(this, deadline);
                }
                LockSupport.park(this);
            }
            signals.takeWake(); // a wake that came with the readiness is spent with it
            return true;
        } finally {
            STATE.compareAndSet(this, me, ARMED); // still ours: timed out, woken or interrupted
        }
    }

    /** Makes {@code me} the waiter (W2); false if the key was cancelled. */
    private boolean enter(Thread me, int operation) {
        wanted = operation;
        while (true) {
            Object current = state;
            if (current == null) {
                if (STATE.compareAndSet(this, null, me)) {
                    try {
                        key.interestOpsOr(operation);
                    } catch (CancelledKeyException e) {
                        STATE.compareAndSet(this, me, null);
                        return false;
                    }
                    wakeup.interestAdded();
                    return true;
                }
            } else if (current == ARMED) {
                if (STATE.compareAndSet(this, ARMED, me)) {
                    return ensureInterest(me, operation);
                }
            } else if (current == DISARMING) {
                if (STATE.compareAndSet(this, DISARMING, me)) {
                    return true; // the remover puts the interest back (W2)
                }
            } else {
                throw new IllegalStateException("two threads wait on one direction: " + current);
            }
        }
    }

    /**
     * The state was ARMED: the interest is in the selector, but it may lack some of {@code
     * operation} (a send's OP_WRITE where a connect now waits, or the reverse). Nobody removes
     * interest while the state is this thread (W1), so a look and an add are enough.
     */
    private boolean ensureInterest(Thread me, int operation) {
        try {
            if ((key.interestOps() & operation) != operation) {
                key.interestOpsOr(operation);
                wakeup.interestAdded();
            }
            return true;
        } catch (CancelledKeyException e) {
            STATE.compareAndSet(this, me, ARMED);
            return false;
        }
    }

    /** Poller thread: the channel is ready for this slot's interest. */
    void ready() {
        while (true) {
            Object current = state;
            if (current instanceof Thread waiter) {
                if (STATE.compareAndSet(this, waiter, ARMED)) {
                    LockSupport.unpark(waiter);
                    return;
                }
            } else if (current == ARMED || current == null) {
                // Ready while nobody waits: the next receive finds the data without waiting,
                // and a level-triggered selector would report it again and again. (DISARMED:
                // an interest nobody stands for; dropped all the same, W1.)
                if (STATE.compareAndSet(this, current, DISARMING)) {
                    removeInterest(true);
                    return;
                }
            } else {
                return; // DISARMING: another thread is taking the interest out
            }
        }
    }

    /**
     * A waiter's disarm, when its interest can only fire uselessly from now on (a connect that
     * has finished: a connected socket is writable, which the poller would report at once).
     */
    void disarm() {
        if (STATE.compareAndSet(this, ARMED, DISARMING)) {
            removeInterest(false);
        }
    }

    /**
     * The state is DISARMING and this thread moved it there: takes the interest out, then
     * leaves DISARMING; a waiter that took the state meanwhile gets its interest back (W1, W2).
     */
    private void removeInterest(boolean onPollerThread) {
        try {
            key.interestOpsAnd(~interest);
        } catch (CancelledKeyException ignored) {
            // The channel is retired; its key goes with it.
        }
        if (STATE.compareAndSet(this, DISARMING, null)) {
            return;
        }
        try {
            key.interestOpsOr(wanted);
        } catch (CancelledKeyException ignored) {
            return; // the waiter sees the cancelled key
        }
        if (!onPollerThread) {
            wakeup.interestAdded();
        }
    }

    /** Wakes the waiter, if a thread waits now (W3: whoever ends a wait calls this after). */
    void unparkWaiter() {
        if (state instanceof Thread waiter) {
            LockSupport.unpark(waiter);
        }
    }

    /** The key is cancelled and the slot retired: its waiter leaves, its deadline goes. */
    void retire() {
        unparkWaiter();
        timer.disarm(this);
    }

    /** Whether the slot's key is still valid (a retired slot's deadline is not kept). */
    boolean isLive() {
        return key.isValid();
    }

    /** The timer reached this slot's armed deadline: the waiter checks its own and re-arms. */
    void deadlinePassed(DeadlineTimer.Entry entry) {
        replaceArmedDeadline(entry, null);
        unparkWaiter();
    }

    /** Compare-and-set of {@link #armedDeadline}, for {@link DeadlineTimer}. */
    boolean replaceArmedDeadline(DeadlineTimer.Entry expected, DeadlineTimer.Entry replacement) {
        return ARMED_DEADLINE.compareAndSet(this, expected, replacement);
    }

    /** The state's name, for tests and messages. */
    String stateName() {
        Object current = state;
        return current instanceof Thread ? "WAITING" : current == null ? "DISARMED"
                : current.toString();
    }

    /** A state constant that says what it is. */
    private static final class Named {
        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
