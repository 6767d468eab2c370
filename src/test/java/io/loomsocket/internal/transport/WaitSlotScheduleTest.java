package io.loomsocket.internal.transport;

import static io.loomsocket.internal.transport.Schedules.check;
import static io.loomsocket.internal.transport.Schedules.concurrently;
import static io.loomsocket.internal.transport.Schedules.explore;
import static java.nio.channels.SelectionKey.OP_CONNECT;
import static java.nio.channels.SelectionKey.OP_READ;
import static java.nio.channels.SelectionKey.OP_WRITE;

import io.loomsocket.internal.engine.Timeout;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Every interleaving (up to {@link Schedules#INVOCATIONS}) of a waiter on a {@link WaitSlot}
 * with the poller, a connect's disarm, close and a wake: the wait ends, and the slot is left
 * with its interest in the selector exactly when someone may need it (W1 to W3 in the class
 * comment and in ARCHITECTURE.md). The poller here behaves as a level-triggered selector does:
 * it reports the channel while the slot's interest is set, and blocks while it is not, until a
 * waiter says it added interest.
 */
class WaitSlotScheduleTest {
    private static final int READING = OP_READ | java.nio.channels.SelectionKey.OP_ACCEPT;
    private static final int WRITING = OP_WRITE | OP_CONNECT;

    // Shared by the scenario's threads: static, so that the model checker sees every access.
    private static FakeKey key;
    private static WaitSlot slot;
    private static WaitSignals signals;
    private static Thread poller;
    private static volatile boolean waiterDone;
    private static volatile boolean waitEnded;
    private static final SelectorWakeup WAKE_POLLER = () -> LockSupport.unpark(poller);

    /** A slot of a fresh key, with a timer no thread runs. */
    private static void newSlot(int interest) {
        key = new FakeKey();
        slot = new WaitSlot(key, interest, WAKE_POLLER, new DeadlineTimer(false));
        signals = new WaitSignals();
        waiterDone = false;
        waitEnded = false;
    }

    /** A wait of no time: the slot ends ARMED with {@code operation}'s interest set. */
    private static void armWith(int operation) throws Exception {
        check(!slot.await(signals, operation, 0), () -> "setup: a wait of 0 ns timed out");
        check(slot.stateName().equals("ARMED") && key.interest() == operation,
                () -> "setup: ARMED with the interest, not " + describe());
    }

    /** A wait with no time limit on the current thread, then the poller told it is over. */
    private static void waitFor(int operation) throws Exception {
        try {
            waitEnded = slot.await(signals, operation, Timeout.FOREVER);
        } finally {
            waiterDone = true;
            LockSupport.unpark(poller);
        }
    }

    /**
     * The poller, as a level-triggered selector drives it: reports the channel ready once (the
     * readiness that races the waiter), then again whenever any of {@code readyBits} is in the
     * interest, and blocks while none is, until a waiter says it added interest; until the
     * waiter is done. (A report while another thread changes the interest changes nothing; the
     * real selector would report again at its next select, and so does this loop.)
     */
    private static void poll(int readyBits) {
        slot.ready();
        while (!waiterDone) {
            if ((key.interest() & readyBits) != 0) {
                slot.ready();
            } else {
                LockSupport.park(); // a select with nothing to report, until interest comes
            }
        }
    }

    private static void checkSettled(int bits) {
        String state = slot.stateName();
        check(state.equals("DISARMED") || state.equals("ARMED"),
                () -> "a thread or a change left in the slot: " + describe());
        check(!(state.equals("DISARMED") && (key.interest() & bits) != 0),
                () -> "interest registered with nobody waiting: " + describe());
        check(!(state.equals("ARMED") && (key.interest() & bits) == 0),
                () -> "ARMED without its interest: " + describe());
    }

    private static String describe() {
        return "state " + slot.stateName() + ", interest " + key.interest();
    }

    /**
     * The poller finds an ARMED slot ready (nobody waits, so it takes the interest out) just as a
     * waiter arrives: the waiter must be woken, and the interest left in only if the slot is
     * ARMED. (Defect: the poller removed the interest, the waiter took ARMED and added it back,
     * and the poller then moved the waiter's state to DISARMED: interest registered with nobody
     * waiting, reported on every select.)
     */
    @Test
    void theRemovalOfAnInterestRacesAWaiter() {
        explore(() -> {
            newSlot(READING);
            armWith(OP_READ);
            Thread pollerThread = Schedules.thread(() -> poll(OP_READ));
            poller = pollerThread;
            concurrentlyWith(pollerThread, () -> waitFor(OP_READ));
            check(waitEnded, () -> "the wait did not end by readiness");
            checkSettled(READING);
        });
    }

    /**
     * A connect's disarm (its interest can only fire uselessly now) races a send that starts to
     * wait on the same slot. (Defect: the disarm cleared the state before it removed the
     * interest, so the send's OP_WRITE, added in between, was removed under it and the send
     * never woke.)
     */
    @Test
    void aConnectsDisarmRacesASend() {
        explore(() -> {
            newSlot(WRITING);
            armWith(OP_CONNECT | OP_WRITE);
            Thread pollerThread = Schedules.thread(() -> poll(OP_WRITE));
            poller = pollerThread;
            concurrentlyWith(pollerThread, () -> waitFor(OP_WRITE), () -> slot.disarm());
            check(waitEnded, () -> "the send's wait did not end by readiness");
            checkSettled(WRITING);
        });
    }

    /**
     * A waiter whose operations the ARMED interest lacks (a connect's OP_CONNECT where a send
     * left OP_WRITE) arrives while the poller reports the channel again and again. (A check
     * made after taking the state could go stale: the poller handed the state back to ARMED,
     * took the interest out, and the waiter's late add then left interest with nobody.)
     */
    @Test
    void aWaiterLackingSomeInterestRacesThePoller() {
        explore(() -> {
            newSlot(WRITING);
            armWith(OP_WRITE);
            Thread pollerThread = Schedules.thread(() -> poll(WRITING));
            poller = pollerThread;
            concurrentlyWith(pollerThread, () -> waitFor(OP_CONNECT | OP_WRITE));
            check(waitEnded, () -> "the wait did not end by readiness");
            checkSettled(WRITING);
        });
    }

    /** Close (the key cancelled, then the slot retired) ends a wait that starts at any moment. */
    @Test
    void closeEndsAWaitWhenever() {
        explore(() -> {
            newSlot(READING);
            poller = Thread.currentThread(); // nothing polls: only close ends the wait
            concurrently(() -> waitFor(OP_READ), () -> {
                key.cancel(); // as Registration.retire does
                slot.retire();
            });
            check(waitEnded, () -> "the wait did not say it was woken");
            check(!slot.stateName().equals("WAITING"), () -> "the waiter is still in the slot");
        });
    }

    /** A wake (shutdown("receive")) ends a wait that starts at any moment, or the next one. */
    @Test
    void aWakeEndsTheCurrentWaitOrTheNext() {
        explore(() -> {
            newSlot(READING);
            poller = Thread.currentThread();
            concurrently(() -> waitFor(OP_READ), () -> {
                signals.wake(); // as SocketWaits.wakeReader does
                slot.unparkWaiter();
            });
            check(waitEnded, () -> "the wait did not say it was woken");
        });
    }

    /** Starts the poller, runs the other steps beside it, and joins it. */
    private static void concurrentlyWith(Thread pollerThread, Schedules.Step... steps)
            throws InterruptedException {
        pollerThread.start();
        try {
            concurrently(steps);
        } finally {
            waiterDone = true;
            LockSupport.unpark(pollerThread);
            pollerThread.join();
        }
    }
}
