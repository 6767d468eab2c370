package io.loomsocket.internal.transport;

import static java.nio.channels.SelectionKey.OP_ACCEPT;
import static java.nio.channels.SelectionKey.OP_READ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link DeadlineTimer}'s steps in a fixed order, on a timer made for the test: arming a
 * deadline, keeping a not-later one, replacing a later one, firing the due entries (and only
 * those) in deadline order, disarming, a retired slot's deadline; and the thread of a timer that
 * runs one, which a new deadline must wake when it comes first. (The process's timer runs from
 * the first wait of the test run on, so only a timer made here runs this class's code from its
 * first step.)
 */
class DeadlineTimerStepsTest {
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    private final DeadlineTimer timer = new DeadlineTimer(false);

    private WaitSlot slot(DeadlineTimer of) {
        return new WaitSlot(new ScriptedKey(), OP_READ | OP_ACCEPT, () -> { }, of);
    }

    @AfterEach
    void spendPermit() {
        Parking.clearPermit();
    }

    @Test
    void anEmptyTimerHasNothingToFire() {
        assertEquals(0, timer.armedCount());
        assertEquals(-1, timer.fireDue());
    }

    @Test
    void aDeadlineIsArmedOnceThenKeptWhileNotLaterAndReplacedByAnEarlierOne() {
        WaitSlot slot = slot(timer);
        long now = System.nanoTime();
        timer.arm(slot, now + 2 * HOUR);
        DeadlineTimer.Entry first = slot.armedDeadline;
        assertNotNull(first);
        assertEquals(now + 2 * HOUR, first.deadlineNanos());
        assertTrue(timer.holds(first));
        assertEquals(1, timer.armedCount());

        timer.arm(slot, now + 3 * HOUR);
        assertSame(first, slot.armedDeadline, "a later deadline keeps the armed one");
        timer.arm(slot, now + 2 * HOUR);
        assertSame(first, slot.armedDeadline, "an equal deadline keeps the armed one");
        assertEquals(1, timer.armedCount());

        timer.arm(slot, now + HOUR);
        DeadlineTimer.Entry earlier = slot.armedDeadline;
        assertNotSame(first, earlier, "an earlier deadline replaces the armed one");
        assertEquals(now + HOUR, earlier.deadlineNanos());
        assertTrue(timer.holds(earlier));
        assertFalse(timer.holds(first), "the replaced entry leaves the timer");
        assertEquals(1, timer.armedCount());

        long untilNext = timer.fireDue();
        assertTrue(untilNext > 0 && untilNext <= HOUR, "nothing is due: " + untilNext);
        assertSame(earlier, slot.armedDeadline);
        assertEquals(1, timer.armedCount());
    }

    @Test
    void theDueEntriesFireInDeadlineOrderAndWakeTheirSlotsTheOthersStay() {
        WaitSlot first = slot(timer);
        WaitSlot second = slot(timer);
        WaitSlot later = slot(timer);
        WaitSlot alsoLater = slot(timer);
        Thread me = Thread.currentThread();
        assertTrue(first.enter(me, OP_READ));
        long now = System.nanoTime();
        timer.arm(later, now + HOUR);
        timer.arm(alsoLater, now + HOUR); // the same deadline: entries of the same time coexist
        timer.arm(second, now - 1_000);
        timer.arm(first, now - 2_000);
        assertEquals(4, timer.armedCount());
        DeadlineTimer.Entry laterEntry = later.armedDeadline;
        DeadlineTimer.Entry alsoLaterEntry = alsoLater.armedDeadline;
        Parking.clearPermit();

        long untilNext = timer.fireDue();
        assertTrue(untilNext > 0 && untilNext <= HOUR, "the next deadline is in an hour: "
                + untilNext);
        Parking.assertUnparked("the waiter of a fired slot");
        assertNull(first.armedDeadline);
        assertNull(second.armedDeadline);
        assertSame(laterEntry, later.armedDeadline);
        assertSame(alsoLaterEntry, alsoLater.armedDeadline);
        assertEquals(2, timer.armedCount());
        assertTrue(timer.holds(laterEntry) && timer.holds(alsoLaterEntry));
    }

