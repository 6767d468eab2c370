package io.loomsocket.internal.socket;

import io.loomsocket.TcpException.Kind;
import io.loomsocket.TcpException;
import io.loomsocket.internal.engine.IoFailure;
import io.loomsocket.internal.engine.Timeout;
import io.loomsocket.internal.net.ErrorText;
import io.loomsocket.internal.net.Family;
import io.loomsocket.internal.net.Resolver;
import io.loomsocket.internal.socket.SocketCore.Role;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.SocketChannel;
import java.util.List;

/** connect, as LuaSocket's {@code inet_tryconnect} does it, over JDK channels. */
final class Connecting {
    private Connecting() {}

    /**
     * {@code connect(address, port)}: tries each resolved address, restarting the timeouts for
     * each; a block timeout of 0 stops after the first. The object becomes a client whatever
     * happens.
     */
    static void connect(SocketCore core, String host, int port, Timeout.Clock clock)
            throws TcpException {
        try {
            clock.throwIfDeadlinePassed();
            clock.lock(core.sendLock);
            try {
                connectLocked(core, host, port, clock);
            } finally {
                core.sendLock.unlock();
            }
        } catch (IoFailure failure) {
            throw SocketCore.exception(failure);
        } finally {
            core.setRole(Role.CLIENT);
        }
    }

    private static void connectLocked(SocketCore core, String host, int port, Timeout.Clock clock)
            throws IoFailure {
        List<InetSocketAddress> addresses = Resolver.resolve(host, port, core.family, false);
        if (core.server != null) {
            // A listening socket is "connected" as far as connect(2) is concerned.
            throw new IoFailure(Kind.ALREADY_CONNECTED, ErrorText.ALREADY_CONNECTED);
        }
        // As LuaSocket's inet_tryconnect: a socket is made whenever the family changes, and the
        // object's family is recorded on success, or when a block timeout of 0 ends the loop.
        Family current = core.family;
        IoFailure last = null;
        for (InetSocketAddress address : addresses) {
            clock.restart();
            Family wanted = Resolver.familyOf(address.getAddress());
            SocketChannel open;
            core.stateLock.lock();
            try {
                open = replaceChannelIfNeeded(core, current, wanted);
                current = wanted;
            } catch (IoFailure failure) {
                last = failure;
                continue;
            } finally {
                core.stateLock.unlock();
            }
            try {
                if (Resolver.isV4Mapped(address.getAddress())) {
                    // Every IPv6 socket is IPv6-only: a mapped IPv4 address is unreachable.
                    throw new IoFailure(Kind.OTHER, ErrorText.UNREACHABLE);
                }
                connectOne(core, open, address, clock);
                core.setFamily(current);
                return;
            } catch (IoFailure failure) {
                last = failure;
                replaceFailedChannel(core, open);
            }
            if (clock.neverWaits()) {
                core.setFamily(current);
                break;
            }
        }
        throw last;
    }

