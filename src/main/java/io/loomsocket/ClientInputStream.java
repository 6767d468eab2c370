package io.loomsocket;

import io.loomsocket.internal.engine.ReceiveBuffer;
import io.loomsocket.internal.socket.FailureContext;
import io.loomsocket.internal.socket.SocketCore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A client as an {@link InputStream} (see {@link TcpClient#inputStream()}). A read takes
 * whatever has arrived through the receive buffer, so it consumes nothing when it fails; the
 * calls that loop over reads ({@code readNBytes}, {@code readAllBytes}, {@code skip}) keep what
 * they took before a failure in {@link #held}, which the next read returns first.
 *
 * <p>Like any InputStream, for one reader at a time; {@link #close()} may come from any thread.
 */
final class ClientInputStream extends InputStream {
    private static final byte[] NOTHING = new byte[0];

    private final SocketCore core;
    /** Bytes a failed call had taken, returned (from {@link #heldFrom}) before any more. */
    private byte[] held = NOTHING;
    /** Index of the first byte of {@link #held} not yet returned. */
    private int heldFrom;
    /** Set by {@link #close()}: later reads fail "closed". */
    private volatile boolean closed;

    ClientInputStream(SocketCore core) {
        this.core = core;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw FailureContext.locate(ReceiveException.closed(NOTHING), "inputStream().read",
                    core, null);
        }
        if (len == 0) {
            return 0;
        }
        if (heldFrom < held.length) {
            int count = Math.min(len, held.length - heldFrom);
            System.arraycopy(held, heldFrom, b, off, count);
            heldFrom += count;
            return count;
        }
        try {
            int count = core.receiveAvailable(b, off, len);
            if (count < 0 && core.isClosed()) {
                // closed here, not ended by the peer
                throw FailureContext.locate(ReceiveException.closed(NOTHING),
                        "inputStream().read", core, null);
            }
            return count;
        } catch (ReceiveException e) {
            throw e.isTimeout() ? timeout(e) : e;
        }
    }

    @Override
    public int readNBytes(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        int total = 0;
        try {
            while (total < len) {
                int count = read(b, off + total, len - total);
                if (count < 0) {
                    break;
                }
                total += count;
            }
        } catch (IOException | RuntimeException e) {
            holdBack(b, off, total);
            throw e;
        }
        return total;
    }

    @Override
    public byte[] readNBytes(int len) throws IOException {
        if (len < 0) {
            throw new IllegalArgumentException("len < 0: " + len);
        }
        ByteArrayOutputStream taken = new ByteArrayOutputStream();
        byte[] chunk = new byte[Math.min(len, ReceiveBuffer.SIZE)];
        try {
            while (taken.size() < len) {
                int count = read(chunk, 0, Math.min(chunk.length, len - taken.size()));
                if (count < 0) {
                    break;
                }
                taken.write(chunk, 0, count);
            }
        } catch (IOException | RuntimeException e) {
            byte[] bytes = taken.toByteArray();
            holdBack(bytes, 0, bytes.length);
            throw e;
        }
        return taken.toByteArray();
    }

    @Override
    public byte[] readAllBytes() throws IOException {
        return readNBytes(Integer.MAX_VALUE);
    }

    @Override
    public long skip(long n) throws IOException {
        if (n <= 0) {
            return 0;
        }
        byte[] skipped = readNBytes((int) Math.min(n, Integer.MAX_VALUE - 8));
        return skipped.length;
    }

    /** The bytes held back and those in the receive buffer: what a read returns without I/O. */
    @Override
    public int available() throws IOException {
        if (closed) {
            throw FailureContext.locate(ReceiveException.closed(NOTHING),
                    "inputStream().available", core, null);
        }
        return held.length - heldFrom + core.buffered();
    }

    /** Shuts the receiving direction down, as {@code shutdown("receive")}; idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            core.shutdown(true, false);
        }
    }

    /** Puts {@code b[off, off + count)} before the bytes still held: the next read returns them. */
    private void holdBack(byte[] b, int off, int count) {
        if (count == 0) {
            return;
        }
        byte[] rest = Arrays.copyOfRange(held, heldFrom, held.length);
        byte[] joined = Arrays.copyOfRange(b, off, off + count + rest.length);
        System.arraycopy(rest, 0, joined, count, rest.length);
        held = joined;
        heldFrom = 0;
    }

    private static SocketTimeoutException timeout(ReceiveException cause) {
        SocketTimeoutException timeout = new SocketTimeoutException("timeout");
        timeout.initCause(cause);
        return timeout;
    }
}
