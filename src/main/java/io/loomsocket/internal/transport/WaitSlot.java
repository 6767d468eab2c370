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
 *              waiter: CAS, then adds its interest
 *   DISARMED ------------------------------------------> T (a waiting thread)
 *   (null)   &lt;-----------+                                |  ^  |
 *      |                 | changer: CAS, once the         |  |  | poller: readiness:
 *      |                 | interest is out                |  |  | CAS, unpark T
 *      | poller: a stale |                                |  |  v
 *      | report: CAS     |   poller: readiness, nobody    |  ARMED  (interest in,
 *      +----------> CHANGING &lt;------- waits: CAS --------+--       nobody waits)
 *                     |   ^    connect over (disarm): CAS |  |
 *                     |   +---- waiter lacking some of    |  | waiter: CAS (no syscall,
 *                     |         its interest: CAS         |  | no wakeup); T leaves by CAS
 *                     +--- waiter: CAS ---> T  (the changer, failing its last CAS, puts T's
 *                                               interest back)
 * </pre>
 *
 * <p>Invariants (ARCHITECTURE.md, "The invariants of the waits"; checked over the interleavings
 * of a waiter, the poller, a disarm, the deadline timer and close by {@code
 * WaitSlotScheduleTest}):
 * <ul>
 *   <li>W1. Interest is removed only by the thread that moved the state to CHANGING, which
 *       leaves CHANGING only by compare-and-set after its change; interest is added only by that
 *       thread, or by a waiter that took the state from DISARMED. So DISARMED means the
 *       interest is out of the selector, and no readiness is reported for nobody for ever (one
 *       report a select took before a removal may still come; the poller drops it).</li>
 *   <li>W2. A waiter that takes the state from DISARMED adds its interest itself; from ARMED it
 *       takes it only when its interest is all there (nobody removes interest while the state is
 *       ARMED or a thread), else it moves it to CHANGING, adds what is missing and then takes
 *       it; from CHANGING it leaves the interest to the changer, which finds its last
 *       compare-and-set failed and puts the waiter's interest back. So while a thread is the
 *       state, its interest is in the selector, or about to be with a wakeup if the poller may
 *       be blocked: no readiness is missed.</li>
 *   <li>W3. Only the poller moves the state from a thread (to ARMED, unparking it); otherwise
 *       only the waiter moves it from itself. A waiter parks only while it is the state, after
 *       looking at its key, its wake and its deadline, and nothing between those looks and its
 *       park may park (a park there takes the unpark meant for the wait: its deadline is armed
 *       before it looks); whoever ends a wait makes its change first (close cancels the key, a
 *       wake sets its flag, the deadline timer clears the armed entry) and then unparks the
 *       thread in the state. So no end of a wait is missed.</li>
 * </ul>
 */
final class WaitSlot {
    /** {@link #state} when the interest is in the selector and nobody waits. */
    private static final Object ARMED = new Named("ARMED");
    /**
     * {@link #state} while one thread changes the interest: takes it out of the selector (the
     * poller, or a connect that is over), or adds what a waiter's operation lacks.
     */
    private static final Object CHANGING = new Named("CHANGING");

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

    /** Null (DISARMED), {@link #ARMED}, {@link #CHANGING} or the waiting thread. CAS only. */
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
            while (true) {
                if (nanos != Timeout.FOREVER && deadline - System.nanoTime() > 0) {
                    // Before the looks below (W3): the arm may park (the timer's first arm
                    // starts its thread under a lock), and that park would take an unpark
                    // meant for this wait.
                    timer.arm(this, deadline);
                }
                if (state != me) {
                    break;
                }
                if (!key.isValid()) {
                    return true;
                }
                if (signals.takeWake()) {
                    return true;
                }
                if (me.isInterrupted()) {
                    throw new IoFailure(TcpException.Kind.INTERRUPTED, "interrupted");
                }
                if (nanos != Timeout.FOREVER && deadline - System.nanoTime() <= 0) {
                    return false;
                }
                LockSupport.park(this);
            }
            signals.takeWake(); // a wake that came with the readiness is spent with it
            return true;
        } finally {
            leave(me); // still ours: timed out, woken or interrupted
        }
    }

    /** Whether {@code me} is still this slot's waiter: no readiness has ended its wait here. */
    boolean isWaiter(Thread me) {
        return state == me;
    }

    /**
     * {@code me} stops waiting here (W3: only the waiter moves the state from itself, but for
     * the poller's readiness).
     *
     * @return true if it was still the waiter; false when the poller had found the channel
     *     ready and handed the state back to ARMED
     */
    boolean leave(Thread me) {
        return STATE.compareAndSet(this, me, ARMED);
    }

    /** Arms {@code deadlineNanos} for the waiter of this slot (one of a thread's slots). */
    void armDeadline(long deadlineNanos) {
        timer.arm(this, deadlineNanos);
    }

    /**
     * Makes {@code me} the waiter (W2); false if the key was cancelled. A thread may be the
     * waiter of several slots at once ({@link SelectWait}); it then parks while it is the state
     * of all of them, and leaves each with {@link #leave}.
     */
    boolean enter(Thread me, int operation) {
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
                int present;
                try {
                    present = key.interestOps();
                } catch (CancelledKeyException e) {
                    return false;
                }
                if ((present & operation) == operation) {
                    // Nobody removes interest but from CHANGING, which this CAS rules out.
                    if (STATE.compareAndSet(this, ARMED, me)) {
                        return true;
                    }
                } else if (STATE.compareAndSet(this, ARMED, CHANGING)) {
                    return addMissing(me, operation);
                }
            } else if (current == CHANGING) {
                if (STATE.compareAndSet(this, CHANGING, me)) {
                    return true; // the remover puts the interest back (W2)
                }
            } else {
                throw new IllegalStateException("two threads wait on one direction: " + current);
            }
        }
    }

    /**
     * The slot was ARMED without all of {@code operation} (a send's OP_WRITE where a connect
     * now waits, or the reverse), and this thread moved it to CHANGING, where it alone changes
     * the interest (W1): it adds what is missing, then takes the state. (Taking the state first
     * and adding after would let the poller hand the state back to ARMED and drop the interest
     * in between, and the add would then land with nobody waiting.)
     */
    private boolean addMissing(Thread me, int operation) {
        try {
            key.interestOpsOr(operation);
        } catch (CancelledKeyException e) {
            STATE.compareAndSet(this, CHANGING, null);
            return false;
        }
        wakeup.interestAdded();
        STATE.compareAndSet(this, CHANGING, me); // only this thread leaves CHANGING here
        return true;
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
                if (STATE.compareAndSet(this, current, CHANGING)) {
                    removeInterest(true);
                    return;
                }
            } else {
                return; // CHANGING: another thread is taking the interest out
            }
        }
    }

    /**
     * A waiter's disarm, when its interest can only fire uselessly from now on (a connect that
     * has finished: a connected socket is writable, which the poller would report at once).
     */
    void disarm() {
        if (STATE.compareAndSet(this, ARMED, CHANGING)) {
            removeInterest(false);
        }
    }

    /**
     * The state is CHANGING and this thread moved it there: takes the interest out, then
     * leaves CHANGING; a waiter that took the state meanwhile gets its interest back (W1, W2).
     */
    private void removeInterest(boolean onPollerThread) {
        try {
            key.interestOpsAnd(~interest);
        } catch (CancelledKeyException ignored) {
            // The channel is retired; its key goes with it.
        }
        if (STATE.compareAndSet(this, CHANGING, null)) {
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
