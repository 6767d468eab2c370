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
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;

/** bind, listen and accept (LuaSocket's {@code inet_trybind}, {@code listen}, {@code accept}). */
final class Listening {
    private Listening() {}

    /** {@code master:bind(address, port)}. */
    static void bind(SocketCore core, String host, int port) throws TcpException {
        core.stateLock.lock();
        try {
            List<InetSocketAddress> addresses = Resolver.resolve(host, port, core.family, true);
            // As LuaSocket's inet_trybind: a socket is made whenever the family changes.
            Family current = core.family;
            IoFailure last = null;
            for (InetSocketAddress address : addresses) {
                Family wanted = Resolver.familyOf(address.getAddress());
                try {
                    SocketChannel open = Connecting.replaceChannelIfNeeded(core, current, wanted);
                    current = wanted;
                    if (Resolver.isV4Mapped(address.getAddress())) {
                        // Every IPv6 socket is IPv6-only, which refuses a mapped IPv4 address.
                        throw new IoFailure(Kind.OTHER, ErrorText.INVALID_ARGUMENT);
                    }
                    open.bind(address);
                    core.family = wanted;
                    return;
                } catch (IoFailure failure) {
                    last = failure;
                } catch (IOException | RuntimeException e) {
                    last = ErrorText.failure(e);
                }
            }
            throw last;
        } catch (IoFailure failure) {
            throw SocketCore.exception(failure);
        } finally {
            core.stateLock.unlock();
        }
    }

    /**
     * {@code master:listen(backlog)}. The JDK binds and listens in one call, so a bound master's
     * socket is replaced by a listening one on the same address: both carry SO_REUSEADDR for the
     * moment of the swap (Linux allows that while the first is not listening), then the user's
     * setting is restored. Options a listening JDK channel cannot hold are kept and handed to
     * accepted clients, as the kernel would.
     */
    static void listen(SocketCore core, int backlog) throws TcpException {
        core.stateLock.lock();
        try {
            SocketChannel bound = core.channel;
            if (bound == null || !bound.isOpen()) {
                throw new IoFailure(Kind.OTHER, ErrorText.BAD_DESCRIPTOR);
            }
            ServerSocketChannel listening = null;
            boolean reuse = false;
            try {
                InetSocketAddress local = (InetSocketAddress) bound.getLocalAddress();
                if (local == null) {
                    local = new InetSocketAddress(Resolver.wildcard(core.channelFamily), 0);
                }
                reuse = bound.getOption(StandardSocketOptions.SO_REUSEADDR);
                core.serverOptions.capture(bound);
                listening = ServerSocketChannel.open(core.channelFamily.protocolFamily());
                listening.configureBlocking(false);
                core.serverOptions.applyToListener(listening);
                bound.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                listening.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                // The JDK treats a backlog below 1 as "its default" (50); Linux's 0 admits one.
                listening.bind(local, Math.max(backlog, 1));
                listening.setOption(StandardSocketOptions.SO_REUSEADDR, reuse);
            } catch (IOException | RuntimeException e) {
                SocketCore.closeQuietly(listening);
                try {
                    bound.setOption(StandardSocketOptions.SO_REUSEADDR, reuse);
                } catch (IOException | RuntimeException ignored) {
                    // The master keeps its socket either way.
                }
                throw ErrorText.failure(e);
            }
            SocketCore.closeQuietly(bound);
            core.channel = null;
            core.server = listening;
            core.role = Role.SERVER;
        } catch (IoFailure failure) {
            throw SocketCore.exception(failure);
        } finally {
            core.stateLock.unlock();
        }
    }

    /** {@code server:accept()}: a new client with fresh timeouts, buffer and counters. */
    static SocketCore accept(SocketCore core, Timeout.Clock clock) throws TcpException {
        try {
            clock.throwIfDeadlinePassed();
            clock.lock(core.receiveLock);
            try {
                while (true) {
                    ServerSocketChannel listening = core.server;
                    if (listening == null) {
                        throw IoFailure.closed();
                    }
                    SocketChannel accepted;
                    try {
                        accepted = listening.accept();
                    } catch (IOException | RuntimeException e) {
                        throw ErrorText.failure(e);
                    }
                    if (accepted == null) {
                        core.waits.awaitAcceptable(listening, clock);
                        continue;
                    }
                    SocketCore client = adopt(core, accepted);
                    if (client != null) {
                        return client;
                    }
                }
            } finally {
                core.receiveLock.unlock();
            }
        } catch (IoFailure failure) {
            throw SocketCore.exception(failure);
        }
    }

    /**
     * Wraps an accepted channel, or drops it: LuaSocket's IPv6 sockets are all V6ONLY, which the
     * JDK cannot set, so an IPv4 peer that reached an IPv6 listener is closed at once.
     */
    private static SocketCore adopt(SocketCore core, SocketChannel accepted) throws IoFailure {
        try {
            if (core.family == Family.INET6
                    && ((InetSocketAddress) accepted.getRemoteAddress()).getAddress() instanceof Inet4Address) {
                SocketCore.closeQuietly(accepted);
                return null;
            }
            accepted.configureBlocking(false);
            core.serverOptions.applyToAccepted(accepted);
        } catch (IOException | RuntimeException e) {
            SocketCore.closeQuietly(accepted);
            throw ErrorText.failure(e);
        }
        return SocketCore.accepted(core.family, accepted);
    }
}
