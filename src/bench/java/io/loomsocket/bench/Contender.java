package io.loomsocket.bench;

/**
 * One variant of a scenario. The runner opens every variant of a scenario, warms each up, then
 * runs the measured rounds interleaved (round 1 of every variant, then round 2, ...), so that a
 * change in the machine's state during the run touches every variant alike.
 */
interface Contender {
    /** One measured round: the work done and what it cost. */
    record Sample(double seconds, double units, double cpuNanos, double switches) {}

    String label();

    /** Sets up connections or processes; runs nothing measured. */
    void open() throws Exception;

    /** One round whose figures are dropped. */
    void warmup() throws Exception;

    Sample round() throws Exception;

    /** Ends connections and processes; waits a bounded time for them. */
    void close() throws Exception;
}
