package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** {@link Timeout#waitNanos} is the Unix table of semantics reference 2.19. */
class TimeoutPropertyTest {
    /** The table, in seconds, as LuaSocket's timeout_getretry computes it. */
    static double tableSeconds(double block, double total, double elapsed) {
        if (block < 0 && total < 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (block < 0) {
            return Math.max(total - elapsed, 0);
        }
        if (total < 0) {
            return Math.max(block - elapsed, 0);
        }
        return Math.min(block, Math.max(total - elapsed, 0));
    }

    @Property(tries = 2000)
    void waitIsTheTable(
            @ForAll("seconds") double block,
            @ForAll("seconds") double total,
            @ForAll("elapsed") long elapsed) {
        long wait = Timeout.waitNanos(block, total, elapsed);
        double expected = tableSeconds(block, total, elapsed / 1e9);
        if (expected == Double.POSITIVE_INFINITY) {
            assertEquals(Timeout.FOREVER, wait);
        } else {
            assertEquals(expected * 1e9, wait, 2.0, "nanoseconds");
        }
    }

    @Property(tries = 2000)
    void waitStaysWithinBothLimits(
            @ForAll("anySeconds") double block,
            @ForAll("anySeconds") double total,
            @ForAll("anyElapsed") long elapsed) {
        long wait = Timeout.waitNanos(block, total, elapsed);
        boolean noLimit = block < 0 && total < 0;
        assertEquals(noLimit, wait == Timeout.FOREVER, "FOREVER exactly when both timeouts are negative");
        if (noLimit) {
            return;
        }
        assertTrue(wait >= 0, "never negative");
        if (block >= 0) {
            assertTrue(wait <= block * 1e9, "never above the block timeout");
        }
        if (total >= 0) {
            double left = Math.max(total * 1e9 - elapsed, 0);
            assertTrue(wait <= left + 1 + Math.ulp(left), "never above the total left: " + left);
        }
        if (elapsed >= 0 && total >= 0 && elapsed >= total * 1e9) {
            assertEquals(0, wait, "a spent total leaves no wait");
        }
        if (elapsed >= 0 && block >= 0 && total < 0 && elapsed >= block * 1e9) {
            assertEquals(0, wait, "a lone block timeout runs from the start of the call");
        }
    }

    @Property(tries = 1000)
    void waitNeverGrowsAsTimePasses(
            @ForAll("anySeconds") double block,
            @ForAll("anySeconds") double total,
            @ForAll("anyElapsed") long a,
            @ForAll("anyElapsed") long b) {
        long earlier = Math.min(a, b);
        long later = Math.max(a, b);
        long first = Timeout.waitNanos(block, total, earlier);
        long second = Timeout.waitNanos(block, total, later);
        if (first != Timeout.FOREVER) {
            assertTrue(second <= first, first + " then " + second);
        }
    }

    /** Finite seconds, biased to -1, 0 and the small values sockets use. */
    @Provide
    Arbitrary<Double> seconds() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of(-1.0, 0.0, -0.0, 0.5, 1.0)),
                Tuple.of(2, Arbitraries.doubles().between(-1e6, -1e-9).ofScale(9)),
                Tuple.of(4, Arbitraries.doubles().between(0, 10).ofScale(3)),
                Tuple.of(1, Arbitraries.doubles().between(0, 1e6).ofScale(9)));
    }

    /** Elapsed nanoseconds from zero to well beyond both timeouts. */
    @Provide
    Arbitrary<Long> elapsed() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(0L)),
                Tuple.of(4, Arbitraries.longs().between(0, 20_000_000_000L)),
                Tuple.of(1, Arbitraries.longs().between(0, 2_000_000_000_000_000L)));
    }

    /** Any double but NaN (settimeout rejects NaN): infinities and extremes too. */
    @Provide
    Arbitrary<Double> anySeconds() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, seconds()),
                Tuple.of(1, Arbitraries.of(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                        Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, 1e300, 9.3e9)));
    }

    /** Any elapsed value, negative ones included. */
    @Provide
    Arbitrary<Long> anyElapsed() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, elapsed()),
                Tuple.of(1, Arbitraries.longs()),
                Tuple.of(1, Arbitraries.of(Long.MIN_VALUE, -1L, Long.MAX_VALUE)));
    }
}
