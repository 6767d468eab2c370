package io.loomsocket;

import io.loomsocket.internal.socket.SocketCore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.util.Objects;

/**
 * A client as an {@link OutputStream} (see {@link TcpClient#outputStream()}): each write is one
 * {@code send}, unbuffered as LuaSocket's sends are, so a timed-out write can say exactly how
 * many of its bytes the kernel took ({@link java.io.InterruptedIOException#bytesTransferred}).
 */
final class ClientOutputStream extends OutputStream {
    private final SocketCore core;
    /** Set by {@link #close()}, which shuts the sending direction once. */
    private volatile boolean closed;

    ClientOutputStream(SocketCore core) {
        this.core = core;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return;
        }
        try {
            core.send(b, off + 1L, (long) off + len);
        } catch (SendException e) {
            if (!e.isTimeout()) {
                throw e;
            }
            SocketTimeoutException timeout = new SocketTimeoutException("timeout");
            timeout.bytesTransferred = (int) (e.lastIndex() - off);
            timeout.initCause(e);
            throw timeout;
        }
    }

    /** Shuts the sending direction down, as {@code shutdown("send")}; idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            core.shutdown(false, true);
        }
    }
}
