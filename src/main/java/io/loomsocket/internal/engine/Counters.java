package io.loomsocket.internal.engine;

/**
 * LuaSocket's accounting for one client: bytes moved out of the receive buffer, bytes the kernel
 * accepted, and the birthday that getstats turns into an age.
 *
 * <p>Each counter has one writer at a time (the thread holding the receive or send lock), so a
 * plain volatile is enough; a setstats racing with a transfer may be overwritten by it.
 */
public final class Counters {
    /** Bytes consumed from the receive buffer, into results or partials; CR and LF count too. */
    private volatile long received;
    /** Bytes the kernel accepted, including those of calls that later failed. */
    private volatile long sent;
    /** {@link System#nanoTime()} at the object's creation, or when setstats last set the age. */
    private volatile long birthdayNanos = System.nanoTime();
    /** The age setstats gave, in seconds, at {@link #birthdayNanos}; any double reads back. */
    private volatile double ageAtBirthdaySeconds;

    public long received() {
        return received;
    }

    public long sent() {
        return sent;
    }

    /** Seconds since the birthday. */
    public double ageSeconds() {
        return ageAtBirthdaySeconds + (System.nanoTime() - birthdayNanos) / 1e9;
    }

    void addReceived(long count) {
        received += count;
    }

    void addSent(long count) {
        sent += count;
    }

    public void setReceived(long value) {
        received = value;
    }

    public void setSent(long value) {
        sent = value;
    }

    /** Makes the age read {@code seconds} now. */
    public void setAgeSeconds(double seconds) {
        ageAtBirthdaySeconds = seconds;
        birthdayNanos = System.nanoTime();
    }
}
