package io.loomsocket.internal.transport;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jetbrains.lincheck.Lincheck;
import org.jetbrains.lincheck.LincheckAssertionError;

/**
 * Controlled scheduling for the wait code's state machines, with Lincheck's model checker: a
 * scenario starts a few platform threads over the real classes (a wait slot, the deadline
 * timer), joins them and checks the invariants; Lincheck runs it again and again, choosing at
 * each shared-memory access, lock or park which thread goes on, so that the interleavings a
 * busy machine makes once in a million runs come in the first few hundred. An invariant broken,
 * an exception in any thread, or threads that can no longer move (a lost wake-up) fail the
 * test, with the interleaving that did it.
 *
 * <p>What the tool needs of a scenario (Lincheck 3.7 on JDK 25; ARCHITECTURE.md, "Controlled
 * scheduling"): the scenario is a lambda, never a method reference (Lincheck then explored
 * nothing); the objects the threads share are in static fields before the threads start (it
 * takes an object reached only through a thread's lambda for that thread's own, and misses
 * races on it); a thread's exception is caught and rethrown by the scenario (Lincheck ignores
 * one thrown in a child thread); threads are platform threads; no real selector blocks. The
 * canaries in {@code ScheduleCanaryTest} check that the tool still finds known races this way.
 *
 * <p>{@code -Dloomsocket.schedules=N} sets how many interleavings each scenario explores: a
 * thousand in the default test run, more in the {@code schedules} profile.
 */
final class Schedules {
    /** Interleavings explored per scenario. */
    static final int INVOCATIONS = Integer.getInteger("loomsocket.schedules", 1000);

    /** The first failure of any thread of the current scenario. */
    private static final AtomicReference<Throwable> FAILURE = new AtomicReference<>();

    private Schedules() {}

    /** A scenario's body; it may throw, and its threads' failures are rethrown after it. */
    interface Scenario {
        void run() throws Exception;
    }

    /** Explores {@code scenario}'s interleavings; fails on the first that breaks it. */
    static void explore(Scenario scenario) {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> runOnce(scenario));
    }

    /** Asserts that exploring {@code scenario} finds a failure (for the canaries). */
    static LincheckAssertionError assertFinds(Scenario scenario) {
        return assertThrows(LincheckAssertionError.class,
                () -> Lincheck.runConcurrentTest(INVOCATIONS, () -> runOnce(scenario)));
    }

    private static void runOnce(Scenario scenario) {
        FAILURE.set(null);
        try {
            scenario.run();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Throwable failed = FAILURE.get();
        if (failed != null) {
            throw new AssertionError("a thread of the scenario failed", failed);
        }
    }

    /** A thread body whose failure the scenario rethrows. */
    interface Step {
        void run() throws Exception;
    }

    /** An unstarted platform thread for {@code step}, whose failure the scenario rethrows. */
    static Thread thread(Step step) {
        return Thread.ofPlatform().unstarted(() -> {
            try {
                step.run();
            } catch (Throwable t) {
                FAILURE.compareAndSet(null, t);
            }
        });
    }

    /** Starts each step on a platform thread of its own and joins them all. */
    static void concurrently(Step... steps) throws InterruptedException {
        Thread[] threads = new Thread[steps.length];
        for (int i = 0; i < steps.length; i++) {
            threads[i] = thread(steps[i]);
        }
        for (Thread thread : threads) {
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /** Fails the scenario with {@code message} unless {@code condition} holds. */
    static void check(boolean condition, Supplier<String> message) {
        if (!condition) {
            throw new AssertionError(message.get());
        }
    }
}