    private static void connectOne(SocketCore core, SocketChannel open, InetSocketAddress address,
            Timeout.Clock clock) throws IoFailure {
        if (core.unfinished.takeConnected(open) && open.isConnected()) {
            // Linux still counts a socket whose connect finished while it was polled (or while
            // nobody asked) as connecting, until connect(2) is called again: that call returns
            // 0 (whatever the address), and only the next one says EISCONN.
            return;
        }
        if (core.unfinished.disconnecting(open)) {
            // shutdown(2) on a socket whose connect had failed left it SS_DISCONNECTING, a
            // state connect(2) refuses for good.
            throw new IoFailure(Kind.OTHER, ErrorText.INVALID_ARGUMENT);
        }
        IoFailure held = core.unfinished.takeHeld(open);
        if (held != null) {
            // The kernel's socket is still in its failed connect and holds the error:
            // connect(2) reports it, and the socket is fresh again after it.
            throw held;
        }
        if (core.unfinished.takeAborted(open)) {
            // The kernel's socket is still in its failed connect, whose error was consumed:
            // connect(2) says ECONNABORTED once, and the socket is fresh again after it.
            throw IoFailure.closed();
        }
        try {
            boolean connected;
            try {
                connected = open.connect(address);
            } catch (ConnectionPendingException e) {
                // An earlier attempt is still under way: report how it stands, as connect(2) does.
                if (open.finishConnect()) {
                    return;
                }
                throw new IoFailure(Kind.OTHER, ErrorText.IN_PROGRESS);
            }
            while (!connected) {
                core.io.awaitConnected(open, clock);
                try {
                    connected = open.finishConnect();
                } catch (IOException e) {
                    failedWhileWaited(core, open);
                    throw e;
                }
                if (connected) {
                    core.unfinished.connected(open);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw ErrorText.failure(e);
        } finally {
            // Whatever happened, a connect's interest could only fire uselessly from now on.
            core.waits.connectDone();
        }
    }

    /**
     * A connect failed while it was waited for (or its error was read with getoption("error")):
     * LuaSocket reads the error without calling connect(2), so Linux keeps the socket in its
     * failed connect and the next connect on it says ECONNABORTED ({@code "closed"}) once. The
     * fresh socket put in place of the JDK's closed one carries that.
     */
    static void failedWhileWaited(SocketCore core, SocketChannel failed) {
        replaceFailedChannel(core, failed);
        core.unfinished.abortedInPlaceOf(failed);
    }

    /**
     * shutdown(2) on a socket whose connect is still under way aborts the connect
     * ({@code inet_shutdown} disconnects a SYN_SENT socket) and leaves it unconnected, as if
     * fresh: the JDK cannot undo a connect, so a fresh socket takes {@code pending}'s place
     * (same getfd), unless the user closed the object meanwhile.
     */
    static void abortPending(SocketCore core, SocketChannel pending) {
        if (!replaceWithFresh(core, pending)) {
            return;
        }
        // As close() does: no longer the socket's, so no wait registers it again; then out of
        // its poller, since the JDK defers the close of a registered channel; then closed.
        core.waits.retire(pending);
        SocketCore.closeQuietly(pending);
    }

    /**
     * The JDK closes a channel whose connect failed, where LuaSocket's descriptor stays open and
     * unconnected: give the object a fresh socket of the same family in its place (same getfd),
     * unless the user closed the object meanwhile.
     */
    static void replaceFailedChannel(SocketCore core, SocketChannel failed) {
        if (failed.isOpen()) {
            return;
        }
        core.waits.retire(failed); // the JDK defers the close of a registered channel
        replaceWithFresh(core, failed);
    }

    /**
     * Puts a fresh socket of the same family in {@code old}'s place, if {@code old} is still the
     * object's channel (false when the user closed or replaced it meanwhile).
     */
    private static boolean replaceWithFresh(SocketCore core, SocketChannel old) {
        core.stateLock.lock();
        try {
            if (core.channel != old) {
                return false;
            }
            try {
                core.channel = SocketCore.openChannel(core.channelFamily);
            } catch (IoFailure e) {
                core.channel = null;
            }
            return true;
        } finally {
            core.stateLock.unlock();
        }
    }

    /**
     * Bind and connect keep the object's socket while the family they are working in ({@code
     * current}, the object's family at first) matches the address, and make a new one otherwise.
     */
    static SocketChannel replaceChannelIfNeeded(SocketCore core, Family current, Family wanted)
            throws IoFailure {
        SocketChannel open = core.channel;
        if (open != null && open.isOpen() && current == wanted) {
            return open;
        }
        if (open != null) {
            core.waits.retire(open);
            SocketCore.closeQuietly(open);
        }
        SocketChannel fresh = SocketCore.openChannel(wanted);
        core.channel = fresh;
        core.channelFamily = wanted;
        core.handle = SocketCore.HANDLES.getAndIncrement();
        return fresh;
    }
}
