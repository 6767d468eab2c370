package io.loomsocket.lua;

import java.util.concurrent.locks.LockSupport;

/**
 * {@code socket.gettime()} and {@code socket.sleep()}. C reads the wall clock ({@code
 * gettimeofday}); this clock starts at the wall clock's reading when the class loads and then
 * follows {@link System#nanoTime()}, so it reads seconds since 1970 as C's does, with a
 * microsecond's resolution or better, and never goes back when the wall clock is set back.
 */
final class Clock {
    private static final double EPOCH_AT_START = System.currentTimeMillis() / 1e3;
    private static final long NANOS_AT_START = System.nanoTime();

    private Clock() {}

    static double gettime() {
        return EPOCH_AT_START + (System.nanoTime() - NANOS_AT_START) / 1e9;
    }

    /**
     * Sleeps for {@code seconds}: a virtual thread parks without its carrier. C sleeps again
     * after a signal; an interrupt here ends the sleep and stays set, as Java code expects.
     */
    static void sleep(double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long left;
        while ((left = end - System.nanoTime()) > 0 && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(left);
        }
    }
}
