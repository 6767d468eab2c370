package io.loomsocket.internal.transport;

import io.loomsocket.internal.engine.IoFailure;
import io.loomsocket.internal.engine.Timeout;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A connect that a read or a write finds unfinished, done as Linux does it for C LuaSocket: a
 * send on a socket still connecting waits for the handshake within its own timeouts
 * ({@code sk_stream_wait_connect}, then LuaSocket's poll), a recv polls within its timeouts,
 * and either one gets the connect's error if the handshake fails. The JDK instead answers reads
 * and writes of a connection-pending channel with {@code NotYetConnectedException} until
 * {@code finishConnect}, which this calls.
 */
final class PendingConnect {
    private final Supplier<SocketChannel> channel;
    private final SocketWaits waits;
    private final ConnectOutcomes outcomes;
    /**
     * Held by the one thread that waits for a connect's outcome: the writing slot takes one
     * waiter, and a receive may find the connect unfinished while a send or a connect waits
     * for it too. The others wait for this lock, within their own timeouts.
     */
    private final ReentrantLock outcomeLock = new ReentrantLock();

    PendingConnect(Supplier<SocketChannel> channel, SocketWaits waits, ConnectOutcomes outcomes) {
        this.channel = channel;
        this.waits = waits;
        this.outcomes = outcomes;
    }

    /**
     * Finishes the pending connect of {@code pending} for a read or a write, waiting under
     * {@code clock}. Returns once it is connected, or once it is no longer pending or no longer
     * the socket's channel (the caller's retry then sees why).
     *
     * @throws IoFailure "timeout" when the handshake is not done in time, or the connect's error
     */
    void finish(SocketChannel pending, Timeout.Clock clock) throws IoFailure {
        while (!finishNow(pending)) {
            await(pending, clock);
        }
    }

    /**
     * Finishes the pending connect of {@code pending} if the kernel has: true when it is
     * connected, or no longer pending, or no longer the socket's channel (the caller's read
     * then sees why); false while the handshake goes on. Never waits.
     *
     * @throws IoFailure the connect's error
     */
    boolean finishNow(SocketChannel pending) throws IoFailure {
        if (channel.get() != pending || !pending.isConnectionPending()) {
            return true;
        }
        try {
            if (!pending.finishConnect()) {
                return false;
            }
        } catch (ClosedChannelException | RuntimeException e) {
            return true; // closed meanwhile, or finished on another thread: the read says which
        } catch (IOException e) {
            throw outcomes.failed(pending, e);
        }
        outcomes.connected(pending);
        return true;
    }

    /** Waits, under {@code clock}, until the connect of {@code pending} has an outcome. */
    void await(SocketChannel pending, Timeout.Clock clock) throws IoFailure {
        clock.lock(outcomeLock);
        try {
            if (pending.isConnectionPending()) {
                waits.awaitConnected(pending, clock);
            }
        } finally {
            // A connect's interest could only fire uselessly from now on, and a connected
            // socket's write interest must be asked for afresh (see SocketWaits.connectDone).
            waits.connectDone();
            outcomeLock.unlock();
        }
    }
}
