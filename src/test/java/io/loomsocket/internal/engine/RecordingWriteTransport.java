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
    /** Writes after the first {@link #wholeWrites} take at most {@link #cut} bytes. */
    private int wholeWrites = Integer.MAX_VALUE;
    private int cut = Integer.MAX_VALUE;
    private long failAfter = Long.MAX_VALUE;
    private Failure failure = Failure.CLOSED;

    /** What {@link #peerMayHaveClosed} answers, or the failure it throws. */
    private boolean peerMayHaveClosed = true;
    private IoFailure probeFailure;
    private int probes;
    private int flushes;

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

    /** Takes the first {@code whole} writes whole, then at most {@code cut} bytes of each. */
    RecordingWriteTransport cuttingFrom(int whole, int cut) {
        this.wholeWrites = whole;
        this.cut = cut;
        return this;
    }

    /** A peer from which nothing has come: sends need not keep LuaSocket's first step. */
    RecordingWriteTransport peerOpen() {
        this.peerMayHaveClosed = false;
        return this;
    }

    /** The probe finds the connection reset. */
    RecordingWriteTransport probeFailing(IoFailure failure) {
        this.probeFailure = failure;
        return this;
    }

    /** How often the sender asked whether the peer may have closed. */
    int probes() {
        return probes;
    }

    /** How often the sender pushed out what Nagle's algorithm held. */
    int flushes() {
        return flushes;
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
    public boolean peerMayHaveClosed() throws IoFailure {
        probes++;
        if (probeFailure != null) {
            throw probeFailure;
        }
        return peerMayHaveClosed;
    }

    @Override
    public void flushHeld() {
        flushes++;
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
        int most = writes.size() < wholeWrites ? maxPerWrite : Math.min(maxPerWrite, cut);
        int count = (int) Math.min(Math.min(len, most), budget);
        accepted.write(src, off, count);
        writes.add(new Write(off, len, count));
        return count;
    }
}
