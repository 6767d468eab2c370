package io.loomsocket.internal.transport;

import static io.loomsocket.internal.transport.Schedules.check;
import static io.loomsocket.internal.transport.Schedules.concurrently;
import static io.loomsocket.internal.transport.Schedules.explore;
import static java.nio.channels.SelectionKey.OP_ACCEPT;
import static java.nio.channels.SelectionKey.OP_READ;

import io.loomsocket.internal.engine.Timeout;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Every interleaving (up to {@link Schedules#INVOCATIONS}) of a select's wait, one thread the
 * waiter of two sockets' slots at once ({@link SelectWait#awaitSlots}), with the poller finding
 * one of them ready, and with close: the wait ends, and each slot is left with its interest in
 * the selector exactly when someone may need it (W1 to W3, slot by slot).
 */
class SelectWaitScheduleTest {
    private static final int READING = OP_READ | OP_ACCEPT;

    // Shared by the scenario's threads: static, so that the model checker sees every access.
    private static FakeKey firstKey;
    private static FakeKey secondKey;
    private static WaitSlot first;
    private static WaitSlot second;
    private static WaitSignals firstSignals;
    private static WaitSignals secondSignals;
    private static Thread poller;
    private static volatile boolean selectDone;
    private static volatile boolean selectWoken;
    private static final SelectorWakeup WAKE_POLLER = () -> LockSupport.unpark(poller);

    private static void newSlots() {
        DeadlineTimer timer = new DeadlineTimer(false);
        firstKey = new FakeKey();
        secondKey = new FakeKey();
        first = new WaitSlot(firstKey, READING, WAKE_POLLER, timer);
        second = new WaitSlot(secondKey, READING, WAKE_POLLER, timer);
        firstSignals = new WaitSignals();
        secondSignals = new WaitSignals();
        selectDone = false;
        selectWoken = false;
    }

    /** The select: waits on both slots with no time limit, then tells the poller it is over. */
    private static void select() throws Exception {
        try {
            selectWoken = SelectWait.awaitSlots(new WaitSlot[] {first, second},
                    new int[] {OP_READ, OP_READ},
                    new WaitSignals[] {firstSignals, secondSignals}, Timeout.FOREVER);
        } finally {
            selectDone = true;
            LockSupport.unpark(poller);
        }
    }

    /**
     * The poller, for a channel of {@code key} that is readable for good: reports it while its
     * interest is set, blocks while it is not, until the select is done.
     */
    private static void pollReadable(WaitSlot slot, FakeKey key) {
        while (!selectDone) {
            if ((key.interest() & OP_READ) != 0) {
                slot.ready();
            } else {
                LockSupport.park();
            }
        }
    }

    private static void checkSettled(WaitSlot slot, FakeKey key, String which) {
        String state = slot.stateName();
        check(state.equals("DISARMED") || state.equals("ARMED"),
                () -> which + ": a thread or a change left in the slot: " + state);
        check(!(state.equals("DISARMED") && (key.interest() & READING) != 0),
                () -> which + ": interest registered with nobody waiting");
        check(!(state.equals("ARMED") && (key.interest() & READING) == 0),
                () -> which + ": ARMED without its interest");
    }

    /** The second socket becomes readable while the select enters its slots, or after. */
    @Test
    void aSelectEndsWhenOneOfItsSocketsIsReady() {
        explore(() -> {
            newSlots();
            Thread pollerThread = Schedules.thread(() -> pollReadable(second, secondKey));
            poller = pollerThread;
            pollerThread.start();
            try {
                concurrently(() -> select());
            } finally {
                selectDone = true;
                LockSupport.unpark(pollerThread);
                pollerThread.join();
            }
            check(selectWoken, () -> "the select did not end by readiness");
            checkSettled(first, firstKey, "the first slot");
            checkSettled(second, secondKey, "the second slot");
        });
    }

    /** One of the sockets is closed (its key cancelled, its slot retired) during the select. */
    @Test
    void aCloseOfOneSocketEndsASelect() {
        explore(() -> {
            newSlots();
            poller = Thread.currentThread(); // nothing polls
            concurrently(() -> select(), () -> {
                firstKey.cancel(); // as Registration.retire does
                first.retire();
            });
            check(selectWoken, () -> "the select did not say it was woken");
            check(!second.stateName().equals("WAITING"), () -> "the select is still the waiter"
                    + " of the socket nobody closed");
        });
    }

    /** A wake of the second socket (shutdown("receive")) ends a select that waits on both. */
    @Test
    void aWakeOfOneSocketEndsASelect() {
        explore(() -> {
            newSlots();
            poller = Thread.currentThread();
            concurrently(() -> select(), () -> {
                secondSignals.wake(); // as SocketWaits.wakeReader does
                second.unparkWaiter();
            });
            check(selectWoken, () -> "the select did not say it was woken");
        });
    }
}