    @Test
    void entriesOrderByDeadlineAcrossTheWrapOfNanoTimeThenByAge() {
        DeadlineTimer.Entry early = new DeadlineTimer.Entry(5, 2);
        DeadlineTimer.Entry late = new DeadlineTimer.Entry(7, 1);
        assertEquals(-1, early.compareTo(late));
        assertEquals(1, late.compareTo(early));
        DeadlineTimer.Entry older = new DeadlineTimer.Entry(5, 1);
        assertTrue(older.compareTo(early) < 0, "the same deadline: the older entry first");
        assertTrue(early.compareTo(older) > 0);
        assertEquals(0, early.compareTo(new DeadlineTimer.Entry(5, 2)));
        // nanoTime values compare by their difference, which stays right where they wrap.
        DeadlineTimer.Entry beforeWrap = new DeadlineTimer.Entry(Long.MAX_VALUE, 1);
        DeadlineTimer.Entry afterWrap = new DeadlineTimer.Entry(Long.MIN_VALUE, 2);
        assertEquals(-1, beforeWrap.compareTo(afterWrap));
        assertEquals(1, afterWrap.compareTo(beforeWrap));
    }

    @Test
    void disarmForgetsTheArmedEntryAndAnotherArmsAfresh() {
        WaitSlot slot = slot(timer);
        timer.disarm(slot);
        assertNull(slot.armedDeadline);
        timer.arm(slot, System.nanoTime() + HOUR);
        DeadlineTimer.Entry armed = slot.armedDeadline;
        timer.disarm(slot);
        assertNull(slot.armedDeadline);
        assertFalse(timer.holds(armed));
        assertEquals(0, timer.armedCount());
        timer.arm(slot, System.nanoTime() + 2 * HOUR);
        assertNotNull(slot.armedDeadline, "a later deadline is armed once nothing is");
        assertEquals(1, timer.armedCount());
    }

    @Test
    void aDeadlineArmedForARetiredSlotIsDropped() {
        WaitSlot slot = slot(timer);
        slot.key.cancel();
        timer.arm(slot, System.nanoTime() + HOUR);
        assertNull(slot.armedDeadline);
        assertEquals(0, timer.armedCount());
    }

    @Test
    void anEarlierDeadlineForASlotRetiredMeanwhileDropsBothEntries() {
        WaitSlot slot = slot(timer);
        timer.arm(slot, System.nanoTime() + 2 * HOUR);
        slot.key.cancel(); // retired, its deadline not disarmed yet
        timer.arm(slot, System.nanoTime() + HOUR);
        assertNull(slot.armedDeadline);
        assertEquals(0, timer.armedCount());
    }

    /**
     * A timer with its own thread: started at the first deadline armed (once), asleep until its
     * first deadline, woken by a new first one, firing it on time, and staying asleep when it
     * is interrupted (a program launcher interrupts every daemon thread as it ends).
     */
    @Test
    void aTimersThreadSleepsUntilItsFirstDeadlineAndAnEarlierOneWakesIt() throws Exception {
        DeadlineTimer threaded = new DeadlineTimer(true);
        WaitSlot far = slot(threaded);
        threaded.arm(far, System.nanoTime() + HOUR);
        Thread thread = threaded.thread();
        assertNotNull(thread);
        assertSame(thread, threaded.thread(), "one thread");
        assertTrue(thread.isDaemon());
        assertEquals("loomsocket-deadlines", thread.getName());
        Parking.awaitParked(thread, threaded);
        assertEquals(Thread.State.TIMED_WAITING, thread.getState(), "asleep until its deadline");

        WaitSlot near = slot(threaded);
        WaitSignals signals = new WaitSignals();
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread waiter = Thread.ofPlatform().daemon().start(() -> {
            try {
                outcome.set(near.await(signals, OP_READ, TimeUnit.MILLISECONDS.toNanos(50)));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        Parking.join(waiter);
        assertEquals(false, outcome.get(), "the wait timed out");
        assertNull(near.armedDeadline);
        assertEquals(1, threaded.armedCount());

        thread.interrupt();
        Parking.awaitParked(thread, threaded, () -> !thread.isInterrupted());
        threaded.disarm(far);
        assertEquals(0, threaded.armedCount());
    }

    @Test
    void aTimersThreadIsStartedByItsFirstUse() {
        DeadlineTimer threaded = new DeadlineTimer(true);
        Thread thread = threaded.thread();
        assertNotNull(thread);
        assertSame(thread, threaded.thread());
        Parking.awaitParked(thread, threaded);
    }

    @Test
    void aTimersThreadWithNothingArmedParksWithoutALimit() {
        DeadlineTimer threaded = new DeadlineTimer(true);
        WaitSlot slot = slot(threaded);
        threaded.arm(slot, System.nanoTime() - 1); // due at once: the thread fires it
        Thread thread = threaded.thread();
        Parking.awaitParked(thread, threaded, () -> thread.getState() == Thread.State.WAITING);
        assertNull(slot.armedDeadline);
        assertEquals(0, threaded.armedCount());
    }
}
