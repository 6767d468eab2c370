package io.loomsocket.internal.transport;

import static java.nio.channels.SelectionKey.OP_ACCEPT;
import static java.nio.channels.SelectionKey.OP_CONNECT;
import static java.nio.channels.SelectionKey.OP_READ;
import static java.nio.channels.SelectionKey.OP_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.TcpException;
import io.loomsocket.internal.engine.IoFailure;
import io.loomsocket.internal.engine.Timeout;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each transition of a {@link WaitSlot}'s state machine (the diagram in its class comment), in a
 * fixed order of steps, with the state, the key's interest, the poller's wakeups, the armed
 * deadline and the timer's entries checked after each step. Another thread's step inside a
 * method (the poller's report while a waiter arrives, a close while the interest is added) is
 * run at its exact point by the key ({@link ScriptedKey}) or at the wakeup; a waiter that is not
 * the test's thread is a thread object that never runs, which is all a slot keeps of it. Only
 * the waits that park use a second thread, and the test acts on it only once it is seen parked.
 *
 * <p>These are the interleavings of {@code WaitSlotScheduleTest} made one at a time, so that
 * the mutation run (which cannot run the model checker) has tests that fail on a wrong step.
 */
class WaitSlotStepsTest {
    private static final int READING = OP_READ | OP_ACCEPT;
    private static final int WRITING = OP_WRITE | OP_CONNECT;
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    private final ScriptedKey key = new ScriptedKey();
    private final AtomicInteger wakeups = new AtomicInteger();
    /** A step run at the next wakeup of the poller, once (the poller's reply to new interest). */
    private Runnable atWakeup;
    private final DeadlineTimer timer = new DeadlineTimer(false);
    private final WaitSignals signals = new WaitSignals();
    private final WaitSlot reading = slot(READING);
    private final WaitSlot writing = slot(WRITING);
    /** A waiter other than the test's thread; a slot only compares it and unparks it. */
    private final Thread other = Thread.ofPlatform().unstarted(() -> { });
    private final Thread me = Thread.currentThread();

    private WaitSlot slot(int interest) {
        return new WaitSlot(key, interest, () -> {
            wakeups.incrementAndGet();
            Runnable step = atWakeup;
            atWakeup = null;
            if (step != null) {
                step.run();
            }
        }, timer);
    }

    @AfterEach
    void spendPermitAndFlag() {
        Thread.interrupted();
        Parking.clearPermit();
    }

    private void check(WaitSlot slot, String state, int interest, int wakeupCount) {
        assertEquals(state, slot.stateName(), "state");
        assertEquals(interest, key.interest(), "interest");
        assertEquals(wakeupCount, wakeups.get(), "wakeups of the poller");
    }

    /** Takes the slot to ARMED with {@code operation}'s interest, through a waiter that left. */
    private void arm(WaitSlot slot, int operation) {
        assertTrue(slot.enter(other, operation));
        assertTrue(slot.leave(other));
        assertEquals("ARMED", slot.stateName());
    }

    // The transitions of enter, leave, ready and disarm, one step at a time.

    @Test
    void aFirstWaiterAddsItsInterestAndWakesThePollerThenLeavesTheSlotArmed() {
        check(reading, "DISARMED", 0, 0);
        key.beforeAdd(() -> assertEquals("WAITING", reading.stateName(),
                "a waiter from DISARMED takes the state before it adds its interest"));
        assertTrue(reading.enter(other, OP_READ));
        check(reading, "WAITING", OP_READ, 1);
        assertTrue(reading.isWaiter(other));
        assertFalse(reading.isWaiter(me));
        assertTrue(reading.leave(other));
        check(reading, "ARMED", OP_READ, 1);
        assertFalse(reading.isWaiter(other));
        assertFalse(reading.leave(other), "a second leave finds the slot ARMED");
        check(reading, "ARMED", OP_READ, 1);
        assertNull(reading.armedDeadline);
        assertEquals(0, timer.armedCount());
    }

    @Test
    void aWaiterFindingItsInterestArmedTakesTheSlotWithNoChange() {
        arm(reading, OP_READ);
        check(reading, "ARMED", OP_READ, 1);
        assertTrue(reading.enter(other, OP_READ));
        check(reading, "WAITING", OP_READ, 1); // no interest added, no wakeup
        assertTrue(reading.leave(other));
        check(reading, "ARMED", OP_READ, 1);
    }

    @Test
    void aWaiterLackingSomeInterestAddsItFromChangingThenTakesTheSlot() {
        arm(writing, OP_WRITE);
        check(writing, "ARMED", OP_WRITE, 1);
        key.beforeAdd(() -> assertEquals("CHANGING", writing.stateName(),
                "the missing interest is added from CHANGING, before the waiter takes the state"));
        assertTrue(writing.enter(other, OP_CONNECT | OP_WRITE));
        check(writing, "WAITING", OP_CONNECT | OP_WRITE, 2);
        assertTrue(writing.leave(other));
        check(writing, "ARMED", OP_CONNECT | OP_WRITE, 2);
    }

    @Test
    void readinessHandsAWaitersStateBackToArmedAndUnparksIt() {
        assertTrue(reading.enter(me, OP_READ));
        Parking.clearPermit();
        reading.ready();
        check(reading, "ARMED", OP_READ, 1);
        Parking.assertUnparked("the waiter of a ready slot");
        assertFalse(reading.leave(me), "the poller took the state from the waiter");
        check(reading, "ARMED", OP_READ, 1);
    }

    @Test
    void readinessWithNobodyWaitingTakesOutThatSlotsInterestOnly() {
        arm(writing, OP_WRITE);
        arm(reading, OP_READ);
        check(reading, "ARMED", OP_READ | OP_WRITE, 2);
        key.beforeRemove(() -> assertEquals("CHANGING", reading.stateName()));
        reading.ready();
        check(reading, "DISARMED", OP_WRITE, 2);
        assertEquals("ARMED", writing.stateName());
    }

    @Test
    void aStaleReportOnADisarmedSlotTakesOutInterestNobodyStandsFor() {
        key.setInterest(OP_READ);
        reading.ready();
        check(reading, "DISARMED", 0, 0);
    }

    @Test
    void aReportWhileTheSlotChangesIsLeftToTheChanger() {
        arm(reading, OP_READ);
        key.beforeRemove(() -> {
            reading.ready(); // the poller's next report, while a disarm takes the interest out
            reading.disarm();
            assertEquals("CHANGING", reading.stateName());
            assertEquals(OP_READ, key.interest());
        });
        reading.disarm();
        check(reading, "DISARMED", 0, 1);
    }

    @Test
    void aWaiterArrivingWhileThePollerTakesTheInterestOutPutsItBackWithNoWakeup() {
        arm(reading, OP_READ);
        key.beforeRemove(() -> {
            assertTrue(reading.enter(other, OP_READ));
            check(reading, "WAITING", OP_READ, 1); // the changer puts the interest back
        });
        reading.ready();
        // On the poller's thread: the next select includes the interest, no wakeup needed.
        check(reading, "WAITING", OP_READ, 1);
        assertTrue(reading.isWaiter(other));
    }

    @Test
    void aWaiterArrivingWhileADisarmTakesTheInterestOutPutsItsOwnBackAndWakesThePoller() {
        arm(writing, OP_CONNECT | OP_WRITE);
        check(writing, "ARMED", OP_CONNECT | OP_WRITE, 1);
        key.beforeRemove(() -> {
            assertTrue(writing.enter(other, OP_WRITE)); // a send, as the connect is done
            check(writing, "WAITING", OP_CONNECT | OP_WRITE, 1);
        });
        writing.disarm();
        // The waiter's interest (not the slot's whole set) is back, and the poller, which may
        // be blocked in select without it, is woken.
        check(writing, "WAITING", OP_WRITE, 2);
    }

    @Test
    void disarmTakesOutOnlyAnArmedSlotsInterest() {
        writing.disarm();
        check(writing, "DISARMED", 0, 0);
        assertTrue(writing.enter(other, OP_WRITE));
        writing.disarm();
        check(writing, "WAITING", OP_WRITE, 1);
        assertTrue(writing.leave(other));
        writing.disarm();
        check(writing, "DISARMED", 0, 1);
    }

    @Test
    void aWaiterThatFindsTheSlotChangedUnderItLooksAgain() {
        arm(reading, OP_READ);
        // Between the waiter's look at ARMED and its compare-and-set, the poller reports the
        // socket (nobody waits) and takes the interest out: the waiter starts again from
        // DISARMED and adds the interest itself.
        key.beforeInterestRead(reading::ready);
        assertTrue(reading.enter(other, OP_READ));
        check(reading, "WAITING", OP_READ, 2);
        assertTrue(reading.isWaiter(other));
    }

    @Test
    void aWaiterWhoseInterestGoesBetweenItsLookAndItsCompareAndSetLooksAgain() {
        arm(reading, OP_READ);
        // The waiter reads its interest all there, then, before its compare-and-set from ARMED,
        // the poller reports the socket (nobody waits yet) and takes the interest out: the
        // compare-and-set fails, and the waiter starts again from DISARMED.
        key.afterInterestRead(() -> {
            reading.ready();
            check(reading, "DISARMED", 0, 1);
        });
        assertTrue(reading.enter(other, OP_READ));
        check(reading, "WAITING", OP_READ, 2);
        assertTrue(reading.isWaiter(other));
    }

    @Test
    void aWaiterLackingSomeInterestThatFindsTheSlotChangedUnderItLooksAgain() {
        arm(writing, OP_WRITE);
        key.beforeInterestRead(writing::ready);
        assertTrue(writing.enter(other, OP_CONNECT | OP_WRITE));
        check(writing, "WAITING", OP_CONNECT | OP_WRITE, 2);
        assertTrue(writing.isWaiter(other));
    }

    @Test
    void twoWaitersOnOneDirectionAreRefused() {
        assertTrue(reading.enter(other, OP_READ));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> reading.enter(me, OP_READ));
        assertTrue(e.getMessage().startsWith("two threads wait on one direction: "),
                e.getMessage());
        check(reading, "WAITING", OP_READ, 1);
        assertTrue(reading.isWaiter(other));
    }

    // A cancelled key (the channel retired) at each point.

    @Test
    void aCancelledKeyTurnsAFirstWaiterAwayAndLeavesTheSlotDisarmed() {
        key.cancel();
        assertFalse(reading.enter(other, OP_READ));
        check(reading, "DISARMED", 0, 0);
    }

    @Test
    void aCancelledKeyTurnsAWaiterAwayFromAnArmedSlot() {
        arm(reading, OP_READ);
        key.cancel();
        assertFalse(reading.enter(other, OP_READ));
        check(reading, "ARMED", OP_READ, 1);
    }

    @Test
    void aKeyCancelledBeforeTheMissingInterestIsAddedLeavesTheSlotDisarmed() {
        arm(writing, OP_WRITE);
        key.beforeAdd(key::cancel);
        assertFalse(writing.enter(other, OP_CONNECT | OP_WRITE));
        check(writing, "DISARMED", OP_WRITE, 1);
    }

    @Test
    void aKeyCancelledBeforeAReportTakesTheInterestOutLeavesTheSlotDisarmed() {
        arm(reading, OP_READ);
        key.cancel();
        reading.ready();
        check(reading, "DISARMED", OP_READ, 1);
    }

    @Test
    void aKeyCancelledAsAWaiterArrivesDuringADisarmIsLeftToTheWaiter() {
        arm(writing, OP_WRITE);
        key.beforeRemove(() -> {
            assertTrue(writing.enter(other, OP_WRITE));
            key.cancel();
        });
        writing.disarm();
        check(writing, "WAITING", OP_WRITE, 1); // no interest to put back, and no wakeup
    }

    // Waking the waiter, retiring, and the armed deadline.

    @Test
    void unparkWaiterUnparksTheThreadInTheState() {
        assertTrue(reading.enter(me, OP_READ));
        Parking.clearPermit();
        reading.unparkWaiter();
        Parking.assertUnparked("the waiter");
        check(reading, "WAITING", OP_READ, 1);
    }

    @Test
    void retireWakesTheWaiterAndDropsItsDeadline() {
        assertTrue(reading.enter(me, OP_READ));
        reading.armDeadline(System.nanoTime() + HOUR);
        DeadlineTimer.Entry armed = reading.armedDeadline;
        assertNotNull(armed);
        assertTrue(timer.holds(armed));
        assertTrue(reading.isLive());
        Parking.clearPermit();
        key.cancel();
        reading.retire();
        Parking.assertUnparked("the waiter of a retired slot");
        assertFalse(reading.isLive());
        assertNull(reading.armedDeadline);
        assertEquals(0, timer.armedCount());
    }

    @Test
    void aPassedDeadlineIsClearedAndItsWaiterUnparked() {
        assertTrue(reading.enter(me, OP_READ));
        reading.armDeadline(System.nanoTime() - 1);
        DeadlineTimer.Entry armed = reading.armedDeadline;
        Parking.clearPermit();
        assertEquals(-1, timer.fireDue());
        Parking.assertUnparked("the waiter of a passed deadline");
        assertNull(reading.armedDeadline);
        assertFalse(timer.holds(armed));
    }

    @Test
    void aPassedDeadlineThatIsNoLongerTheArmedOneLeavesTheArmedOne() {
        reading.armDeadline(System.nanoTime() + HOUR);
        DeadlineTimer.Entry armed = reading.armedDeadline;
        reading.deadlinePassed(new DeadlineTimer.Entry(armed.deadlineNanos(), -1));
        assertSame(armed, reading.armedDeadline);
        assertTrue(reading.replaceArmedDeadline(armed, null));
        assertFalse(reading.replaceArmedDeadline(armed, null));
    }

    // await on the test's thread: ends that need no park.

    @Test
    void aWaitOfNoTimeTimesOutAndLeavesTheSlotArmed() throws IoFailure {
        assertFalse(reading.await(signals, OP_READ, 0));
        check(reading, "ARMED", OP_READ, 1);
        assertNull(reading.armedDeadline);
        assertEquals(0, timer.armedCount());
        assertFalse(reading.await(signals, OP_READ, 0));
        check(reading, "ARMED", OP_READ, 1);
    }

    @Test
    void aWakeAskedForBeforeTheWaitEndsItAtOnceAndIsSpent() throws IoFailure {
        signals.wake();
        assertTrue(reading.await(signals, OP_READ, Timeout.FOREVER));
        assertFalse(signals.takeWake(), "the wake was spent");
        check(reading, "ARMED", OP_READ, 1);
        assertEquals(0, timer.armedCount());
    }

    @Test
    void anInterruptedWaiterFailsKeepsItsFlagAndLeaves() {
        me.interrupt();
        IoFailure e = assertThrows(IoFailure.class,
                () -> reading.await(signals, OP_READ, Timeout.FOREVER));
        assertEquals(TcpException.Kind.INTERRUPTED, e.kind());
        assertEquals("interrupted", e.getMessage());
        assertTrue(Thread.interrupted(), "the flag stays set");
        check(reading, "ARMED", OP_READ, 1);
    }

    @Test
    void aKeyCancelledBeforeTheWaitEndsItWithoutTakingTheSlot() throws IoFailure {
        key.cancel();
        assertTrue(reading.await(signals, OP_READ, Timeout.FOREVER));
        check(reading, "DISARMED", 0, 0);
    }

    @Test
    void aWaitTurnedAwayByACancelledKeyLeavesAWakeForTheNextWait() throws IoFailure {
        key.cancel();
        signals.wake();
        assertTrue(reading.await(signals, OP_READ, Timeout.FOREVER));
        assertTrue(signals.takeWake(), "the wake is still there");
    }

    @Test
    void aKeyCancelledAsTheWaitBeginsEndsIt() throws IoFailure {
        atWakeup = key::cancel;
        assertTrue(reading.await(signals, OP_READ, Timeout.FOREVER));
        check(reading, "ARMED", OP_READ, 1);
    }

    @Test
    void readinessAsTheWaitBeginsEndsItAndSpendsTheWakeThatCameWithIt() throws IoFailure {
        atWakeup = () -> {
            signals.wake();
            reading.ready(); // the poller, answering the wakeup at once
        };
        assertTrue(reading.await(signals, OP_READ, Timeout.FOREVER));
        assertFalse(signals.takeWake(), "the wake was spent with the readiness");
        check(reading, "ARMED", OP_READ, 1);
    }

    // await with a park: the waiter on a thread of its own, acted on once seen parked.

    /** Starts a thread that waits on {@code slot} for {@code nanos}, its outcome in the result. */
    private Thread waiter(WaitSlot slot, int operation, long nanos,
            AtomicReference<Object> outcome) {
        return Thread.ofPlatform().daemon().name("waiter").start(() -> {
            try {
                outcome.set(slot.await(signals, operation, nanos));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
    }

    @Test
    void aTimedWaitArmsItsDeadlineKeepsItAcrossWaitsAndReplacesItByAnEarlierOne()
            throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        long before = System.nanoTime();
        Thread first = waiter(reading, OP_READ, HOUR, outcome);
        Parking.awaitParked(first, reading);
        check(reading, "WAITING", OP_READ, 1);
        DeadlineTimer.Entry armed = reading.armedDeadline;
        assertNotNull(armed, "a timed wait arms its deadline before it parks");
        assertTrue(armed.deadlineNanos() - before >= HOUR, "armed at the wait's deadline");
        assertTrue(armed.deadlineNanos() - System.nanoTime() <= HOUR);
        assertTrue(timer.holds(armed));
        assertEquals(1, timer.armedCount());
        reading.ready();
        Parking.join(first);
        assertEquals(true, outcome.get());
        check(reading, "ARMED", OP_READ, 1);
        assertSame(armed, reading.armedDeadline, "the deadline stays armed across waits");

        Thread later = waiter(reading, OP_READ, 2 * HOUR, outcome);
        Parking.awaitParked(later, reading);
        assertSame(armed, reading.armedDeadline, "a later wait keeps the earlier deadline");
        assertEquals(1, timer.armedCount());
        reading.ready();
        Parking.join(later);
        assertEquals(true, outcome.get());

        Thread earlier = waiter(reading, OP_READ, HOUR / 2, outcome);
        Parking.awaitParked(earlier, reading);
        DeadlineTimer.Entry replaced = reading.armedDeadline;
        assertNotSame(armed, replaced, "an earlier wait arms its own deadline");
        assertTrue(replaced.deadlineNanos() - armed.deadlineNanos() < 0);
        assertFalse(timer.holds(armed));
        assertTrue(timer.holds(replaced));
        assertEquals(1, timer.armedCount());
        signals.wake(); // as SocketWaits.wakeReader does
        reading.unparkWaiter();
        Parking.join(earlier);
        assertEquals(true, outcome.get());
        assertFalse(signals.takeWake(), "the wake was spent");
        check(reading, "ARMED", OP_READ, 1);
    }

    @Test
    void anEarlierDeadlineFiringWakesTheWaiterToArmItsOwn() throws Exception {
        reading.armDeadline(System.nanoTime() - 1); // left by an earlier wait, passed now
        DeadlineTimer.Entry passed = reading.armedDeadline;
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread waiter = waiter(reading, OP_READ, HOUR, outcome);
        Parking.awaitParked(waiter, reading);
        assertSame(passed, reading.armedDeadline, "the earlier deadline is kept");
        timer.fireDue();
        Parking.awaitParked(waiter, reading, () -> reading.armedDeadline != null);
        DeadlineTimer.Entry own = reading.armedDeadline;
        assertNotSame(passed, own);
        assertTrue(own.deadlineNanos() - System.nanoTime() > HOUR / 2, "the wait's own deadline");
        assertTrue(timer.holds(own));
        assertEquals(1, timer.armedCount());
        check(reading, "WAITING", OP_READ, 1);
        reading.ready();
        Parking.join(waiter);
        assertEquals(true, outcome.get());
    }

    @Test
    void aTimedWaitWhoseDeadlinePassesWhileParkedTimesOut() throws Exception {
        // The waiter must park before its deadline; on a machine too busy for that, it times
        // out before parking, and the step is tried again with a longer wait (a few times).
        for (long nanos = TimeUnit.MILLISECONDS.toNanos(100); ; nanos *= 2) {
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread waiter = waiter(reading, OP_READ, nanos, outcome);
            Parking.awaitParkedOrEnded(waiter, reading);
            if (!waiter.isAlive() && nanos < TimeUnit.SECONDS.toNanos(2)) {
                assertEquals(false, outcome.get());
                continue;
            }
            DeadlineTimer.Entry armed = reading.armedDeadline;
            assertNotNull(armed);
            while (armed.deadlineNanos() - System.nanoTime() >= 0) {
                Thread.sleep(5);
            }
            assertEquals(-1, timer.fireDue(), "the waiter does not arm again: its time is up");
            Parking.join(waiter);
            assertEquals(false, outcome.get());
            assertNull(reading.armedDeadline);
            assertEquals(0, timer.armedCount());
            check(reading, "ARMED", OP_READ, 1);
            return;
        }
    }

    @Test
    void closeEndsAParkedWait() throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread waiter = waiter(reading, OP_READ, Timeout.FOREVER, outcome);
        Parking.awaitParked(waiter, reading);
        assertNull(reading.armedDeadline, "a wait with no limit arms no deadline");
        assertEquals(0, timer.armedCount());
        key.cancel(); // as Registration.retire does
        reading.retire();
        Parking.join(waiter);
        assertEquals(true, outcome.get());
        check(reading, "ARMED", OP_READ, 1);
    }

    @Test
    void anInterruptEndsAParkedWait() throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread waiter = waiter(reading, OP_READ, Timeout.FOREVER, outcome);
        Parking.awaitParked(waiter, reading);
        waiter.interrupt();
        Parking.join(waiter);
        IoFailure e = assertInstanceOf(IoFailure.class, outcome.get());
        assertEquals(TcpException.Kind.INTERRUPTED, e.kind());
        check(reading, "ARMED", OP_READ, 1);
    }
}
