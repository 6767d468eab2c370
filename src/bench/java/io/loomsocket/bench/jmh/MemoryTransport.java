package io.loomsocket.bench.jmh;

import io.loomsocket.internal.engine.Timeout;
import io.loomsocket.internal.engine.Transport;

/**
 * A transport with no network: reads copy from a fixed pattern, over and over, as much as asked
 * for (as a kernel does with plenty of data queued), until an optional end of stream; writes
 * accept everything.
 */
final class MemoryTransport implements Transport {
    private final byte[] pattern;
    private final long length;
    private int position;
    private long served;

    /**
     * @param pattern the bytes served, repeated
     * @param length bytes served before the stream ends, or -1 for an endless stream
     */
    MemoryTransport(byte[] pattern, long length) {
        this.pattern = pattern;
        this.length = length;
    }

    /** Starts the stream again from its first byte. */
    void rewind() {
        position = 0;
        served = 0;
    }

    @Override
    public int read(byte[] dst, int off, int len, Timeout.Clock clock) {
        long left = length < 0 ? Long.MAX_VALUE : length - served;
        if (left <= 0) {
            return CLOSED;
        }
        int n = (int) Math.min(Math.min(len, left), pattern.length - position);
        System.arraycopy(pattern, position, dst, off, n);
        position += n;
        if (position == pattern.length) {
            position = 0;
        }
        served += n;
        return n;
    }

    @Override
    public int write(byte[] src, int off, int len, Timeout.Clock clock) {
        return len;
    }
}
