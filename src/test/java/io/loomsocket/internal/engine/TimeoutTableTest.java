package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rows and the verified timings of semantics reference 2.19, as arithmetic. */
@org.junit.jupiter.api.Timeout(value = 10, unit = TimeUnit.SECONDS)
class TimeoutTableTest {
    private static final long MS = 1_000_000;

    @ParameterizedTest(name = "B={0} T={1} e={2}ms -> {3}ms")
    @CsvSource({
        // both negative: no limit
        "-1, -1, 0, -1", "-1, -1, 100000, -1", "-0.5, -7, 0, -1",
        // total only: what is left of it
        "-1, 2, 0, 2000", "-1, 2, 500, 1500", "-1, 2, 3000, 0", "-1, 0, 0, 0",
        // block only: the block counts from the start of the call
        "1, -1, 0, 1000", "1, -1, 300, 700", "1, -1, 2000, 0", "0, -1, 0, 0",
        // both: the block caps each wait and is not reduced; the total runs from the start
        "0.5, 3, 0, 500", "0.5, 3, 1000, 500", "0.5, 3, 2800, 200", "0.5, 3, 4000, 0",
        "5, 1, 0, 1000", "5, 1, 600, 400", "0, 3, 0, 0"})
    void tableRows(double block, double total, long elapsedMs, long expectedMs) {
        long wait = Timeout.waitNanos(block, total, elapsedMs * MS);
        assertEquals(expectedMs < 0 ? Timeout.FOREVER : expectedMs * MS, wait);
    }

    /**
     * The verified timings: a peer trickles one byte every 0.3 s and the client asks for 5. Each
     * wait is what the table allows at that moment; the call fails "timeout" when a wait runs out
     * before the next byte.
     */
    @ParameterizedTest(name = "B={0} T={1}: {2} at {3}ms with {4} bytes")
    @CsvSource({
        "0.5, -1, timeout, 500, 1",
        "1.0, -1, timeout, 1000, 3",
        "0.5, 3, ok, 1500, 5",
        "0.2, 3, timeout, 200, 0",
        "-1, 1, timeout, 1000, 3",
        "-1, 2, ok, 1500, 5",
        "5, 1, timeout, 1000, 3"})
    void trickleTimings(double block, double total, String outcome, long atMs, int bytes) {
        long period = 300 * MS;
        long now = 0;
        long nextByte = period;
        int got = 0;
        String result = "ok";
        while (got < 5) {
            long wait = Timeout.waitNanos(block, total, now);
            if (wait != Timeout.FOREVER && nextByte > now + wait) {
                now += wait;
                result = "timeout";
                break;
            }
            now = nextByte;
            got++;
            nextByte += period;
        }
        assertEquals(outcome, result);
        assertEquals(atMs, Math.round(now / (double) MS));
        assertEquals(bytes, got);
    }

    @Test
    void aZeroBlockTimeoutNeverWaits() {
        assertTrue(new Timeout.Clock(0, -1, System.nanoTime()).neverWaits());
        assertTrue(new Timeout.Clock(-0.0, 5, System.nanoTime()).neverWaits());
        assertFalse(new Timeout.Clock(1e-9, -1, System.nanoTime()).neverWaits());
        assertFalse(new Timeout.Clock(-1, 0, System.nanoTime()).neverWaits(), "a zero total still polls once");
        assertEquals(0, new Timeout.Clock(-1, 0, System.nanoTime()).waitNanos());
    }

    @Test
    void anUnlimitedClockWaitsForever() {
        assertEquals(Timeout.FOREVER, Timeout.Clock.unlimited().waitNanos());
        assertFalse(Timeout.Clock.unlimited().neverWaits());
    }

    @Test
    void aClockCountsFromItsStart() {
        Timeout timeout = new Timeout();
        timeout.setBlockSeconds(100);
        long wait = timeout.start().waitNanos();
        assertTrue(wait > 99 * 1_000 * MS && wait <= 100 * 1_000 * MS, "wait " + wait);
        timeout.setTotalSeconds(-1);
        timeout.setBlockSeconds(-1);
        assertEquals(Timeout.FOREVER, timeout.start().waitNanos());
    }

    /**
     * An infinite or huge timeout is a wait of about 31 years, not Long.MAX_VALUE: a wait is
     * added to System.nanoTime() to make a deadline, and that sum must not overflow.
     */
    @Test
    void hugeTimeoutsDoNotOverflow() {
        long saturated = 1_000_000_000_000_000_000L;
        assertEquals(saturated, Timeout.toNanos(Double.POSITIVE_INFINITY));
        assertEquals(saturated, Timeout.toNanos(1e300));
        assertEquals(saturated, Timeout.toNanos(1e9), "1e18 ns exactly");
        assertEquals(999_999_999_000_000_000L, Timeout.toNanos(999_999_999));
        long wait = Timeout.waitNanos(Double.POSITIVE_INFINITY, -1, 0);
        assertEquals(saturated, wait);
        assertEquals(wait, Timeout.waitNanos(1e300, 1e300, 0));
        assertEquals(wait, Timeout.waitNanos(-1, Double.MAX_VALUE, 0));
        assertTrue(wait < Long.MAX_VALUE / 2, "far from overflow: " + wait);
        long deadline = Math.addExact(System.nanoTime(), wait); // throws on overflow
        assertTrue(deadline - System.nanoTime() > 0, "a deadline in the future");
        assertTrue(Timeout.waitNanos(-1, Double.MAX_VALUE, Long.MAX_VALUE / 2) >= 0);
    }
}
