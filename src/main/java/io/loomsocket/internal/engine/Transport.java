package io.loomsocket.internal.engine;

/**
 * The three-call driver under the receive and send engines, like LuaSocket's {@code io.h}: a
 * real socket in production, an in-memory stream in tests.
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
     * Writes at least one byte of {@code src[off, off + len)}, waiting under {@code clock}.
     *
     * @return the count the kernel accepted, at least 1
     * @throws IoFailure on timeout, "closed" or any other error
     */
    int write(byte[] src, int off, int len, Timeout.Clock clock) throws IoFailure;
}
