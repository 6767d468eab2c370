package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.TcpException.Limit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Which limit bounds each wait a {@link Timeout.Clock} allows, and which one {@link
 * Timeout.Clock#expired} names once it has run out. Most clocks here start in the past, so that
 * their limits have run out before the test looks (no time needs to pass); the few that wait for
 * real time use limits of 200 ms and check only after the limit is surely over, or use limits of
 * 1000 s that cannot run out while the test runs.
 */
@org.junit.jupiter.api.Timeout(value = 10, unit = TimeUnit.SECONDS)
class TimeoutLimitsTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long FAR = 1000 * SECOND;

    @Test
    void aBlockTimeoutAloneIsTheBlockOnceItsTimeIsUp() {
        Timeout.Clock clock = new Timeout.Clock(10, -1, System.nanoTime() - 20 * SECOND);
        assertEquals(0, clock.waitNanos());
        assertSame(Limit.BLOCK, clock.expired());
    }

    /** 5 s of a 5 s total are gone (a little more by the time the clock looks). */
    @Test
    void aTotalTimeoutAloneIsTheTotalOnceItsTimeIsUp() {
        Timeout.Clock clock = new Timeout.Clock(-1, 5, System.nanoTime() - 5 * SECOND);
        assertEquals(0, clock.waitNanos());
        assertSame(Limit.TOTAL, clock.expired());
    }

    /** 25 s into a 20 s total, the 10 s block is not what ran out. */
    @Test
    void aTotalThatRunsOutBeforeTheBlockIsTheTotal() {
        Timeout.Clock late = new Timeout.Clock(10, 20, System.nanoTime() - 25 * SECOND);
        assertEquals(0, late.waitNanos());
        assertSame(Limit.TOTAL, late.expired());

        Timeout.Clock zeroTotal = new Timeout.Clock(10, 0, System.nanoTime());
        assertEquals(0, zeroTotal.waitNanos());
        assertSame(Limit.TOTAL, zeroTotal.expired(), "a total of 0 allows nothing");
    }

    /**
     * A 200 ms block with 1000 s of total left is the block; so is a block equal to what is left
     * of the total (a start in the future counts as no time elapsed). Both are named only once
     * their 200 ms are over.
     */
    @Test
    void aBlockShorterThanWhatIsLeftOfTheTotalIsTheBlockOnceItRunsOut()
            throws InterruptedException {
        long now = System.nanoTime();
        Timeout.Clock shorter = new Timeout.Clock(0.2, 1000, now);
        Timeout.Clock tie = new Timeout.Clock(0.2, 0.2, now + FAR);
        long shorterWait = shorter.waitNanos();
        long tieWait = tie.waitNanos();
        long asked = System.nanoTime();
        assertTrue(shorterWait > 0 && shorterWait <= SECOND / 5, "the block: " + shorterWait);
        assertEquals(SECOND / 5, tieWait, "no time elapsed: the whole block, the whole total");
        sleepUntil(asked + SECOND / 5 + SECOND / 10);
        assertSame(Limit.BLOCK, shorter.expired());
        assertSame(Limit.BLOCK, tie.expired());
    }

    /** 10 s without a byte is more than a 5 s idle timeout, and far less than the 1000 s block. */
    @Test
    void anIdleTimeoutShorterThanTheTableIsTheIdleTimeout() {
        Timeout.Clock clock = new Timeout.Clock(1000, -1, System.nanoTime() - 10 * SECOND, null,
                5 * SECOND);
        assertEquals(0, clock.waitNanos());
        assertSame(Limit.IDLE, clock.expired());

        Timeout.Clock fresh = new Timeout.Clock(1000, -1, System.nanoTime(), null, SECOND);
        long wait = fresh.waitNanos();
        assertTrue(wait > SECOND / 2 && wait <= SECOND, "the idle timeout bounds it: " + wait);
        assertNull(fresh.expired(), "not yet");
    }

    @Test
    void anIdleTimeoutOfZeroAllowsNoWait() {
        Timeout.Clock clock = new Timeout.Clock(10, -1, System.nanoTime(), null, 0);
        assertEquals(0, clock.waitNanos());
        assertSame(Limit.IDLE, clock.expired());
    }

    @Test
    void anIdleTimeoutAloneBoundsEveryWait() {
        Timeout timeout = new Timeout();
        timeout.setIdleNanos(0);
        Timeout.Clock zero = timeout.start();
        assertNotSame(Timeout.Clock.unlimited(), zero, "an idle timeout of 0 is a limit");
        assertEquals(0, zero.waitNanos());
        assertSame(Limit.IDLE, zero.expired());

        timeout.setIdleNanos(FAR);
        long wait = timeout.start().waitNanos();
        assertTrue(wait > FAR - 10 * SECOND && wait <= FAR, "the idle timeout: " + wait);
    }

    /** Both ran out: the idle timeout shortens a wait only when it ends sooner than the table's. */
    @Test
    void aTableThatRunsOutNoLaterThanTheIdleTimeoutIsTheTable() {
        Timeout.Clock longerIdle = new Timeout.Clock(10, -1, System.nanoTime() - 20 * SECOND,
                null, FAR);
        assertEquals(0, longerIdle.waitNanos());
        assertSame(Limit.BLOCK, longerIdle.expired());

        Timeout.Clock both = new Timeout.Clock(10, -1, System.nanoTime() - 20 * SECOND, null,
                5 * SECOND);
        assertEquals(0, both.waitNanos());
        assertSame(Limit.BLOCK, both.expired());
    }

    @Test
    void bytesMovingGiveTheIdleTimeoutBack() {
        Timeout.Clock clock = new Timeout.Clock(-1, -1, System.nanoTime() - 10 * SECOND, null,
                5 * SECOND);
        assertEquals(0, clock.waitNanos());
        assertSame(Limit.IDLE, clock.expired());
        clock.moved();
        long wait = clock.waitNanos();
        assertTrue(wait > 4 * SECOND && wait <= 5 * SECOND, "5 s again from now: " + wait);
        assertNull(clock.expired());
    }

    /** A deadline 1000 s away bounds nothing here: the block that ran out is named. */
    @Test
    void aLaterDeadlineLeavesTheTablesLimit() {
        long now = System.nanoTime();
        Timeout.Clock clock = new Timeout.Clock(10, -1, now - 20 * SECOND, now + FAR);
        assertEquals(0, clock.waitNanos());
        assertSame(Limit.BLOCK, clock.expired());
    }

    @Test
    void aPassedDeadlineIsTheDeadlineBeforeAnyWait() {
        long now = System.nanoTime();
        Timeout.Clock clock = new Timeout.Clock(1000, -1, now, now - 10 * SECOND);
        assertSame(Limit.DEADLINE, clock.expired());
    }

    /** A deadline 200 ms away under a 1000 s block: not named before it passes, named after. */
    @Test
    void aDeadlineShorterThanTheTableIsTheDeadlineOnceItPasses() throws InterruptedException {
        long now = System.nanoTime();
        Timeout.Clock clock = new Timeout.Clock(1000, -1, now, now + SECOND / 5);
        long wait = clock.waitNanos();
        assertTrue(wait <= SECOND / 5, "the deadline bounds it: " + wait);
        sleepUntil(now + SECOND / 5 + SECOND / 10);
        assertSame(Limit.DEADLINE, clock.expired());
    }

    /** A timeout that the kernel reports (no limit of ours ran out) names no limit. */
    @Test
    void noLimitIsNamedBeforeItsTimeIsUp() {
        long now = System.nanoTime();
        Timeout.Clock block = new Timeout.Clock(1000, -1, now);
        assertNull(block.expired(), "before any wait");
        long wait = block.waitNanos();
        assertTrue(wait > FAR - 10 * SECOND && wait <= FAR, "the block: " + wait);
        assertNull(block.expired(), "1000 s are not over");

        Timeout.Clock withDeadline = new Timeout.Clock(1000, -1, now, now + FAR);
        withDeadline.waitNanos();
        assertNull(withDeadline.expired(), "nor is the deadline");

        Timeout.Clock none = new Timeout.Clock(-1, -1, now - 10 * SECOND);
        assertEquals(Timeout.FOREVER, none.waitNanos());
        assertNull(none.expired(), "no limit, nothing to name");
    }

    /** Nothing waits with a block timeout of 0, so that is what ran out, wait or no wait. */
    @Test
    void aBlockTimeoutOfZeroIsTheBlock() {
        assertSame(Limit.BLOCK, Timeout.Clock.immediate().expired());
        assertSame(Limit.BLOCK, new Timeout.Clock(0, 30, System.nanoTime()).expired());
    }

    @Test
    void eachLimitHasItsSettingInSeconds() {
        long now = System.nanoTime();
        Timeout.Clock clock = new Timeout.Clock(1.5, 2.5, now, now + FAR, 3_250_000_000L);
        assertEquals(1.5, clock.seconds(Limit.BLOCK));
        assertEquals(2.5, clock.seconds(Limit.TOTAL));
        assertEquals(3.25, clock.seconds(Limit.IDLE));
        assertTrue(Double.isNaN(clock.seconds(Limit.DEADLINE)), "a deadline is no duration");
    }

    @Test
    void theIdleTimeoutIsClampedAndForeverRemovesIt() {
        Timeout timeout = new Timeout();
        timeout.setIdleNanos(-5);
        assertEquals(0.0, timeout.start().seconds(Limit.IDLE), "below 0: no wait at all");
        timeout.setIdleNanos(Long.MAX_VALUE);
        assertEquals(1e9, timeout.start().seconds(Limit.IDLE), "saturated at about 31 years");
        timeout.setIdleNanos(2 * SECOND);
        assertEquals(2.0, timeout.start().seconds(Limit.IDLE));
        timeout.setIdleNanos(Timeout.FOREVER);
        assertSame(Timeout.Clock.unlimited(), timeout.start(), "no idle timeout any more");
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        for (long left = nanoTime - System.nanoTime(); left > 0;
                left = nanoTime - System.nanoTime()) {
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(left) + 1);
        }
    }
}
