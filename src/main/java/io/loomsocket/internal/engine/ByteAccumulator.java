package io.loomsocket.internal.engine;

import java.util.Arrays;

/** A growable byte array for one receive result: the prefix, then whatever the pattern takes. */
final class ByteAccumulator {
    private static final int LF = '\n';
    private static final int CR = '\r';

    /** Bytes in {@code [0, size)} are the result so far. */
    private byte[] bytes;
    private int size;

    ByteAccumulator(byte[] prefix) {
        this(prefix, prefix.length + 64);
    }

    /** Starts with room for {@code capacity} bytes: a count that is known needs no regrowth. */
    ByteAccumulator(byte[] prefix, int capacity) {
        bytes = Arrays.copyOf(prefix, Math.max(capacity, prefix.length));
        size = prefix.length;
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

    /** Appends {@code src[from, to)} without its CR bytes: {@code *l} drops every CR. */
    void appendWithoutCr(byte[] src, int from, int to) {
        ensure(to - from);
        int start = from;
        for (int i = from; i < to; i++) {
            if (src[i] == CR) {
                System.arraycopy(src, start, bytes, size, i - start);
                size += i - start;
                start = i + 1;
            }
        }
        System.arraycopy(src, start, bytes, size, to - start);
        size += to - start;
    }

    /** The result; the array itself when it is exactly full, so a known count is copied once. */
    byte[] toArray() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }

    static int indexOfLf(byte[] src, int from, int to) {
        for (int i = from; i < to; i++) {
            if (src[i] == LF) {
                return i;
            }
        }
        return -1;
    }

    static int indexOfCr(byte[] src, int from, int to) {
        for (int i = from; i < to; i++) {
            if (src[i] == CR) {
                return i;
            }
        }
        return -1;
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
