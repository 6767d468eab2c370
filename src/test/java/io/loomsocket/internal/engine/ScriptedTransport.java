package io.loomsocket.internal.engine;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * An in-memory peer for the receive engine: a byte stream delivered in the chunks of a read cut,
 * optionally interrupted by one-shot timeouts at given stream offsets, and closed by a clean end
 * of stream, a reset or a timeout that never ends.
 *
 * <p>A read never returns more than the rest of the current chunk, and stops short of the next
 * pending timeout point, so that every point is reached exactly when the reader has taken all the
 * bytes before it. Reads are counted and capped, so a reader that loops forever fails instead.
 */
final class ScriptedTransport implements Transport {
    /** How the stream ends once every byte has been served. */
    enum Ending {
        /** Every further read returns {@link Transport#CLOSED}. */
        EOF,
        /** Every further read fails "closed", as a connection reset does. */
        RESET,
        /** Every further read fails "timeout": the peer stays silent. */
        TIMEOUT
    }

    private final byte[] stream;
    private int[] cuts = {Integer.MAX_VALUE};
    private Ending ending = Ending.EOF;
    private final TreeSet<Integer> pendingTimeouts = new TreeSet<>();
    private ReadObserver beforeRead = (served, off, len) -> {};
    private long maxReads;
    private boolean spilling;

    private int position;
    private int cutIndex;
    private long chunkLeft;
    private long reads;

    private ScriptedTransport(byte[] stream) {
        this.stream = stream.clone();
        this.maxReads = 2L * stream.length + 10_000;
    }

    /** Serves {@code stream} in one chunk, then ends cleanly; configure with the other methods. */
    static ScriptedTransport of(byte[] stream) {
        return new ScriptedTransport(stream);
    }

    /** Serves {@code stream} one byte per read, then ends cleanly. */
    static ScriptedTransport oneBytePerRead(byte[] stream) {
        return of(stream).cutInto(1);
    }

    /** The peer's chunk sizes, used in turn and repeated until the stream is exhausted. */
    ScriptedTransport cutInto(int... sizes) {
        if (sizes.length == 0 || Arrays.stream(sizes).anyMatch(size -> size < 1)) {
            throw new IllegalArgumentException("cut sizes must be positive: " + Arrays.toString(sizes));
        }
        this.cuts = sizes.clone();
        return this;
    }

    ScriptedTransport endingWith(Ending ending) {
        this.ending = ending;
        return this;
    }

    /** One timeout, once each, when a read is asked for while exactly {@code offset} bytes were served. */
    ScriptedTransport timeoutAt(int... offsets) {
        for (int offset : offsets) {
            if (offset < 0 || offset > stream.length) {
                throw new IllegalArgumentException("timeout point outside the stream: " + offset);
            }
            pendingTimeouts.add(offset);
        }
        return this;
    }

    /** Sees every read request before it is served. */
    interface ReadObserver {
        void beforeRead(int served, int off, int len);
    }

    ScriptedTransport beforeEachRead(ReadObserver hook) {
        this.beforeRead = hook;
        return this;
    }

    ScriptedTransport maxReads(long max) {
        this.maxReads = max;
        return this;
    }

    /** Bytes served so far. */
    int served() {
        return position;
    }

    long reads() {
        return reads;
    }

    boolean timeoutsPending() {
        return !pendingTimeouts.isEmpty();
    }

    /** Serves scatter reads ({@link Transport#readsSpilling}), one chunk across both ranges. */
    ScriptedTransport spilling() {
        this.spilling = true;
        return this;
    }

    @Override
    public boolean readsSpilling() {
        return spilling;
    }

    @Override
    public int readNowSpilling(byte[] dst, int off, int len, byte[] spill, int spillLen)
            throws IoFailure {
        if (!spilling) {
            throw new AssertionError("a scatter read from a transport that has none");
        }
        try {
            return serve(dst, off, len, spill, spillLen);
        } catch (IoFailure failure) {
            if (failure.isTimeout()) {
                return 0;
            }
            throw failure;
        }
    }

    @Override
    public int read(byte[] dst, int off, int len, Timeout.Clock clock) throws IoFailure {
        return serve(dst, off, len, null, 0);
    }

    /** One read of at most {@code len + spillLen} bytes, the first {@code len} into dst. */
    private int serve(byte[] dst, int off, int len, byte[] spill, int spillLen) throws IoFailure {
        if (++reads > maxReads) {
            throw new AssertionError("more than " + maxReads + " reads: the reader loops");
        }
        if (len < 1) {
            throw new AssertionError("read of " + len + " bytes");
        }
        beforeRead.beforeRead(position, off, len + spillLen);
        if (pendingTimeouts.remove(position)) {
            throw IoFailure.timeout();
        }
        if (position == stream.length) {
            return switch (ending) {
                case EOF -> CLOSED;
                case RESET -> throw IoFailure.closed();
                case TIMEOUT -> throw IoFailure.timeout();
            };
        }
        if (chunkLeft == 0) {
            chunkLeft = cuts[cutIndex];
            cutIndex = (cutIndex + 1) % cuts.length;
        }
        long limit = Math.min(Math.min((long) len + spillLen, chunkLeft),
                stream.length - position);
        Integer nextPoint = pendingTimeouts.higher(position);
        if (nextPoint != null) {
            limit = Math.min(limit, nextPoint - position);
        }
        int count = (int) limit;
        System.arraycopy(stream, position, dst, off, Math.min(count, len));
        if (count > len) {
            System.arraycopy(stream, position + len, spill, 0, count - len);
        }
        position += count;
        chunkLeft -= count;
        return count;
    }

    @Override
    public int write(byte[] src, int off, int len, Timeout.Clock clock) {
        throw new UnsupportedOperationException("a read-only transport");
    }
}
