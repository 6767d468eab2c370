package io.loomsocket.internal.socket;

import io.loomsocket.TcpException;
import io.loomsocket.internal.engine.Timeout;
import java.net.SocketAddress;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;

/**
 * Where a failure happened, written into the exception a socket method throws: the operation,
 * the socket's class and addresses, and for a timeout the limit that ran out. The exception's
 * fields are the API package's own, so that package installs the one writer that can set them
 * ({@link #install}, from {@code TcpException}'s initialiser, which has run before any exception
 * exists). Nothing here can fail: an address that cannot be read is left out.
 */
public final class FailureContext {
    /** Sets the context of an exception that has none yet. */
    @FunctionalInterface
    public interface Writer {
        void write(TcpException e, String operation, String className, SocketAddress local,
                SocketAddress peer, boolean closed, TcpException.Limit limit, double limitSeconds);
    }

    private static volatile Writer writer;

    private FailureContext() {}

    /** Installed once, by the API package. */
    public static void install(Writer installed) {
        writer = installed;
    }

    /**
     * {@code e} with the context of a failure of {@code operation} on {@code core}, under
     * {@code clock} (null for an operation that does not wait). Returns {@code e}, to be thrown.
     */
    public static <E extends TcpException> E locate(E e, String operation, SocketCore core,
            Timeout.Clock clock) {
        Writer installed = writer;
        if (installed == null) {
            return e;
        }
        TcpException.Limit limit = null;
        double seconds = Double.NaN;
        if (clock != null && e.kind() == TcpException.Kind.TIMEOUT) {
            limit = clock.expired();
            if (limit != null) {
                seconds = clock.seconds(limit);
            }
        }
        NetworkChannel open = core.server != null ? core.server : core.channel;
        SocketAddress local = null;
        SocketAddress peer = null;
        if (open != null) {
            try {
                local = open.getLocalAddress();
                if (open instanceof SocketChannel client) {
                    peer = client.getRemoteAddress();
                }
            } catch (java.io.IOException | RuntimeException ignored) {
                // closed meanwhile: what was read stays
            }
        }
        installed.write(e, operation, core.role().className(), local, peer, core.isClosed(),
                limit, seconds);
        return e;
    }
}
