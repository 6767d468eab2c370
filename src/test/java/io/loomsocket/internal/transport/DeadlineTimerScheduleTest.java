package io.loomsocket.internal.transport;

import static io.loomsocket.internal.transport.Schedules.check;
import static io.loomsocket.internal.transport.Schedules.concurrently;
import static io.loomsocket.internal.transport.Schedules.explore;
import static java.nio.channels.SelectionKey.OP_ACCEPT;
import static java.nio.channels.SelectionKey.OP_READ;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every interleaving (up to {@link Schedules#INVOCATIONS}) of a slot's waiter arming a deadline
 * with the {@link DeadlineTimer} firing due deadlines, and with close: the slot never names an
 * entry the timer no longer holds (D1), and a closed slot leaves nothing armed (D2). The timer
 * here has no thread of its own; a scenario thread runs its loop's body, {@code fireDue}.
 */
class DeadlineTimerScheduleTest {
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    // Shared by the scenario's threads: static, so that the model checker sees every access.
    private static DeadlineTimer timer;
    private static FakeKey key;
    private static WaitSlot slot;

    private static void newTimerAndSlot() {
        timer = new DeadlineTimer(false);
        key = new FakeKey();
        slot = new WaitSlot(key, OP_READ | OP_ACCEPT, () -> { }, timer);
    }

    private static WaitSlot otherSocketsSlot() {
        return new WaitSlot(new FakeKey(), OP_READ | OP_ACCEPT, () -> { }, timer);
    }

    /**
     * The deadline of a wait passes while it is being armed (a block timeout of microseconds, the
     * last wait of a total timeout, a deadline about to pass), and the timer fires it at once.
     * Afterwards the slot names no entry the timer has dropped, and a later wait's deadline is
     * armed. (Defect: the entry went into the timer before the slot named it; the timer fired it
     * and cleared nothing, the slot then kept the dead entry, and every later timed wait on the
     * socket kept it too and parked with no deadline at all.)
     */
    @Test
    void aDeadlineThatPassesWhileItIsArmed() {
        explore(() -> {
            newTimerAndSlot();
            long passed = System.nanoTime() - 1;
            concurrently(() -> timer.arm(slot, passed), () -> timer.fireDue());
            checkNamedEntryIsHeld("after the race");
            timer.arm(slot, System.nanoTime() + HOUR); // the next wait, with a later deadline
            check(slot.armedDeadline != null, () -> "the next wait's deadline is not armed");
            checkNamedEntryIsHeld("after the next wait armed its deadline");
        });
    }

    /** As above, with another socket's later deadline in the timer, as in a busy process. */
    @Test
    void aDeadlineThatPassesWhileItIsArmedAmongOthers() {
        explore(() -> {
            newTimerAndSlot();
            timer.arm(otherSocketsSlot(), System.nanoTime() + HOUR);
            long passed = System.nanoTime() - 1;
            concurrently(() -> timer.arm(slot, passed), () -> timer.fireDue());
            checkNamedEntryIsHeld("after the race");
            timer.arm(slot, System.nanoTime() + HOUR);
            checkNamedEntryIsHeld("after the next wait armed its deadline");
            check(timer.armedCount() == 2, () -> "entries armed: " + timer.armedCount());
        });
    }

    /**
     * An earlier deadline replaces the slot's armed one while the timer fires due entries: the
     * replaced entry leaves the timer, the new one stays named and held (D1, D2).
     */
    @Test
    void anEarlierDeadlineReplacesTheArmedOneWhileTheTimerFires() {
        explore(() -> {
            newTimerAndSlot();
            timer.arm(slot, System.nanoTime() + 2 * HOUR);
            concurrently(() -> timer.arm(slot, System.nanoTime() + HOUR), () -> timer.fireDue());
            checkNamedEntryIsHeld("after the replacement");
            check(timer.armedCount() == 1, () -> "entries armed: " + timer.armedCount());
        });
    }

    /**
     * Close retires the slot while its waiter arms a deadline far away: nothing stays armed for
     * the closed socket (D2). (Defect: close read the slot's entry before the waiter stored it,
     * and the entry stayed in the timer, with the slot, until its deadline.)
     */
    @Test
    void closeRacesADeadlineBeingArmed() {
        explore(() -> {
            newTimerAndSlot();
            concurrently(() -> timer.arm(slot, System.nanoTime() + HOUR), () -> {
                key.cancel(); // as Registration.retire does
                slot.retire();
            });
            check(timer.armedCount() == 0, () -> "a closed socket left " + timer.armedCount()
                    + " deadline(s) armed");
        });
    }

    private static void checkNamedEntryIsHeld(String when) {
        DeadlineTimer.Entry named = slot.armedDeadline;
        check(named == null || timer.holds(named), () -> when + ": the slot names " + named
                + ", which the timer no longer holds: its next waits would arm nothing");
    }
}
