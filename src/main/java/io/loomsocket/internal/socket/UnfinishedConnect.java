package io.loomsocket.internal.socket;

import io.loomsocket.internal.engine.IoFailure;
import io.loomsocket.internal.net.ErrorText;
import io.loomsocket.internal.transport.ConnectOutcomes;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What Linux's socket remembers of a connect that LuaSocket did not finish with connect(2).
 * LuaSocket waits for a connect with poll and reads its error with a zero-length recv, and after
 * a timeout it never asks again; so the kernel still counts the socket as connecting
 * ({@code SS_CONNECTING}) whatever became of the handshake, and the next connect(2), send,
 * recv or shutdown(2) answers from that. The JDK settles a channel at {@code finishConnect} and
 * closes it when the connect failed, so the states Linux keeps are recorded here, each for the
 * channel it belongs to (a state of a channel that is no longer the object's has no effect):
 *
 * <pre>
 *   handshake done, not asked          connected: the next connect returns 0 once, then EISCONN;
 *                                          shutdown makes it a plain connected socket
 *   failed, error held                 held: the next send, recv or getoption("error") takes the
 *                                          error (then aborted); a connect takes it and is fresh
 *   failed, error taken                aborted: recv is end of stream, send EPIPE; the next
 *                                          connect says ECONNABORTED ("closed") once, then fresh
 *   failed, then shut down             disconnecting: every connect says EINVAL
 * </pre>
 *
 * A connect still under way when shutdown is called is aborted by the kernel, which leaves a
 * plain unconnected socket ({@link Connecting#abortPending}).
 */
final class UnfinishedConnect implements ConnectOutcomes {
    /** An error the kernel holds for the socket put in place of {@code channel}'s failed one. */
    private record Held(SocketChannel channel, IoFailure error) {}

    private final SocketCore core;
    /** The channel whose connect finished while no connect(2) was called. */
    private volatile SocketChannel connected;
    /** The channel standing for a failed connect whose error was taken. */
    private volatile SocketChannel aborted;
    /** The channel standing for a failed connect whose error the kernel still holds. */
    private final AtomicReference<Held> held = new AtomicReference<>();
    /** The channel standing for a failed connect that shutdown(2) left disconnecting. */
    private volatile SocketChannel disconnecting;

    UnfinishedConnect(SocketCore core) {
        this.core = core;
    }

    @Override
    public void connected(SocketChannel channel) {
        connected = channel;
    }

    /** Whether {@code channel}'s connect finished while no connect(2) was called; clears it. */
    boolean takeConnected(SocketChannel channel) {
        if (channel == null || connected != channel) {
            return false;
        }
        connected = null;
        return true;
    }

    @Override
    public IoFailure failed(SocketChannel channel, IOException cause) {
        Connecting.replaceFailedChannel(core, channel);
        abortedInPlaceOf(channel);
        return ErrorText.failure(cause);
    }

    /**
     * The connect of {@code failed} failed and its error was taken (by its own wait, or by
     * getoption("error")): the socket that replaced it stands for it.
     */
    void abortedInPlaceOf(SocketChannel failed) {
        SocketChannel fresh = core.channel;
        if (fresh != null && fresh != failed) {
            aborted = fresh;
        }
    }

    /**
     * The connect of {@code failed} failed and nothing took its error: the socket that replaced
     * it holds it for the next send, recv, connect or getoption("error").
     */
    void heldInPlaceOf(SocketChannel failed, IoFailure error) {
        SocketChannel fresh = core.channel;
        if (fresh != null && fresh != failed) {
            held.set(new Held(fresh, error));
        }
    }

    @Override
    public IoFailure takeError(SocketChannel channel) {
        IoFailure error = takeHeld(channel);
        if (error != null) {
            aborted = channel;
        }
        return error;
    }

    /** The error held for {@code channel}, taken by a connect (which leaves a fresh socket). */
    IoFailure takeHeld(SocketChannel channel) {
        Held now = held.get();
        if (channel == null || now == null || now.channel() != channel
                || !held.compareAndSet(now, null)) {
            return null;
        }
        return now.error();
    }

    @Override
    public boolean readsEndOfStream(SocketChannel channel) {
        return channel != null && (channel == aborted || channel == disconnecting);
    }

    /** Whether the next connect on {@code channel} says ECONNABORTED; clears it. */
    boolean takeAborted(SocketChannel channel) {
        if (channel == null || aborted != channel) {
            return false;
        }
        aborted = null;
        return true;
    }

    /** Whether every connect on {@code channel} says EINVAL. */
    boolean disconnecting(SocketChannel channel) {
        return channel != null && channel == disconnecting;
    }

    /**
     * shutdown(2) on {@code channel}, an unconnected socket: one that stands for a failed
     * connect becomes disconnecting, as inet_shutdown leaves an SS_CONNECTING socket.
     */
    void shutDown(SocketChannel channel) {
        Held now = held.get();
        if (channel == null) {
            return;
        }
        if (channel == aborted || (now != null && now.channel() == channel)) {
            disconnecting = channel;
        }
    }

    /**
     * Asks how the pending connect of {@code pending} stands, without waiting, as a call that
     * does not finish a connect (getpeername, getsockname, shutdown, getoption) would find the
     * kernel's socket: connected (recorded as finished while not asked), still under way, or
     * failed, in which case a fresh socket takes the JDK's closed one's place and holds the
     * error.
     *
     * @return true when {@code pending} is connected now
     */
    boolean settleNow(SocketChannel pending) {
        if (!pending.isConnectionPending()) {
            return pending.isConnected();
        }
        try {
            if (pending.finishConnect()) {
                connected(pending);
                return true;
            }
            return false;
        } catch (ClosedChannelException e) {
            return false;
        } catch (IOException e) {
            Connecting.replaceFailedChannel(core, pending);
            heldInPlaceOf(pending, ErrorText.failure(e));
            return false;
        } catch (RuntimeException e) {
            return pending.isConnected(); // finished on another thread meanwhile
        }
    }
}
