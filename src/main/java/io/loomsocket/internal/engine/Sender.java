package io.loomsocket.internal.engine;

import io.loomsocket.SendException;

/**
 * LuaSocket's unbuffered send ({@code buffer.c} sendraw): the selected range in kernel writes,
 * each continuing right after what the previous one took. The first write of a call is given
 * at most {@link #FIRST_WRITE} bytes when the peer may have closed (the one case where the step
 * shows); the others up to {@link #LARGE_WRITE} while the kernel takes them whole, and up to
 * {@link #MAX_WRITE} once one was cut short. A call whose first write kept
 * that step pushes out what Nagle's algorithm holds back after it.
 */
public final class Sender {
    /**
     * LuaSocket's STEPSIZE, the most its every write is given. The first write keeps it when the
     * peer may have closed, because the step shows there: to a peer that has closed, the first
     * write succeeds and the reset it draws fails the next one, so C reports 8192 bytes sent,
     * not a whole large array. When nothing (no byte, no end of stream) has come from the peer,
     * it has not closed, and no caller can tell the step: the range goes out in one write then,
     * as one segment, where two (8192 bytes and the rest) would make Nagle's algorithm hold the
     * second until the peer's acknowledgement of the first, up to 40 ms later.
     */
    public static final int FIRST_WRITE = 8192;

    /**
     * The most a write is given once the send buffer has cut a write of the call short. Past the
     * first write no caller can tell the step: a non-blocking write takes what fits in the send
     * buffer either way, and a timeout reports exactly what was taken. The JDK copies a heap
     * array into a temporary direct buffer of the whole offered length before the syscall, so an
     * offer much larger than the free space copies bytes the kernel then refuses: 128 KiB, what
     * the JDK's own socket streams give every write, bounds that waste.
     */
    public static final int MAX_WRITE = 128 * 1024;

    /**
     * The most a write is given while the kernel has taken every earlier write of the call
     * whole. One write of a whole message (up to 1 MiB) wakes the peer's reads fewer times than
     * writes of {@link #MAX_WRITE} do, and costs fewer syscalls; the temporary direct buffer the
     * JDK keeps per carrier thread grows to this size at most.
     */
    public static final int LARGE_WRITE = 1024 * 1024;

    private Sender() {}

    /**
     * Sends {@code data[range]} and returns the index of the last byte sent.
     *
     * @throws SendException carrying the index of the last byte the kernel accepted, so that
     *     {@code send(data, last + 1)} resumes without losing or repeating a byte
     */
    public static long send(byte[] data, SendRange range, Transport transport, Timeout.Clock clock,
            Counters counters) throws SendException {
        if (range.isEmpty()) {
            return range.before();
        }
        int offset = (int) range.before();
        int end = (int) range.last();
        int position = offset;
        // LuaSocket's step shows only to a peer that has closed; when nothing has come from the
        // peer, it cannot have, and the whole range goes out in one write (one segment).
        boolean stepped = end - offset > FIRST_WRITE;
        try {
            if (stepped && !transport.peerMayHaveClosed()) {
                stepped = false;
            }
            boolean cutShort = false;
            while (position < end) {
                int step = Math.min(end - position, position == offset && stepped ? FIRST_WRITE
                        : cutShort ? MAX_WRITE : LARGE_WRITE);
                int written = transport.write(data, position, step, clock);
                cutShort |= written < step;
                position += written;
                counters.addSent(written);
                clock.moved();
            }
        } catch (IoFailure failure) {
            throw new SendException(failure.kind(), failure.getMessage(), position);
        }
        if (stepped) {
            // The step went out as a segment shorter than the MSS, so Nagle's algorithm holds
            // the rest of the range until the peer acknowledges it, which a peer waiting for
            // the whole message may delay by 40 ms: send the rest now. (Writes that the send
            // buffer cut short need nothing of the kind: they are what every socket's are.)
            transport.flushHeld();
        }
        return end;
    }
}
