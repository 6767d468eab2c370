package io.loomsocket.internal.engine;

import io.loomsocket.TcpException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * LuaSocket's block and total timeouts for one object, the object's deadline and idle timeout
 * (Java additions), and the clock of the operation in progress.
 *
 * <p>The arithmetic is the Unix table of LuaSocket's {@code timeout_getretry}: with only a block
 * timeout, the block limit runs from the start of the call; with both, the block timeout caps each
 * wait while the total runs from the start. A block timeout of exactly zero means "never wait".
 * Unlike LuaSocket, the clock is {@link System#nanoTime()} (monotonic) and waits are not
 * truncated to whole milliseconds.
 *
 * <p>The deadline is a point in time that holds for every operation until it is changed: an
 * operation that starts after it fails at once, and a wait never runs past it. The idle timeout
 * limits each wait from the moment bytes last moved in the operation (or it started), as {@link
 * java.net.Socket#setSoTimeout} limits each read. Without either, the table alone decides,
 * exactly as in LuaSocket.
 */
public final class Timeout {
    /** Returned by {@link #waitNanos} when the wait has no limit. */
    public static final long FOREVER = -1;
    /** The longest span kept in nanoseconds (about 31 years): sums with nanoTime stay safe. */
    private static final long MAX_NANOS = 1_000_000_000_000_000_000L;

    /** Seconds as the user gave them; any negative value means no limit. Written by settimeout. */
    private volatile double blockSeconds = -1;
    /** Seconds as the user gave them; any negative value means no limit. Written by settimeout. */
    private volatile double totalSeconds = -1;
    /** The deadline as a {@link System#nanoTime()} value, or null for none. */
    private volatile Long deadlineNanoTime;
    /** The idle timeout in nanoseconds (0: never wait), or -1 for none. */
    private volatile long idleNanos = -1;

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

    /**
     * Sets the deadline {@code nanos} from now (saturated far below overflow; zero or negative
     * means it has passed already).
     */
    public void setDeadlineAfter(long nanos) {
        long saturated = Math.max(-MAX_NANOS, Math.min(nanos, MAX_NANOS));
        deadlineNanoTime = System.nanoTime() + saturated;
    }

    /** Removes the deadline: the block and total timeouts alone limit operations again. */
    public void clearDeadline() {
        deadlineNanoTime = null;
    }

    /**
     * Sets the idle timeout: each wait may last at most {@code nanos} after bytes last moved in
     * the operation (or after it started); 0 or less means no wait at all, and {@link #FOREVER}
     * removes it.
     */
    public void setIdleNanos(long nanos) {
        idleNanos = nanos == FOREVER ? FOREVER : Math.max(0, Math.min(nanos, MAX_NANOS));
    }

    /** Starts an operation now: the returned clock answers how long each wait may last. */
    public Clock start() {
        double block = blockSeconds;
        double total = totalSeconds;
        Long deadline = deadlineNanoTime;
        long idle = idleNanos;
        if (block < 0 && total < 0 && deadline == null && idle < 0) {
            return Clock.UNLIMITED; // no clock reading and no allocation when nothing is limited
        }
        return new Clock(block, total, System.nanoTime(), deadline, idle);
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

    /**
     * A wait from the table ({@link #FOREVER} included) shortened so that it ends no later than
     * a deadline {@code untilDeadlineNanos} away; a deadline that has passed allows no wait.
     */
    public static long capByDeadline(long waitNanos, long untilDeadlineNanos) {
        long left = Math.max(untilDeadlineNanos, 0);
        return waitNanos == FOREVER ? left : Math.min(waitNanos, left);
    }

    /** Seconds to nanoseconds, saturating far below overflow so that sums stay safe. */
    public static long toNanos(double seconds) {
        double nanos = seconds * 1e9;
        if (nanos >= 1e18) {
            return MAX_NANOS;
        }
        return (long) nanos;
    }

    /**
     * One operation's view of the timeouts, fixed when it starts (a settimeout from another
     * thread applies to the next operation). It also remembers which limit bounded the last
     * wait, so that a timeout can say which one ran out ({@link #expired}).
     */
    public static final class Clock {
        /** A block timeout of 0: the clock of an operation that must not wait at all. */
        private static final Clock IMMEDIATE = new Clock(0, -1, 0, null);
        private static final Clock UNLIMITED = new Clock(-1, -1, 0, null);

        private final double blockSeconds;
        private final double totalSeconds;
        private long startNanos;
        /** True when the object had a deadline as the operation started. */
        private final boolean hasDeadline;
        /** That deadline, a {@link System#nanoTime()} value; it does not move on restart. */
        private final long deadlineNanoTime;
        /** The idle timeout in nanoseconds, or -1 for none. */
        private final long idleNanos;
        /** When bytes last moved (or the operation started): the idle timeout runs from here. */
        private long idleFromNanos;
        /** The limit that bounded the last wait {@link #waitNanos} allowed, or null. */
        private TcpException.Limit bound;
        /** When that wait was to end, a {@link System#nanoTime()} value. */
        private long boundEndsNanos;

        Clock(double blockSeconds, double totalSeconds, long startNanos) {
            this(blockSeconds, totalSeconds, startNanos, null);
        }

        Clock(double blockSeconds, double totalSeconds, long startNanos, Long deadlineNanoTime) {
            this(blockSeconds, totalSeconds, startNanos, deadlineNanoTime, -1);
        }

        Clock(double blockSeconds, double totalSeconds, long startNanos, Long deadlineNanoTime,
                long idleNanos) {
            this.blockSeconds = blockSeconds;
            this.totalSeconds = totalSeconds;
            this.startNanos = startNanos;
            this.hasDeadline = deadlineNanoTime != null;
            this.deadlineNanoTime = hasDeadline ? deadlineNanoTime : 0;
            this.idleNanos = idleNanos;
            this.idleFromNanos = startNanos;
        }

        /** A clock that never limits anything: for I/O with no timeout at all. */
        public static Clock unlimited() {
            return UNLIMITED;
        }

        /** A clock that never waits: any wait is a timeout at once. */
        public static Clock immediate() {
            return IMMEDIATE;
        }

        /** Restarts the operation (connect does so for every address it tries). */
        public void restart() {
            if (this != UNLIMITED && this != IMMEDIATE) {
                startNanos = System.nanoTime();
                idleFromNanos = startNanos;
            }
        }

        /**
         * Bytes moved (a read or a write took some): the idle timeout runs again from now. Free
         * when there is no idle timeout.
         */
        public void moved() {
            if (idleNanos >= 0) {
                idleFromNanos = System.nanoTime();
            }
        }

        /** True when the block timeout is exactly zero: fail at once rather than wait. */
        public boolean neverWaits() {
            return blockSeconds == 0;
        }

        /**
         * Fails "timeout" if the deadline has passed: every operation calls this as it starts,
         * so that none begins, not even one that would need no I/O, once the deadline is over.
         */
        public void throwIfDeadlinePassed() throws IoFailure {
            if (hasDeadline && deadlineNanoTime - System.nanoTime() <= 0) {
                throw IoFailure.timeout();
            }
        }

        /**
         * The wait allowed now, or {@link Timeout#FOREVER}: the table's answer, shortened so that
         * it ends no later than the idle timeout after bytes last moved, and never past the
         * deadline.
         */
        public long waitNanos() {
            if (this == UNLIMITED) {
                return FOREVER;
            }
            if (this == IMMEDIATE) {
                return 0; // shared: nothing of a wait is recorded in it
            }
            long now = System.nanoTime();
            long wait = Timeout.waitNanos(blockSeconds, totalSeconds, now - startNanos);
            TcpException.Limit limit = wait == FOREVER ? null : tableLimit(now);
            if (idleNanos >= 0) {
                long idleLeft = Math.max(idleFromNanos + idleNanos - now, 0);
                if (wait == FOREVER || idleLeft < wait) {
                    wait = idleLeft;
                    limit = TcpException.Limit.IDLE;
                }
            }
            if (hasDeadline) {
                long capped = capByDeadline(wait, deadlineNanoTime - now);
                if (wait == FOREVER || capped < wait) {
                    limit = TcpException.Limit.DEADLINE;
                }
                wait = capped;
            }
            bound = limit;
            boundEndsNanos = now + Math.max(wait, 0);
            return wait;
        }

        /** Which of the two timeouts of the table set its answer at {@code now}. */
        private TcpException.Limit tableLimit(long now) {
            if (blockSeconds < 0) {
                return TcpException.Limit.TOTAL;
            }
            if (totalSeconds < 0) {
                return TcpException.Limit.BLOCK;
            }
            long totalLeft = toNanos(totalSeconds) - Math.max(0, now - startNanos);
            return toNanos(blockSeconds) <= totalLeft ? TcpException.Limit.BLOCK
                    : TcpException.Limit.TOTAL;
        }

        /**
         * The limit that ran out, for an operation that failed "timeout": the deadline once it
         * has passed; the block timeout when it is 0 (nothing waits then); otherwise the limit
         * that bounded the last wait, provided that wait's time is up. Null when none ran out
         * here (the kernel's own "Connection timed out").
         */
        public TcpException.Limit expired() {
            long now = System.nanoTime();
            if (hasDeadline && deadlineNanoTime - now <= 0) {
                return TcpException.Limit.DEADLINE;
            }
            if (neverWaits()) {
                return TcpException.Limit.BLOCK;
            }
            return bound != null && now - boundEndsNanos >= 0 ? bound : null;
        }

        /** The setting of {@code limit} in seconds, as given; NaN for the deadline. */
        public double seconds(TcpException.Limit limit) {
            return switch (limit) {
                case BLOCK -> blockSeconds;
                case TOTAL -> totalSeconds;
                case IDLE -> idleNanos / 1e9;
                case DEADLINE -> Double.NaN;
            };
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
            if (nanos == 0) { // a block timeout of 0 always allows 0
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
