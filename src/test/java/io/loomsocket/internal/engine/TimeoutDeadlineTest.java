package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.TcpException;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The deadline beside the block and total timeouts: it caps every wait and ends operations.
 * (Each JUnit test carries its own time limit: jqwik cannot apply a class-level one.)
 */
class TimeoutDeadlineTest {
    private static final long SECOND = 1_000_000_000L;

    @Property(tries = 2000)
    void aCappedWaitEndsNoLaterThanTheTableOrTheDeadline(
            @ForAll long wait, @ForAll long untilDeadline) {
        long table = wait < 0 ? Timeout.FOREVER : wait;
        long capped = Timeout.capByDeadline(table, untilDeadline);
        assertTrue(capped >= 0, "a deadline always bounds the wait: " + capped);
        assertTrue(capped <= Math.max(untilDeadline, 0), "never past the deadline");
        if (table != Timeout.FOREVER) {
            assertTrue(capped <= table, "never longer than the table allows");
        }
        assertEquals(table == Timeout.FOREVER ? Math.max(untilDeadline, 0)
                : Math.min(table, Math.max(untilDeadline, 0)), capped);
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 10, unit = TimeUnit.SECONDS)
    void withoutADeadlineTheClockIsTheTableAlone() {
        Timeout timeout = new Timeout();
        assertSame(Timeout.Clock.unlimited(), timeout.start(), "nothing set: no limit at all");
        timeout.setBlockSeconds(2);
        timeout.setTotalSeconds(5);
        long wait = timeout.start().waitNanos();
        assertTrue(wait <= 2 * SECOND && wait > 2 * SECOND - SECOND / 10, "the block: " + wait);
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aDeadlineLimitsAnOtherwiseUnlimitedWait() {
        Timeout timeout = new Timeout();
        timeout.setDeadlineAfter(3 * SECOND);
        long wait = timeout.start().waitNanos();
        assertTrue(wait <= 3 * SECOND && wait > 3 * SECOND - SECOND / 10, "the deadline: " + wait);
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aDeadlineShortensALongerBlockOrTotal() {
        Timeout timeout = new Timeout();
        timeout.setBlockSeconds(10);
        timeout.setTotalSeconds(20);
        timeout.setDeadlineAfter(SECOND);
        long wait = timeout.start().waitNanos();
        assertTrue(wait <= SECOND && wait > SECOND - SECOND / 10, "the deadline: " + wait);
        timeout.setDeadlineAfter(60 * SECOND);
        wait = timeout.start().waitNanos();
        assertTrue(wait <= 10 * SECOND && wait > 9 * SECOND, "a later deadline leaves the block: "
                + wait);
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aPassedDeadlineEndsEveryOperationAtItsStartAndAllowsNoWait() {
        Timeout timeout = new Timeout();
        timeout.setDeadlineAfter(0);
        Timeout.Clock clock = timeout.start();
        IoFailure failure = assertThrows(IoFailure.class, clock::throwIfDeadlinePassed);
        assertEquals(TcpException.Kind.TIMEOUT, failure.kind());
        assertEquals("timeout", failure.getMessage());
        assertEquals(0, clock.waitNanos());
        timeout.setDeadlineAfter(-5 * SECOND);
        assertEquals(0, timeout.start().waitNanos());
    }

    /**
     * A clock started 5 s ago with a total of 10 s and a deadline 8 s away: 5 s are left of the
     * total; a restart gives the total back (10 s) but not past the deadline, which stays where
     * it was (8 s). Margins of a second keep it true on a busy machine.
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aRestartRestartsTheTotalAndKeepsTheDeadlineWhereItWas() {
        long now = System.nanoTime();
        Timeout.Clock clock = new Timeout.Clock(-1, 10, now - 5 * SECOND, now + 8 * SECOND);
        long before = clock.waitNanos();
        assertTrue(before <= 5 * SECOND && before > 4 * SECOND, "what is left of the total: "
                + before);
        clock.restart();
        long after = clock.waitNanos();
        assertTrue(after <= 8 * SECOND && after > 7 * SECOND,
                "the total starts again, capped by the deadline, which did not move: " + after);
    }

    /** Without a deadline a restart gives the whole block timeout back. */
    @Test
    @org.junit.jupiter.api.Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aRestartGivesTheBlockTimeoutBack() {
        Timeout.Clock clock = new Timeout.Clock(10, -1, System.nanoTime() - 6 * SECOND);
        assertTrue(clock.waitNanos() <= 4 * SECOND, "6 s of the block are gone");
        clock.restart();
        long after = clock.waitNanos();
        assertTrue(after <= 10 * SECOND && after > 9 * SECOND, "the block again: " + after);
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 10, unit = TimeUnit.SECONDS)
    void clearingTheDeadlineRestoresLuaSocketsTable() {
        Timeout timeout = new Timeout();
        timeout.setDeadlineAfter(0);
        timeout.clearDeadline();
        assertSame(Timeout.Clock.unlimited(), timeout.start());
        assertDoesNotThrow(() -> timeout.start().throwIfDeadlinePassed());
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 10, unit = TimeUnit.SECONDS)
    void farDeadlinesSaturateInsteadOfOverflowing() throws IoFailure {
        Timeout timeout = new Timeout();
        timeout.setDeadlineAfter(Long.MAX_VALUE);
        Timeout.Clock clock = timeout.start();
        clock.throwIfDeadlinePassed();
        assertTrue(clock.waitNanos() > 1000L * 365 * 24 * 3600 * SECOND / 100, "decades ahead");
        timeout.setDeadlineAfter(Long.MIN_VALUE);
        assertEquals(0, timeout.start().waitNanos(), "long passed");
    }
}
