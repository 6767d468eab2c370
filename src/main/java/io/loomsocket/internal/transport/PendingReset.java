package io.loomsocket.internal.transport;

import io.loomsocket.internal.engine.IoFailure;
import io.loomsocket.internal.net.ErrorText;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * A reset Linux keeps as the socket's pending error, once the JDK no longer asks the kernel.
 * Linux hands a pending error to the first read or send that reaches it, once, and says end of
 * stream (or EPIPE) after that. Once the kernel's input is shut, the JDK makes no read at all
 * (every read is end of stream), so this keeps the error for the reads: reported once, behind
 * the queued bytes. A send after {@code shutdownOutput} on a non-blocking channel does reach the
 * kernel, which hands it the error; then the reads must not report it any more.
 *
 * <p>Guarded by the caller's read lock.
 */
final class PendingReset {
    /** An error the kernel gave while the queued bytes were read out, not yet reported. */
    private IoFailure failure;
    /** The ends of a connection whose input the kernel shut, while a reset may still come. */
    private InetSocketAddress[] watched;

    /** The kernel gave {@code e} while the queue was read out, before its input was shut. */
    void failedWhileReadingOut(IOException e) {
        failure = ErrorText.failure(e);
    }

    /** The kernel's input is being shut, and a reset may still come (unless one came already). */
    void watch(SocketChannel channel) throws IOException {
        if (failure == null) {
            watched = new InetSocketAddress[] {
                    (InetSocketAddress) channel.getLocalAddress(),
                    (InetSocketAddress) channel.getRemoteAddress()};
        }
    }

    /** Whether a read's end of stream must be checked with {@link #atEndOfShutInput}. */
    boolean mayFail() {
        return failure != null || watched != null;
    }

    /**
     * The end of a shut input: the reset that came, once, as an error; end of stream after it,
     * and also when the table shows the peer finished, or no reset can be known of.
     */
    void atEndOfShutInput() throws IoFailure {
        IoFailure pending = failure;
        failure = null;
        if (pending == null && watched != null) {
            KernelTcpTable.Entry entry = KernelTcpTable.lookup(watched[0], watched[1]);
            if (entry != KernelTcpTable.Entry.OPEN) {
                watched = null;
            }
            if (entry == KernelTcpTable.Entry.ABSENT) {
                pending = IoFailure.closed();
            }
        }
        if (pending != null) {
            watched = null;
            throw pending;
        }
    }

    /**
     * A send of at least one byte after the output was shut: the kernel handed it the pending
     * reset (the JDK's non-blocking write makes the call), so the reads no longer report it.
     */
    void sendAfterShutOutput() {
        if (failure != null) {
            failure = null; // the kernel had given it to the read-out already; C's send takes it
        } else if (watched != null
                && KernelTcpTable.lookup(watched[0], watched[1]) == KernelTcpTable.Entry.ABSENT) {
            watched = null;
        }
    }
}
