package io.loomsocket.internal.transport;

import io.loomsocket.internal.engine.IoFailure;
import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * What the socket layer records when a read or a write meets a connect that no connect call
 * finished: LuaSocket never calls connect(2) again after a connect timed out, so Linux completes
 * the handshake, or fails it, on its own, and the next send or receive finds the outcome. The
 * JDK keeps such a channel connection-pending until {@code finishConnect}, and closes it when
 * the connect failed; the socket layer owns the channel and what Linux would still remember.
 */
public interface ConnectOutcomes {
    /**
     * A read or a write found the connect of {@code channel} done: Linux still counts the
     * socket as connecting, so the next connect(2) returns 0 once.
     */
    void connected(SocketChannel channel);

    /**
     * A read or a write found that the connect of {@code channel} failed, and the JDK closed
     * the channel: the socket layer puts a fresh one in its place. The kernel hands the error
     * to this call, once.
     *
     * @return the failure this read or write reports
     */
    IoFailure failed(SocketChannel channel, IOException cause);

    /**
     * The error of a failed connect that the kernel still holds for {@code channel}, an
     * unconnected channel, taken now by a read or a write; null when none is held.
     */
    IoFailure takeError(SocketChannel channel);

    /**
     * Whether {@code channel}, unconnected, stands for the socket of a failed connect whose error
     * was taken: Linux shut it down both ways, so a read finds end of stream, not ENOTCONN.
     */
    boolean readsEndOfStream(SocketChannel channel);
}
