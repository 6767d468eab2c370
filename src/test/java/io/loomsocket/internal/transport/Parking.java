package io.loomsocket.internal.transport;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Parks and unparks, observed without timing: the wait code's tests in a fixed order of steps
 * act on a waiter only once it is seen parked where it should be, and see an unpark of their
 * own thread as the permit it leaves (a park that returns at once).
 */
final class Parking {
    /** How long a test waits for a thread to park before it fails. */
    private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(20);

    private Parking() {}

    /**
     * Waits until {@code thread} is parked with {@code blocker} (as {@code
     * LockSupport.park(blocker)} says), polling its state; fails if it ends first or does not
     * park within 20 seconds.
     */
    static void awaitParked(Thread thread, Object blocker) {
        awaitParked(thread, blocker, () -> true);
    }

    /**
     * As {@link #awaitParked(Thread, Object)}, until {@code condition} holds too (for a thread
     * that parks again after a step of the test woke it).
     */
    static void awaitParked(Thread thread, Object blocker, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        while (!(isParked(thread, blocker) && condition.getAsBoolean())) {
            if (!thread.isAlive()) {
                fail(thread + " ended instead of parking on " + blocker);
            }
            if (deadline - System.nanoTime() <= 0) {
                fail(thread + " did not park on " + blocker + " within 20 s: "
                        + thread.getState() + ", blocker " + LockSupport.getBlocker(thread));
            }
            LockSupport.parkNanos(200_000);
        }
    }

    /**
     * Waits until {@code thread} is parked with {@code blocker} or has ended (a timed wait that
     * a busy machine kept from parking before its deadline); fails after 20 seconds.
     */
    static void awaitParkedOrEnded(Thread thread, Object blocker) {
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        while (thread.isAlive() && !isParked(thread, blocker)) {
            if (deadline - System.nanoTime() <= 0) {
                fail(thread + " neither parked on " + blocker + " nor ended within 20 s");
            }
            LockSupport.parkNanos(200_000);
        }
    }

    /** Whether {@code thread} is parked now with {@code blocker}. */
    static boolean isParked(Thread thread, Object blocker) {
        Thread.State state = thread.getState();
        return (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
                && LockSupport.getBlocker(thread) == blocker;
    }

    /** Spends an unpark permit the current thread may hold, so that the next check starts clean. */
    static void clearPermit() {
        LockSupport.parkNanos(1);
    }

    /**
     * Asserts that the current thread was unparked since its last park (it holds the permit:
     * a park returns at once; without it, this park lasts 20 seconds), and spends the permit.
     */
    static void assertUnparked(String what) {
        long start = System.nanoTime();
        LockSupport.parkNanos(PATIENCE_NANOS);
        long waited = System.nanoTime() - start;
        assertTrue(waited < PATIENCE_NANOS / 2, what + ": no unpark (a park lasted "
                + TimeUnit.NANOSECONDS.toMillis(waited) + " ms)");
    }

    /** Joins {@code thread}, failing if it has not ended within 20 seconds. */
    static void join(Thread thread) throws InterruptedException {
        thread.join(TimeUnit.NANOSECONDS.toMillis(PATIENCE_NANOS));
        if (thread.isAlive()) {
            fail(thread + " did not end within 20 s: " + thread.getState() + ", blocker "
                    + LockSupport.getBlocker(thread));
        }
    }
}
