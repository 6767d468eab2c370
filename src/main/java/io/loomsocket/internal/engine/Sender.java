package io.loomsocket.internal.engine;

import io.loomsocket.SendException;

/**
 * LuaSocket's unbuffered send ({@code buffer.c} sendraw): the selected range in kernel writes of
 * at most {@link #MAX_WRITE} bytes, each continuing right after what the previous one took.
 */
public final class Sender {
    /**
     * The most one kernel write is given. LuaSocket gives 8192 (its STEPSIZE), but no caller can
     * tell: a non-blocking write takes what fits in the send buffer either way, and a timeout
     * reports exactly what was taken. Larger writes cost fewer syscalls; 128 KiB is also what the
     * JDK's own socket streams give one write, because the JDK copies a heap array into a
     * temporary direct buffer of the write's size.
     */
    public static final int MAX_WRITE = 128 * 1024;

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
        try {
            while (position < end) {
                int step = Math.min(end - position, MAX_WRITE);
                int written = transport.write(data, position, step, clock);
                position += written;
                counters.addSent(written);
            }
        } catch (IoFailure failure) {
            throw new SendException(failure.kind(), failure.getMessage(), position);
        }
        return end;
    }
}
