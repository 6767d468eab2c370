package io.loomsocket.internal.engine;

import io.loomsocket.TcpException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * LuaSocket's block and total timeouts for one object, and the deadline of the operation in
 * progress.
 *
 * <p>The arithmetic is the Unix table of LuaSocket's {@code timeout_getretry}: with only a block
 * timeout, the block limit runs from the start of the call; with both, the block timeout caps each
 * wait while the total runs from the start. A block timeout of exactly zero means "never wait".
 * Unlike LuaSocket, the clock is {@link System#nanoTime()} (monotonic) and waits are not
 * truncated to whole milliseconds.
 */
public final class Timeout {
    /** Returned by {@link #waitNanos} when the wait has no limit. */
    public static final long FOREVER = -1;

    /** Seconds as the user gave them; any negative value means no limit. Written by settimeout. */
    private volatile double blockSeconds = -1;
    /** Seconds as the user gave them; any negative value means no limit. Written by settimeout. */
    private volatile double totalSeconds = -1;

    public double blockSeconds() {
        return blockSeconds;
    }

    public double totalSeconds() {
        return totalSeconds;
    }

    public void setBlockSeconds(double seconds) {
        blockSeconds = seconds;
    }

    public void setTotalSeconds(double seconds) {
        totalSeconds = seconds;
    }

    /** Starts an operation now: the returned clock answers how long each wait may last. */
    public Clock start() {
        double block = blockSeconds;
        double total = totalSeconds;
        if (block < 0 && total < 0) {
            return Clock.UNLIMITED; // no clock reading and no allocation when nothing is limited
        }
        return new Clock(block, total, System.nanoTime());
    }

    /**
     * The wait allowed after {@code elapsedNanos} of an operation, by the 2.19 table; {@link
     * #FOREVER} when neither timeout is set.
     */
    public static long waitNanos(double blockSeconds, double totalSeconds, long elapsedNanos) {
        boolean hasBlock = blockSeconds >= 0;
        boolean hasTotal = totalSeconds >= 0;
        if (!hasBlock && !hasTotal) {
            return FOREVER;
        }
        long elapsed = Math.max(0, elapsedNanos);
        if (!hasBlock) {
            return Math.max(toNanos(totalSeconds) - elapsed, 0);
        }
        if (!hasTotal) {
            return Math.max(toNanos(blockSeconds) - elapsed, 0);
        }
        return Math.min(toNanos(blockSeconds), Math.max(toNanos(totalSeconds) - elapsed, 0));
    }

    /** Seconds to nanoseconds, saturating far below overflow so that sums stay safe. */
    public static long toNanos(double seconds) {
        double nanos = seconds * 1e9;
        if (nanos >= 1e18) {
            return 1_000_000_000_000_000_000L;
        }
        return (long) nanos;
    }

    /**
     * One operation's view of the timeouts, fixed when it starts (a settimeout from another
     * thread applies to the next operation).
     */
    public static final class Clock {
        private static final Clock UNLIMITED = new Clock(-1, -1, 0);

        private final double blockSeconds;
        private final double totalSeconds;
        private long startNanos;

        Clock(double blockSeconds, double totalSeconds, long startNanos) {
            this.blockSeconds = blockSeconds;
            this.totalSeconds = totalSeconds;
            this.startNanos = startNanos;
        }

        /** A clock that never limits anything: for I/O with no timeout at all. */
        public static Clock unlimited() {
            return UNLIMITED;
        }

        /** Restarts the operation (connect does so for every address it tries). */
        public void restart() {
            if (this != UNLIMITED) {
                startNanos = System.nanoTime();
            }
        }

        /** True when the block timeout is exactly zero: fail at once rather than wait. */
        public boolean neverWaits() {
            return blockSeconds == 0;
        }

        /** The wait allowed now, or {@link Timeout#FOREVER}. */
        public long waitNanos() {
            if (this == UNLIMITED) {
                return FOREVER;
            }
            return Timeout.waitNanos(blockSeconds, totalSeconds, System.nanoTime() - startNanos);
        }

        /**
         * Takes {@code lock}, waiting no longer than the timeouts allow: the wait for an
         * operation's lock counts against its timeouts, like the JDK's own timed reads, and a
         * block timeout of 0 never waits.
         *
         * @throws IoFailure "timeout", or "interrupted" (the thread's flag stays set)
         */
        public void lock(ReentrantLock lock) throws IoFailure {
            if (lock.tryLock()) {
                return;
            }
            long nanos = waitNanos();
            if (neverWaits() || nanos == 0) {
                throw IoFailure.timeout();
            }
            try {
                if (nanos == FOREVER) {
                    lock.lockInterruptibly();
                } else if (!lock.tryLock(nanos, TimeUnit.NANOSECONDS)) {
                    throw IoFailure.timeout();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IoFailure(TcpException.Kind.INTERRUPTED, "interrupted");
            }
        }
    }
}
