package io.loomsocket.internal.transport;

import static java.nio.channels.SelectionKey.OP_ACCEPT;
import static java.nio.channels.SelectionKey.OP_READ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
 * A select's wait ({@link SelectWait#awaitSlots}: one thread the waiter of two sockets' slots at
 * once) in fixed orders of steps: a slot handed back to ARMED, a key cancelled, a wake, a zero
 * timeout or an interrupt before the wait would park, and the parked wait ended by readiness, a
 * wake or its deadline. After each, every slot it entered is left, each with its interest in.
 * The interleavings of {@code SelectWaitScheduleTest}, one at a time.
 */
class SelectWaitStepsTest {
    private static final int READING = OP_READ | OP_ACCEPT;
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    private final DeadlineTimer timer = new DeadlineTimer(false);
    private final Side first = new Side();
    private final Side second = new Side();

    /** One socket's reading direction: its key, slot, signals and the poller's wakeups. */
    private final class Side {
        final ScriptedKey key = new ScriptedKey();
        final AtomicInteger wakeups = new AtomicInteger();
        /** A step at this slot's next wakeup of the poller, once. */
        Runnable atWakeup;
        final WaitSlot slot = new WaitSlot(key, READING, () -> {
            wakeups.incrementAndGet();
            Runnable step = atWakeup;
            atWakeup = null;
            if (step != null) {
                step.run();
            }
        }, timer);
        final WaitSignals signals = new WaitSignals();

        void check(String state, int interest, int wakeupCount) {
            assertEquals(state, slot.stateName(), "state");
            assertEquals(interest, key.interest(), "interest");
            assertEquals(wakeupCount, wakeups.get(), "wakeups of the poller");
        }
    }

    @AfterEach
    void spendPermitAndFlag() {
        Thread.interrupted();
        Parking.clearPermit();
    }

    private boolean select(long nanos) throws IoFailure {
        return SelectWait.awaitSlots(new WaitSlot[] {first.slot, second.slot},
                new int[] {OP_READ, OP_READ},
                new WaitSignals[] {first.signals, second.signals}, nanos);
    }

    @Test
    void aSelectOfNoTimeEntersEverySlotAndLeavesThemArmed() throws IoFailure {
        assertFalse(select(0));
        first.check("ARMED", OP_READ, 1);
        second.check("ARMED", OP_READ, 1);
        assertNull(first.slot.armedDeadline);
        assertEquals(0, timer.armedCount());
        assertFalse(select(0));
        first.check("ARMED", OP_READ, 1);
        second.check("ARMED", OP_READ, 1);
    }

    @Test
    void aSlotHandedBackToArmedBeforeTheWaitBeginsEndsIt() throws IoFailure {
        second.atWakeup = first.slot::ready; // the poller finds the first socket ready
        assertTrue(select(Timeout.FOREVER));
        first.check("ARMED", OP_READ, 1);
        second.check("ARMED", OP_READ, 1);
    }

    @Test
    void theLastSlotHandedBackToArmedBeforeTheWaitBeginsEndsIt() throws IoFailure {
        second.atWakeup = second.slot::ready;
        assertTrue(select(Timeout.FOREVER));
        first.check("ARMED", OP_READ, 1);
        second.check("ARMED", OP_READ, 1);
    }

    @Test
    void aCancelledKeyEndsTheSelectAndOnlyTheSlotsEnteredAreLeft() throws IoFailure {
        second.key.cancel();
        assertTrue(select(Timeout.FOREVER));
        first.check("ARMED", OP_READ, 1);
        second.check("DISARMED", 0, 0);
    }

    @Test
    void aCancelledFirstKeyEndsTheSelectBeforeItEntersTheOthers() throws IoFailure {
        first.key.cancel();
        assertTrue(select(Timeout.FOREVER));
        first.check("DISARMED", 0, 0);
        second.check("DISARMED", 0, 0);
    }

    @Test
    void aKeyCancelledAfterItsSlotWasEnteredEndsTheSelect() throws IoFailure {
        second.atWakeup = first.key::cancel; // the first socket closed as the select goes on
        assertTrue(select(Timeout.FOREVER));
        first.check("ARMED", OP_READ, 1);
        second.check("ARMED", OP_READ, 1);
    }

