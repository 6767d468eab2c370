package io.loomsocket.internal.engine;

/**
 * The driver under the receive and send engines, like LuaSocket's {@code io.h}: a real socket
 * in production, an in-memory stream in tests.
 */
public interface Transport {
    /** {@link #read} result: the stream ended cleanly, or the socket was closed locally. */
    int CLOSED = -1;

    /**
     * Reads at least one byte into {@code dst[off, off + len)}, waiting under {@code clock}.
     *
     * @return the count read (at least 1), or {@link #CLOSED}
     * @throws IoFailure on timeout or any other error (a reset is a failure "closed", not
     *     {@link #CLOSED}: {@code *a} tells them apart)
     */
    int read(byte[] dst, int off, int len, Timeout.Clock clock) throws IoFailure;

    /**
     * {@link #read} for a transport that waits: {@link #readNow} until it finds something, with
     * {@link #awaitReadable} between the attempts (a wait may also end early, for a wake or a
     * close, and the next attempt looks again).
     */
    static int readWaiting(Transport transport, byte[] dst, int off, int len,
            Timeout.Clock clock) throws IoFailure {
        while (true) {
            int count = transport.readNow(dst, off, len);
            if (count != 0) {
                return count;
            }
            transport.awaitReadable(clock);
        }
    }

    /**
     * Reads what is there now, without waiting: LuaSocket's {@code recv} before its
     * {@code socket_waitfd}. With {@link #awaitReadable} it lets a caller give its buffer up
     * while it waits. The default serves transports that never wait: a read whose only wait
     * would have been a timeout says 0, and {@link #awaitReadable} then reports that timeout.
     *
     * @return the count read, {@link #CLOSED}, or 0 when nothing is there yet
     * @throws IoFailure on any error but a timeout
     */
    default int readNow(byte[] dst, int off, int len) throws IoFailure {
        try {
            return read(dst, off, len, Timeout.Clock.immediate());
        } catch (IoFailure failure) {
            if (failure.isTimeout()) {
                return 0;
            }
            throw failure;
        }
    }

    /**
     * Whether {@link #readNowSpilling} reads into both of its ranges in one call. False by
     * default: the receive engine then reads a count's tail through its buffer in a read of its
     * own, as C's last fill.
     */
    default boolean readsSpilling() {
        return false;
    }

    /**
     * {@link #readNow} into {@code dst[off, off + len)} that runs on into {@code
     * spill[0, spillLen)} in the same call (a scatter read): the kernel gives up the bytes that
     * a read of {@code len} and a read of {@code spillLen} after it would take. Called only
     * when {@link #readsSpilling} says so; the default reads into {@code dst} alone.
     *
     * @return the count read into both ranges (bytes past {@code len} are in {@code spill}),
     *     {@link #CLOSED}, or 0 when nothing is there yet
     * @throws IoFailure on any error but a timeout
     */
    default int readNowSpilling(byte[] dst, int off, int len, byte[] spill, int spillLen)
            throws IoFailure {
        return readNow(dst, off, len);
    }

    /**
     * Waits until a read may find something (bytes, an end, an error), for as long as
     * {@code clock} allows, after {@link #readNow} found nothing.
     *
     * @throws IoFailure "timeout" when the time runs out (at once when the block timeout is 0)
     */
    default void awaitReadable(Timeout.Clock clock) throws IoFailure {
        throw IoFailure.timeout();
    }

    /**
     * Writes at least one byte of {@code src[off, off + len)}, waiting under {@code clock}.
     *
     * @return the count the kernel accepted, at least 1
     * @throws IoFailure on timeout, "closed" or any other error
     */
    int write(byte[] src, int off, int len, Timeout.Clock clock) throws IoFailure;

    /**
     * Whether the peer may have ended its side of the connection, which is when the step of a
     * send's first write shows ({@link Sender#FIRST_WRITE}): asked before a send that needs more
     * than one step, so that the send may go out in one write when the peer cannot have closed.
     * The default keeps the step always.
     *
     * @return false only when nothing has arrived from the peer (no byte, no end of stream)
     * @throws IoFailure the error the connection holds (a reset), which the send's first write
     *     would have reported; it is reported once, as a write would take it
     */
    default boolean peerMayHaveClosed() throws IoFailure {
        return true;
    }

    /**
     * Sends at once what the kernel holds back under Nagle's algorithm, without turning the
     * algorithm off: called after a send that took more than one write, whose last segment would
     * otherwise wait for the peer's (possibly delayed) acknowledgement of the ones before it.
     * Best effort: a transport that cannot, or that holds nothing back, does nothing.
     */
    default void flushHeld() {}

    /**
     * Makes a receive that waits now, or the next one to wait, look again at once: for a layer
     * above that has read bytes out of this transport for the receives (a TLS layer reading its
     * peer's records for a send), which no wait on this transport would otherwise see.
     */
    default void wakeReader() {}
}
