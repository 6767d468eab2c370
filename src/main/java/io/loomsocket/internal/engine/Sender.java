package io.loomsocket.internal.engine;

import io.loomsocket.SendException;

/**
 * LuaSocket's unbuffered send ({@code buffer.c} sendraw): the selected range in kernel writes,
 * each continuing right after what the previous one took. The first write of a call is given
 * at most {@link #FIRST_WRITE} bytes, the later ones at most {@link #MAX_WRITE}.
 */
public final class Sender {
    /**
     * LuaSocket's STEPSIZE, the most its every write is given. The first write keeps it, because
     * the step can show: to a peer that has closed, the first write succeeds and the reset it
     * draws fails the next one, so C reports 8192 bytes sent, not a whole large array.
     */
    public static final int FIRST_WRITE = 8192;

    /**
     * The most a later write is given. Past the first write no caller can tell the step: a
     * non-blocking write takes what fits in the send buffer either way, and a timeout reports
     * exactly what was taken. Larger writes cost fewer syscalls; 128 KiB is also what the JDK's
     * own socket streams give one write, because the JDK copies a heap array into a temporary
     * direct buffer of the write's size.
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
                int step = Math.min(end - position, position == offset ? FIRST_WRITE : MAX_WRITE);
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