    @Test
    void aWakeOfEitherSocketEndsTheSelectAndEveryWakeIsSpent() throws IoFailure {
        second.signals.wake();
        assertTrue(select(Timeout.FOREVER));
        assertFalse(second.signals.takeWake());
        first.signals.wake();
        assertTrue(select(Timeout.FOREVER));
        assertFalse(first.signals.takeWake());
        first.signals.wake();
        second.signals.wake();
        assertTrue(select(Timeout.FOREVER));
        assertFalse(first.signals.takeWake(), "every wake found is spent");
        assertFalse(second.signals.takeWake(), "every wake found is spent");
        first.check("ARMED", OP_READ, 1);
        second.check("ARMED", OP_READ, 1);
    }

    @Test
    void anInterruptedSelectFailsKeepsTheFlagAndLeavesEverySlot() {
        Thread.currentThread().interrupt();
        IoFailure e = assertThrows(IoFailure.class, () -> select(Timeout.FOREVER));
        assertEquals(TcpException.Kind.INTERRUPTED, e.kind());
        assertEquals("interrupted", e.getMessage());
        assertTrue(Thread.interrupted(), "the flag stays set");
        first.check("ARMED", OP_READ, 1);
        second.check("ARMED", OP_READ, 1);
    }

    private Thread selecting(long nanos, AtomicReference<Object> outcome) {
        return Thread.ofPlatform().daemon().name("select").start(() -> {
            try {
                outcome.set(select(nanos));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
    }

    @Test
    void aTimedSelectArmsItsDeadlineInTheFirstSlotAndEndsByReadiness() throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread select = selecting(HOUR, outcome);
        Parking.awaitParked(select, first.slot);
        first.check("WAITING", OP_READ, 1);
        second.check("WAITING", OP_READ, 1);
        assertNotNull(first.slot.armedDeadline, "armed in the first slot");
        assertNull(second.slot.armedDeadline, "and only there");
        assertEquals(1, timer.armedCount());
        second.slot.ready();
        Parking.join(select);
        assertEquals(true, outcome.get());
        first.check("ARMED", OP_READ, 1);
        second.check("ARMED", OP_READ, 1);
    }

    @Test
    void aSelectWithNoLimitArmsNoDeadlineAndEndsByAWake() throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread select = selecting(Timeout.FOREVER, outcome);
        Parking.awaitParked(select, first.slot);
        assertEquals(0, timer.armedCount());
        second.signals.wake(); // as SocketWaits.wakeReader does
        second.slot.unparkWaiter();
        Parking.join(select);
        assertEquals(true, outcome.get());
        assertFalse(second.signals.takeWake());
        first.check("ARMED", OP_READ, 1);
        second.check("ARMED", OP_READ, 1);
    }

    @Test
    void aParkedSelectEndsWhenAKeyIsCancelled() throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread select = selecting(Timeout.FOREVER, outcome);
        Parking.awaitParked(select, first.slot);
        second.key.cancel(); // as Registration.retire does
        second.slot.retire();
        Parking.join(select);
        assertEquals(true, outcome.get());
        first.check("ARMED", OP_READ, 1);
        second.check("ARMED", OP_READ, 1);
    }

    @Test
    void anInterruptEndsAParkedSelect() throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread select = selecting(Timeout.FOREVER, outcome);
        Parking.awaitParked(select, first.slot);
        select.interrupt();
        Parking.join(select);
        IoFailure e = assertInstanceOf(IoFailure.class, outcome.get());
        assertEquals(TcpException.Kind.INTERRUPTED, e.kind());
        first.check("ARMED", OP_READ, 1);
        second.check("ARMED", OP_READ, 1);
    }

    @Test
    void aSelectWhoseDeadlinePassesWhileParkedTimesOut() throws Exception {
        // As WaitSlotStepsTest: tried again with a longer wait if it could not park in time.
        for (long nanos = TimeUnit.MILLISECONDS.toNanos(100); ; nanos *= 2) {
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread select = selecting(nanos, outcome);
            Parking.awaitParkedOrEnded(select, first.slot);
            if (!select.isAlive() && nanos < TimeUnit.SECONDS.toNanos(2)) {
                assertEquals(false, outcome.get());
                continue;
            }
            DeadlineTimer.Entry armed = first.slot.armedDeadline;
            assertNotNull(armed);
            while (armed.deadlineNanos() - System.nanoTime() >= 0) {
                Thread.sleep(5);
            }
            assertEquals(-1, timer.fireDue());
            Parking.join(select);
            assertEquals(false, outcome.get());
            assertEquals(0, timer.armedCount());
            first.check("ARMED", OP_READ, 1);
            second.check("ARMED", OP_READ, 1);
            return;
        }
    }
}
