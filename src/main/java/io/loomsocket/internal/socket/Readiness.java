package io.loomsocket.internal.socket;

import io.loomsocket.internal.engine.IoFailure;
import io.loomsocket.internal.engine.Timeout;
import io.loomsocket.internal.transport.ReadinessProbe;
import io.loomsocket.internal.transport.SelectWait;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What LuaSocket's select asks of one socket, through the socket's own waits: whether a receive
 * (or an accept) would return without waiting, and whether a send would, each either now (a
 * clock that never waits) or within a clock's time. Linux's answers for each state:
 *
 * <ul>
 *   <li>a client is readable with buffered data, with data in the kernel (read into the buffer
 *       now, as the receive would), at the end of the stream or on an error (left for the
 *       receive to report); writable when the kernel takes more, or once a connect under way has
 *       finished either way;
 *   <li>a server is readable with a connection to accept, never writable;
 *   <li>a socket that is neither connected nor connecting nor listening (a master from {@code
 *       tcp4()}, the socket a failed connect leaves) is both, as Linux reports such a socket hung
 *       up.
 * </ul>
 *
 * A wait holds the lock of its direction (receive or send), as the receive or send it stands
 * for would; a readiness check asked of the kernel holds the state lock, so that a close waits
 * for it ({@link ReadinessProbe}).
 */
public final class Readiness {
    private Readiness() {}

    /**
     * Whether a receive or an accept on {@code core} would not wait, waiting for that up to
     * {@code clock}'s time.
     *
     * @throws IoFailure "interrupted" when the thread is interrupted while it waits
     */
    public static boolean readable(SocketCore core, Timeout.Clock clock) throws IoFailure {
        ServerSocketChannel listening = core.server;
        if (listening != null) {
            return acceptable(core, listening, clock);
        }
        if (core.dirty()) {
            return true;
        }
        while (true) {
            SocketChannel channel = core.channel;
            if (channel == null) {
                return core.dirty();
            }
            if (!channel.isConnectionPending()) {
                return hungUp(channel) || core.awaitReadable(clock);
            }
            // A connect under way: its outcome first, without taking a failure's error, which
            // stays for the next connect, send or receive to report, as Linux keeps it.
            core.unfinished.settleNow(channel);
            if (core.channel != channel || !channel.isConnectionPending()) {
                continue;
            }
            if (clock.neverWaits() || clock.waitNanos() == 0) {
                return false;
            }
            clock.lock(core.receiveLock);
            try {
                core.io.awaitReadable(clock); // waits for the handshake while it is under way
            } catch (IoFailure failure) {
                if (failure.kind() == io.loomsocket.TcpException.Kind.TIMEOUT) {
                    return false;
                }
                throw failure;
            } finally {
                core.receiveLock.unlock();
            }
        }
    }

    /**
     * Whether a send on {@code core} would not wait (or a connect under way has finished),
     * waiting for that up to {@code clock}'s time.
     *
     * @throws IoFailure "interrupted" when the thread is interrupted while it waits
     */
    public static boolean writable(SocketCore core, Timeout.Clock clock) throws IoFailure {
        if (core.server != null) {
            return false;
        }
        while (true) {
            SocketChannel channel = core.channel;
            if (channel == null) {
                return false;
            }
            if (channel.isConnectionPending()) {
                core.unfinished.settleNow(channel);
                if (core.channel != channel || !channel.isConnectionPending()) {
                    return true; // connected, or failed (its error is held for the next call)
                }
            } else if (hungUp(channel) || probe(core, channel, SelectionKey.OP_WRITE)) {
                return true;
            }
            if (clock.neverWaits() || clock.waitNanos() == 0) {
                return false;
            }
            clock.lock(core.sendLock);
            try {
                core.io.awaitWritable(clock);
            } catch (IoFailure failure) {
                if (failure.kind() == io.loomsocket.TcpException.Kind.TIMEOUT) {
                    return false;
                }
                throw failure;
            } finally {
                core.sendLock.unlock();
            }
        }
    }

    private static boolean acceptable(SocketCore core, ServerSocketChannel listening,
            Timeout.Clock clock) throws IoFailure {
        while (true) {
            if (core.server != listening) {
                return false;
            }
            if (probe(core, listening, SelectionKey.OP_ACCEPT)) {
                return true;
            }
            if (clock.neverWaits() || clock.waitNanos() == 0) {
                return false;
            }
            clock.lock(core.receiveLock);
            try {
                core.waits.awaitAcceptable(listening, clock);
            } catch (IoFailure failure) {
                if (failure.kind() == io.loomsocket.TcpException.Kind.TIMEOUT) {
                    return false;
                }
                throw failure;
            } finally {
                core.receiveLock.unlock();
            }
        }
    }

    /**
     * Waits, under {@code clock}, until a receive or an accept on one of {@code readers}, or a
     * send on one of {@code writers}, may not wait (a connect under way counts as waiting to
     * write, whichever set holds it): one wait for all of them, through the sockets' own wait
     * slots ({@link SelectWait}), costing no descriptor. A socket whose direction another thread
     * holds now (a receive or send in progress) is left out of the wait; the caller's check
     * after the wait still asks it. Never consumes data.
     *
     * @return true when woken (one may be ready), false when the time ran out
     * @throws IoFailure "interrupted" when the thread is interrupted; its flag stays set
     */
    public static boolean awaitAny(List<SocketCore> readers, List<SocketCore> writers,
            Timeout.Clock clock) throws IoFailure {
        List<ReentrantLock> held = new ArrayList<>();
        try {
            SelectWait wait = new SelectWait();
            for (SocketCore core : readers) {
                ServerSocketChannel listening = core.server;
                SocketChannel channel = core.channel;
                if (listening != null) {
                    if (hold(core.receiveLock, held)) {
                        wait.add(core.waits, listening, true, SelectionKey.OP_ACCEPT);
                    }
                } else if (channel != null && channel.isConnectionPending()) {
                    if (hold(core.sendLock, held)) {
                        wait.add(core.waits, channel, false,
                                SelectionKey.OP_CONNECT | SelectionKey.OP_WRITE);
                    }
                } else if (channel != null && hold(core.receiveLock, held)) {
                    wait.add(core.waits, channel, true, SelectionKey.OP_READ);
                }
            }
            for (SocketCore core : writers) {
                SocketChannel channel = core.channel;
                if (core.server != null || channel == null || !hold(core.sendLock, held)) {
                    continue;
                }
                wait.add(core.waits, channel, false, channel.isConnectionPending()
                        ? SelectionKey.OP_CONNECT | SelectionKey.OP_WRITE : SelectionKey.OP_WRITE);
            }
            return wait.await(clock);
        } finally {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).unlock();
            }
        }
    }

    /** Takes {@code lock} if it is free now (it may be this thread's already). */
    private static boolean hold(ReentrantLock lock, List<ReentrantLock> held) {
        if (!lock.tryLock()) {
            return false;
        }
        held.add(lock);
        return true;
    }

    /** Neither connected, nor connecting: Linux reports such a socket hung up, so ready both ways. */
    private static boolean hungUp(SocketChannel channel) {
        return !channel.isConnected() && !channel.isConnectionPending();
    }

    /** The kernel's answer now, under the state lock, for a channel that is still the socket's. */
    private static boolean probe(SocketCore core, java.nio.channels.SelectableChannel channel,
            int operation) throws IoFailure {
        core.stateLock.lock();
        try {
            if (core.channel != channel && core.server != channel) {
                return false;
            }
            return ReadinessProbe.readyNow(channel, operation);
        } finally {
            core.stateLock.unlock();
        }
    }
}
