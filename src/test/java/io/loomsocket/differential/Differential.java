package io.loomsocket.differential;

import io.loomsocket.timing.TimedTestExtension;
import io.loomsocket.timing.TimingMisses;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;

/**
 * Runs a scenario with C LuaSocket and with loomsocket, each against its own peer, and compares
 * the transcripts. The two runs go side by side (the machine has two cores, and every step
 * is lock-stepped with its peer, so results do not depend on it);
 * {@code -Dloomsocket.differential.parallel=false} runs them one after the other, as every run
 * again after a timing miss does.
 */
final class Differential {
    /** {@code -Dloomsocket.differential.show=true} prints every report, agreeing or not. */
    private static final boolean SHOW = Boolean.getBoolean("loomsocket.differential.show");
    private static final boolean PARALLEL =
            !"false".equals(System.getProperty("loomsocket.differential.parallel"));
    /** The pause before a run again, which lets a burst of load pass. */
    private static final long PAUSE_MILLIS = 200;

    private Differential() {}

    static Comparison compare(Scenario scenario) throws InterruptedException, ExecutionException {
        return compare(scenario, PARALLEL);
    }

    private static Comparison compare(Scenario scenario, boolean parallel)
            throws InterruptedException, ExecutionException {
        Oracle.require();
        if (!parallel) {
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
     * alone (both gave the same results, or results that differ only in how far a call got
     * while the peer was at work: {@link PaceDependent}) is a timing miss: a busy machine can
     * delay one process by more than the tolerance, while a wrong timeout (one per wait where C
     * has one per call, one that never fires) shows in every run. So the scenario runs again,
     * one implementation after the other so that they do not compete for the processors, up to
     * {@link TimedTestExtension#ATTEMPTS} runs in all, and passes when a run agrees on
     * everything. Each miss goes to the timing-miss log. A disagreement on any other result
     * fails at once, on any run.
     */
    static Comparison assertAgree(Scenario scenario) throws InterruptedException, ExecutionException {
        Comparison c = compare(scenario);
        Comparison first = c;
        for (int run = 1; c.timingOnly(); run++) {
            String miss = "differential \"" + scenario.name() + "\", run " + run + " of "
                    + TimedTestExtension.ATTEMPTS + ": " + String.join("; ", c.mismatches());
            if (run >= TimedTestExtension.ATTEMPTS) {
                throw new AssertionError("C LuaSocket and loomsocket disagree on times (or on"
                        + " how far a call got while the peer was at work) in \""
                        + scenario.name() + "\", in each of " + run + " runs\n" + first.report()
                        + (run > 1 ? "\nThe last run:\n" + c.report() : ""));
            }
            TimingMisses.record(miss);
            Thread.sleep(PAUSE_MILLIS);
            c = compare(scenario, false);
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
