package io.loomsocket.internal.engine;

import io.loomsocket.SendException;

/**
 * LuaSocket's unbuffered send ({@code buffer.c} sendraw): the selected range in kernel writes of
 * at most {@link SendRange#STEP} bytes, each continuing right after what the previous one took.
 */
public final class Sender {
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
                int step = Math.min(end - position, SendRange.STEP);
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
