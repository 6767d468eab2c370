package io.loomsocket.differential;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;

/**
 * Runs a scenario with C LuaSocket and with loomsocket, each against its own peer, and compares
 * the transcripts. The two runs go side by side (the machine has two cores, and every step
 * is lock-stepped with its peer, so results do not depend on it);
 * {@code -Dloomsocket.differential.parallel=false} runs them one after the other.
 */
final class Differential {
    /** {@code -Dloomsocket.differential.show=true} prints every report, agreeing or not. */
    private static final boolean SHOW = Boolean.getBoolean("loomsocket.differential.show");
    private static final boolean PARALLEL =
            !"false".equals(System.getProperty("loomsocket.differential.parallel"));

    private Differential() {}

    static Comparison compare(Scenario scenario) throws InterruptedException, ExecutionException {
        Oracle.require();
        if (!PARALLEL) {
            Transcript oracle = ScenarioRunner.run(scenario, Differential::oracle);
            Transcript loomsocket = ScenarioRunner.run(scenario, LoomsocketSubject::new);
            return Comparison.of(scenario, oracle, loomsocket);
        }
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Transcript> oracle = CompletableFuture.supplyAsync(
                    () -> ScenarioRunner.run(scenario, Differential::oracle), threads);
            CompletableFuture<Transcript> loomsocket = CompletableFuture.supplyAsync(
                    () -> ScenarioRunner.run(scenario, LoomsocketSubject::new), threads);
            return Comparison.of(scenario, oracle.get(), loomsocket.get());
        }
    }

    /**
     * Fails with the full report when the two implementations disagree. A disagreement on times
     * alone (both gave the same results) is run once more before it counts: a busy machine can
     * delay one process by more than the tolerance, while a wrong timeout shows again.
     */
    static Comparison assertAgree(Scenario scenario) throws InterruptedException, ExecutionException {
        Comparison c = compare(scenario);
        if (c.timingOnly()) {
            Comparison first = c;
            c = compare(scenario);
            if (!c.agree()) {
                throw new AssertionError("C LuaSocket and loomsocket disagree on times in \""
                        + scenario.name() + "\", twice\n" + first.report() + "\nAgain:\n"
                        + c.report());
            }
        }
        if (SHOW) {
            System.out.println(c.report());
        }
        if (!c.agree()) {
            throw new AssertionError("C LuaSocket and loomsocket disagree on \"" + scenario.name()
                    + "\"\n" + c.report());
        }
        return c;
    }

    private static Subject oracle() {
        try {
            return new LuaSubject();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot start the oracle: " + e.getMessage(), e);
        }
    }
}
