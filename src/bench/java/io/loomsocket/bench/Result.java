package io.loomsocket.bench;

import java.util.Arrays;

/**
 * One variant's measured rounds: a rate per round (higher is better) and, summed over the
 * rounds, the work done, the process CPU time and the context switches it took.
 */
final class Result {
    final String label;
    final double[] rates;
    /** Operations over all measured rounds, in the unit the CPU and switch columns divide by. */
    final double ops;
    /** CPU nanoseconds over all measured rounds (every process involved), or -1 if unknown. */
    final double cpuNanos;
    /** Context switches over all measured rounds (every thread involved), or -1 if unknown. */
    final double switches;
    /** Wall nanoseconds over all measured rounds. */
    final double wallNanos;

    Result(String label, double[] rates, double ops, double cpuNanos, double switches,
            double wallNanos) {
        this.label = label;
        this.rates = rates.clone();
        this.ops = ops;
        this.cpuNanos = cpuNanos;
        this.switches = switches;
        this.wallNanos = wallNanos;
    }

    double median() {
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    double min() {
        return Arrays.stream(rates).min().orElse(Double.NaN);
    }

    double max() {
        return Arrays.stream(rates).max().orElse(Double.NaN);
    }

    /** (max - min) / median, as a fraction. */
    double spread() {
        return (max() - min()) / median();
    }

    double cpuMicrosPerOp() {
        return cpuNanos < 0 ? Double.NaN : cpuNanos / 1e3 / ops;
    }

    double switchesPerOp() {
        return switches < 0 ? Double.NaN : switches / ops;
    }

    /** Cores kept busy on average: CPU time over wall time. */
    double cores() {
        return cpuNanos < 0 ? Double.NaN : cpuNanos / wallNanos;
    }
}
