package io.loomsocket.timing;

/**
 * When something happened, taken by the thread that made it happen (a peer's send, a connect),
 * just before it did: a reference in the same run for the wait it should end.
 */
public final class Moment {
    private volatile long nanos;
    private volatile boolean marked;

    /** A moment not taken yet: {@link #mark()} takes it. */
    public Moment() {
    }

    /** A moment taken already, at {@code nanos} ({@link System#nanoTime()}). */
    public Moment(long nanos) {
        this.nanos = nanos;
        this.marked = true;
    }

    /** Takes the time now ({@link System#nanoTime()}). */
    public void mark() {
        nanos = System.nanoTime();
        marked = true;
    }

    /** Whether {@link #mark()} was called. */
    public boolean marked() {
        return marked;
    }

    /** The time taken; only once {@link #marked()}. */
    public long nanos() {
        if (!marked) {
            throw new IllegalStateException("not marked yet");
        }
        return nanos;
    }
}
