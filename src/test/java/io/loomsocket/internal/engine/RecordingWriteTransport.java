package io.loomsocket.internal.engine;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory peer for the send engine: it accepts at most {@code maxPerWrite} bytes of each
 * write, records every request and every accepted byte, and can fail every write once a given
 * number of bytes has been accepted.
 */
final class RecordingWriteTransport implements Transport {
    /** The failure reported once the byte budget is spent. */
    enum Failure {
        TIMEOUT,
        CLOSED
    }

    /** One write call: where it started in the source array, how much was offered and taken. */
    record Write(int offset, int requested, int accepted) {}

    private final int maxPerWrite;
    private long failAfter = Long.MAX_VALUE;
    private Failure failure = Failure.CLOSED;

    private final ByteArrayOutputStream accepted = new ByteArrayOutputStream();
    private final List<Write> writes = new ArrayList<>();
    private int failedWrites;

    RecordingWriteTransport(int maxPerWrite) {
        if (maxPerWrite < 1) {
            throw new IllegalArgumentException("maxPerWrite must be positive: " + maxPerWrite);
        }
        this.maxPerWrite = maxPerWrite;
    }

    /** A peer that takes whatever is offered. */
    static RecordingWriteTransport acceptingAll() {
        return new RecordingWriteTransport(Integer.MAX_VALUE);
    }

    /** Accepts {@code bytes} in total, then fails every write with {@code failure}. */
    RecordingWriteTransport failingAfter(long bytes, Failure failure) {
        this.failAfter = bytes;
        this.failure = failure;
        return this;
    }

    byte[] accepted() {
        return accepted.toByteArray();
    }

    /** The successful writes, in order. */
    List<Write> writes() {
        return List.copyOf(writes);
    }

    /** Every write call, including failed ones. */
    int calls() {
        return writes.size() + failedWrites;
    }

    @Override
    public int read(byte[] dst, int off, int len, Timeout.Clock clock) {
        throw new UnsupportedOperationException("a write-only transport");
    }

    @Override
    public int write(byte[] src, int off, int len, Timeout.Clock clock) throws IoFailure {
        if (len < 1) {
            throw new AssertionError("write of " + len + " bytes");
        }
        long budget = failAfter - accepted.size();
        if (budget <= 0) {
            failedWrites++;
            throw failure == Failure.TIMEOUT ? IoFailure.timeout() : IoFailure.closed();
        }
        int count = (int) Math.min(Math.min(len, maxPerWrite), budget);
        accepted.write(src, off, count);
        writes.add(new Write(off, len, count));
        return count;
    }
}
