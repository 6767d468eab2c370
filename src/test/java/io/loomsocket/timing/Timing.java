package io.loomsocket.timing;

import org.opentest4j.AssertionFailedError;

/**
 * The time checks of the tests. Each one tells an early result (a plain failure: no load makes a
 * timeout fire or a wait end before its time) from a late one (a {@link TimingMiss}, which a
 * {@link TimedTest} runs again).
 */
public final class Timing {
    private Timing() {
    }

    /** Seconds since {@code startNanos} ({@link System#nanoTime()}). */
    public static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * {@code actual} is {@code expected} within {@code tolerance} seconds: below, a failure;
     * above, a miss.
     */
    public static void assertAbout(double expected, double actual, double tolerance,
            String what) {
        String message = String.format("%s took %.3f s, expected %.3f s +/- %.3f", what, actual,
                expected, tolerance);
        if (actual < expected - tolerance) {
            throw new AssertionFailedError(message + ": early");
        }
        if (actual > expected + tolerance) {
            throw new TimingMiss(message + ": late");
        }
    }

    /** {@code actual} seconds are at most {@code limit}: above, a miss. */
    public static void assertAtMost(double limit, double actual, String what) {
        if (actual > limit) {
            throw new TimingMiss(String.format("%s took %.3f s, at most %.3f s expected: late",
                    what, actual, limit));
        }
    }

    /** {@code actual} seconds are at least {@code minimum}: below, a failure. */
    public static void assertAtLeast(double minimum, double actual, String what) {
        if (actual < minimum) {
            throw new AssertionFailedError(String.format(
                    "%s took %.3f s, at least %.3f s expected: early", what, actual, minimum));
        }
    }

    /**
     * A wait that an event ended, measured from the event: it ended after the event (else a
     * failure: it ended without it) and within {@code tolerance} of it (else a miss). The
     * event's {@link Moment} is taken just before the event (the peer's send, say), so a wait
     * that the event ended cannot end before it.
     */
    public static void assertEndedBy(Moment event, long endNanos, double tolerance, String what) {
        if (!event.marked()) {
            throw new AssertionFailedError(what + " ended before the event that should end it");
        }
        double after = (endNanos - event.nanos()) / 1e9;
        if (after < 0) {
            throw new AssertionFailedError(String.format(
                    "%s ended %.3f s before the event that should end it", what, -after));
        }
        if (after > tolerance) {
            throw new TimingMiss(String.format(
                    "%s ended %.3f s after the event that ended it, at most %.3f s expected: late",
                    what, after, tolerance));
        }
    }
}
