package io.loomsocket.soak;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/** Samples of lateness (nanoseconds past a due time), summed up as p50, p99 and max. */
final class Lateness {
    private final AtomicLongArray samples;
    private final AtomicInteger count = new AtomicInteger();

    Lateness(int capacity) {
        samples = new AtomicLongArray(capacity);
    }

    void add(long nanos) {
        int index = count.getAndIncrement();
        if (index < samples.length()) {
            samples.set(index, nanos);
        }
    }

    int count() {
        return Math.min(count.get(), samples.length());
    }

    /** {@code p50=.. ms p99=.. ms max=.. ms} (nearest rank), or "none measured". */
    String summary() {
        int n = count();
        if (n == 0) {
            return "none measured";
        }
        long[] sorted = new long[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = samples.get(i);
        }
        Arrays.sort(sorted);
        return String.format("p50=%.1f ms p99=%.1f ms max=%.1f ms", at(sorted, 0.50) / 1e6,
                at(sorted, 0.99) / 1e6, sorted[n - 1] / 1e6);
    }

    private static long at(long[] sorted, double fraction) {
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
