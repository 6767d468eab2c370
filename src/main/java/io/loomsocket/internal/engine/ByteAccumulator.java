package io.loomsocket.internal.engine;

import java.util.Arrays;

/**
 * A growable byte array for one receive result: the prefix, then whatever the pattern takes, up
 * to an optional limit on the whole (the receive's maxsize).
 */
final class ByteAccumulator {
    private static final int CR = '\r';

    /** Bytes in {@code [0, size)} are the result so far. */
    private byte[] bytes;
    private int size;
    /** The most {@code size} may reach through {@link #appendWithoutCr}; others check room(). */
    private final int limit;

    /** Starts with room for {@code capacity} bytes: a count that is known needs no regrowth. */
    ByteAccumulator(byte[] prefix, int capacity) {
        this(prefix, capacity, Integer.MAX_VALUE);
    }

    private ByteAccumulator(byte[] prefix, int capacity, int limit) {
        bytes = Arrays.copyOf(prefix, Math.max(capacity, prefix.length));
        size = prefix.length;
        this.limit = limit;
    }

    /**
     * A result that may hold at most {@code limit} bytes, the prefix included; a limit beyond
     * what a Java array holds is no limit.
     */
    static ByteAccumulator limited(byte[] prefix, long limit) {
        return new ByteAccumulator(prefix, prefix.length + 64,
                (int) Math.max(prefix.length, Math.min(limit, Integer.MAX_VALUE)));
    }

    /** How many more bytes the limit admits. */
    int room() {
        return limit - size;
    }

    /** True once the result holds as many bytes as its limit admits. */
    boolean full() {
        return size >= limit;
    }

    void append(byte[] src, int from, int to) {
        int count = to - from;
        ensure(count);
        System.arraycopy(src, from, bytes, size, count);
        size += count;
    }

    /** Reads at most {@code max} bytes from the transport onto the end; returns its result. */
    int readFrom(Transport transport, int max, Timeout.Clock clock) throws IoFailure {
        ensure(max);
        int count = transport.read(bytes, size, max, clock);
        if (count > 0) {
            size += count;
        }
        return count;
    }

    /**
     * {@link Transport#readNowSpilling} of at most {@code max} bytes onto the end, running on
     * into {@code spill[0, spillLen)}; returns its result (the bytes past {@code max} are in
     * {@code spill}).
     */
    int readNowSpilling(Transport transport, int max, byte[] spill, int spillLen)
            throws IoFailure {
        ensure(max);
        int count = transport.readNowSpilling(bytes, size, max, spill, spillLen);
        if (count > 0) {
            size += Math.min(count, max);
        }
        return count;
    }

    /**
     * Appends {@code src[from, to)} without its CR bytes ({@code *l} drops every CR), as far as
     * the limit admits: it stops before the first byte other than CR that would pass the limit,
     * and returns where it stopped ({@code to} when everything was taken). CRs cost no room, so
     * those before the stop are taken.
     */
    int appendWithoutCr(byte[] src, int from, int to) {
        int end = to;
        if (to - from > limit - size) {
            int room = limit - size;
            end = from;
            while (end < to && (src[end] == CR || room-- > 0)) {
                end++;
            }
        }
        ensure(end - from);
        int start = from;
        for (int cr = LineEnds.indexOfCr(src, start, end); cr >= 0;
                cr = LineEnds.indexOfCr(src, start, end)) {
            System.arraycopy(src, start, bytes, size, cr - start);
            size += cr - start;
            start = cr + 1;
        }
        System.arraycopy(src, start, bytes, size, end - start);
        size += end - start;
        return end;
    }

    /** The result; the array itself when it is exactly full, so a known count is copied once. */
    byte[] toArray() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }

    private void ensure(int extra) {
        long needed = (long) size + extra;
        if (needed > bytes.length) {
            if (needed > Integer.MAX_VALUE - 8) {
                throw new OutOfMemoryError("receive result larger than a Java array: " + needed);
            }
            int grown = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * bytes.length));
            bytes = Arrays.copyOf(bytes, grown);
        }
    }
}
