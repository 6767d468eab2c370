package io.loomsocket.internal;

import io.loomsocket.Address;
import io.loomsocket.ReceiveException;
import io.loomsocket.SendException;
import io.loomsocket.TcpException;
import io.loomsocket.TcpException.Kind;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state behind one LuaSocket TCP object, whatever its class: the role (master, client,
 * server), the family, the JDK channel, the timeouts, the receive buffer and the counters.
 *
 * <p>Locks: {@code stateLock} guards every change of role, family and channel and is never held
 * while waiting; {@code receiveLock} serialises receives and accepts; {@code sendLock} serialises
 * sends and connects. A receive and a send may run at once on two threads. {@link #close()} takes
 * only {@code stateLock}, so it wakes a blocked receive or send at once. Waiting for a lock counts
 * against the operation's timeouts.
 */
public final class SocketCore {
    /** LuaSocket's three classes. */
    public enum Role {
        MASTER("tcp{master}"),
        CLIENT("tcp{client}"),
        SERVER("tcp{server}");

        private final String className;

        Role(String className) {
            this.className = className;
        }

        /** The class name, as in {@code sock.class}. */
        public String className() {
            return className;
        }
    }

    /** Handles handed out as getfd values: stable per object, never reused. */
    private static final AtomicInteger HANDLES = new AtomicInteger(3);

    private final ReentrantLock stateLock = new ReentrantLock();
    private final ReentrantLock receiveLock = new ReentrantLock();
    private final ReentrantLock sendLock = new ReentrantLock();

    private volatile Role role; // need stateLock to change
    /** The object's family: set by a successful bind or connect (or tcp4/tcp6, accept). */
    private volatile Family family; // need stateLock to change
    /** The family of {@link #channel} or {@link #server}, which a failed bind or connect may leave different. */
    private volatile Family channelFamily; // need stateLock to change
    /** Masters (once they have a socket) and clients. Null when closed. */
    private volatile SocketChannel channel; // need stateLock to change
    /** Servers only. Null when closed. */
    private volatile ServerSocketChannel server; // need stateLock to change
    /** The getfd value: -1 with no open socket. */
    private volatile int handle = -1; // need stateLock to change
    /** Set by shutdown("receive") or shutdown("both"); see {@link #shutdown}. */
    private volatile boolean inputShutdown;

    private final Timeout timeout = new Timeout();
    private final Counters counters = new Counters();
    private final ReceiveBuffer buffer = new ReceiveBuffer(counters);
    private final WaitSlot[] slots = WaitSlot.newPair();
    private final ChannelIo io = new ChannelIo(this);
    private final ServerOptions serverOptions = new ServerOptions();

    private SocketCore(Role role, Family family) {
        this.role = role;
        this.family = family;
        this.channelFamily = family;
    }

    /** {@code socket.tcp()}: a master with no OS socket until it binds or connects. */
    public static SocketCore unspecified() {
        return new SocketCore(Role.MASTER, Family.UNSPEC);
    }

    /**
     * A master with no OS socket whose binds resolve within {@code family}: {@code
     * socket.connect}'s object when a local address is given.
     */
    public static SocketCore unbound(Family family) {
        return new SocketCore(Role.MASTER, family);
    }

    /** {@code socket.tcp4()} and {@code socket.tcp6()}: a master with its socket made now. */
    public static SocketCore of(Family family) throws TcpException {
        SocketCore core = new SocketCore(Role.MASTER, family);
        try {
            core.channel = openChannel(family);
        } catch (IoFailure failure) {
            throw exception(failure);
        }
        core.handle = HANDLES.getAndIncrement();
        return core;
    }

    // ---- state -------------------------------------------------------------------------------

    public Role role() {
        return role;
    }

    public Family family() {
        return family;
    }

    /** The getfd value: -1 once the socket is closed (by close, or by the JDK after a failed connect). */
    public int handle() {
        return openChannel() == null ? -1 : handle;
    }

    public Timeout timeout() {
        return timeout;
    }

    public Counters counters() {
        return counters;
    }

    public boolean dirty() {
        return buffer.dirty();
    }

    SocketChannel channel() {
        return channel;
    }

    ServerSocketChannel server() {
        return server;
    }

    Family channelFamily() {
        return channelFamily;
    }

    WaitSlot[] slots() {
        return slots;
    }

    ServerOptions serverOptions() {
        return serverOptions;
    }

    /** The open channel of any kind, or null. */
    NetworkChannel openChannel() {
        NetworkChannel open = server != null ? server : channel;
        return open != null && open.isOpen() ? open : null;
    }

    // ---- receive and send ---------------------------------------------------------------------

    /** The three receive patterns, as the engine names them. */
    public enum Pattern { LINE, ALL, COUNT }

    /** {@code receive}: {@code count} is used by {@link Pattern#COUNT} only. */
    public byte[] receive(Pattern pattern, long count, byte[] prefix) throws ReceiveException {
        Timeout.Clock clock = timeout.start();
        try {
            lock(receiveLock, clock);
        } catch (IoFailure failure) {
            throw new ReceiveException(failure.kind(), failure.getMessage(), prefix.clone());
        }
        try {
            return switch (pattern) {
                case LINE -> buffer.receiveLine(prefix, io, clock);
                case ALL -> buffer.receiveAll(prefix, io, clock);
                case COUNT -> buffer.receiveCount(count, prefix, io, clock);
            };
        } finally {
            receiveLock.unlock();
        }
    }

    /** {@code send(data, i, j)}: the index of the last byte sent. */
    public long send(byte[] data, long i, long j) throws SendException {
        SendRange range = SendRange.of(data.length, i, j);
        if (range.isEmpty()) {
            return range.before();
        }
        Timeout.Clock clock = timeout.start();
        try {
            lock(sendLock, clock);
        } catch (IoFailure failure) {
            throw new SendException(failure.kind(), failure.getMessage(), range.before());
        }
        try {
            return Sender.send(data, range, io, clock, counters);
        } finally {
            sendLock.unlock();
        }
    }

    /**
     * {@code shutdown(mode)}; the OS result is ignored, as LuaSocket does. The receive side is
     * emulated rather than passed to the JDK: Linux's SHUT_RD makes a read of an empty socket
     * return end of stream at once but still delivers data that arrives later, whereas the
     * JDK's {@code shutdownInput} turns every later read into end of stream.
     */
    public void shutdown(boolean input, boolean output) {
        SocketChannel open = channel;
        if (open == null) {
            return;
        }
        if (input) {
            inputShutdown = true;
            slots[0].signal(); // a receive waiting now sees end of stream, as on Linux
        }
        try {
            if (output) {
                open.shutdownOutput();
            }
        } catch (IOException | RuntimeException ignored) {
            // LuaSocket ignores the result of shutdown(2).
        }
    }

    /** Whether {@code shutdown("receive")} (or "both") was called: an empty read is end of stream. */
    boolean inputShutdown() {
        return inputShutdown;
    }

    // ---- bind, listen, accept, connect --------------------------------------------------------

    /** {@code master:bind(address, port)}. */
    public void bind(String host, int port) throws TcpException {
        stateLock.lock();
        try {
            List<InetSocketAddress> addresses = Resolver.resolve(host, port, family, true);
            // As LuaSocket's inet_trybind: a socket is made whenever the family changes.
            Family current = family;
            IoFailure last = null;
            for (InetSocketAddress address : addresses) {
                Family wanted = Resolver.familyOf(address.getAddress());
                try {
                    SocketChannel open = replaceChannelIfNeeded(current, wanted);
                    current = wanted;
                    if (Resolver.isV4Mapped(address.getAddress())) {
                        // Every IPv6 socket is IPv6-only, which refuses a mapped IPv4 address.
                        throw new IoFailure(Kind.OTHER, ErrorText.INVALID_ARGUMENT);
                    }
                    open.bind(address);
                    family = wanted;
                    return;
                } catch (IoFailure failure) {
                    last = failure;
                } catch (IOException | RuntimeException e) {
                    last = ErrorText.failure(e);
                }
            }
            throw last;
        } catch (IoFailure failure) {
            throw exception(failure);
        } finally {
            stateLock.unlock();
        }
    }

    /**
     * {@code master:listen(backlog)}. The JDK binds and listens in one call, so a bound master's
     * socket is replaced by a listening one on the same address: both carry SO_REUSEADDR for the
     * moment of the swap (Linux allows that while the first is not listening), then the user's
     * setting is restored. Options a listening JDK channel cannot hold are kept and handed to
     * accepted clients, as the kernel would.
     */
    public void listen(int backlog) throws TcpException {
        stateLock.lock();
        try {
            SocketChannel bound = channel;
            if (bound == null || !bound.isOpen()) {
                throw new IoFailure(Kind.OTHER, ErrorText.BAD_DESCRIPTOR);
            }
            ServerSocketChannel listening = null;
            boolean reuse = false;
            try {
                InetSocketAddress local = (InetSocketAddress) bound.getLocalAddress();
                if (local == null) {
                    local = new InetSocketAddress(Resolver.wildcard(channelFamily), 0);
                }
                reuse = bound.getOption(StandardSocketOptions.SO_REUSEADDR);
                serverOptions.capture(bound);
                listening = ServerSocketChannel.open(channelFamily.protocolFamily());
                listening.configureBlocking(false);
                serverOptions.applyToListener(listening);
                bound.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                listening.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                // The JDK treats a backlog below 1 as "its default" (50); Linux's 0 admits one.
                listening.bind(local, Math.max(backlog, 1));
                listening.setOption(StandardSocketOptions.SO_REUSEADDR, reuse);
            } catch (IOException | RuntimeException e) {
                closeQuietly(listening);
                try {
                    bound.setOption(StandardSocketOptions.SO_REUSEADDR, reuse);
                } catch (IOException | RuntimeException ignored) {
                    // The master keeps its socket either way.
                }
                throw ErrorText.failure(e);
            }
            closeQuietly(bound);
            channel = null;
            server = listening;
            role = Role.SERVER;
        } catch (IoFailure failure) {
            throw exception(failure);
        } finally {
            stateLock.unlock();
        }
    }

    /** {@code server:accept()}: a new client with fresh timeouts, buffer and counters. */
    public SocketCore accept() throws TcpException {
        Timeout.Clock clock = timeout.start();
        try {
            lock(receiveLock, clock);
            try {
                while (true) {
                    ServerSocketChannel listening = server;
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
                        ChannelIo.awaitReady(slots[0], listening, SelectionKey.OP_ACCEPT, clock);
                        continue;
                    }
                    SocketCore client = adopt(accepted);
                    if (client != null) {
                        return client;
                    }
                }
            } finally {
                receiveLock.unlock();
            }
        } catch (IoFailure failure) {
            throw exception(failure);
        }
    }

    /**
     * Wraps an accepted channel, or drops it: LuaSocket's IPv6 sockets are all V6ONLY, which the
     * JDK cannot set, so an IPv4 peer that reached an IPv6 listener is closed at once.
     */
    private SocketCore adopt(SocketChannel accepted) throws IoFailure {
        try {
            if (family == Family.INET6
                    && ((InetSocketAddress) accepted.getRemoteAddress()).getAddress() instanceof Inet4Address) {
                closeQuietly(accepted);
                return null;
            }
            accepted.configureBlocking(false);
            serverOptions.applyToAccepted(accepted);
        } catch (IOException | RuntimeException e) {
            closeQuietly(accepted);
            throw ErrorText.failure(e);
        }
        SocketCore client = new SocketCore(Role.CLIENT, family);
        client.channel = accepted;
        client.handle = HANDLES.getAndIncrement();
        return client;
    }

    /**
     * {@code connect(address, port)}: tries each resolved address, restarting the timeouts for
     * each; a block timeout of 0 stops after the first. The object becomes a client whatever
     * happens.
     */
    public void connect(String host, int port) throws TcpException {
        Timeout.Clock clock = timeout.start();
        try {
            lock(sendLock, clock);
            try {
                connectLocked(host, port, clock);
            } finally {
                sendLock.unlock();
            }
        } catch (IoFailure failure) {
            throw exception(failure);
        } finally {
            setRole(Role.CLIENT);
        }
    }

    private void connectLocked(String host, int port, Timeout.Clock clock) throws IoFailure {
        List<InetSocketAddress> addresses = Resolver.resolve(host, port, family, false);
        if (server != null) {
            // A listening socket is "connected" as far as connect(2) is concerned.
            throw new IoFailure(Kind.ALREADY_CONNECTED, ErrorText.ALREADY_CONNECTED);
        }
        // As LuaSocket's inet_tryconnect: a socket is made whenever the family changes, and the
        // object's family is recorded on success, or when a block timeout of 0 ends the loop.
        Family current = family;
        IoFailure last = null;
        for (InetSocketAddress address : addresses) {
            clock.restart();
            Family wanted = Resolver.familyOf(address.getAddress());
            SocketChannel open;
            stateLock.lock();
            try {
                open = replaceChannelIfNeeded(current, wanted);
                current = wanted;
            } catch (IoFailure failure) {
                last = failure;
                continue;
            } finally {
                stateLock.unlock();
            }
            try {
                if (Resolver.isV4Mapped(address.getAddress())) {
                    // Every IPv6 socket is IPv6-only: a mapped IPv4 address is unreachable.
                    throw new IoFailure(Kind.OTHER, ErrorText.UNREACHABLE);
                }
                connectOne(open, address, clock);
                setFamily(current);
                return;
            } catch (IoFailure failure) {
                last = failure;
                replaceFailedChannel(open);
            }
            if (clock.neverWaits()) {
                setFamily(current);
                break;
            }
        }
        throw last;
    }

    private void connectOne(SocketChannel open, InetSocketAddress address, Timeout.Clock clock)
            throws IoFailure {
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
                ChannelIo.awaitReady(slots[1], open, SelectionKey.OP_CONNECT, clock);
                connected = open.finishConnect();
            }
        } catch (IOException | RuntimeException e) {
            throw ErrorText.failure(e);
        } finally {
            // A connect waits once; keep no selector open for it (sends open their own if needed).
            slots[1].closeOwnSelector();
        }
    }

    /**
     * The JDK closes a channel whose connect failed, where LuaSocket's descriptor stays open and
     * unconnected: give the object a fresh socket of the same family in its place (same getfd),
     * unless the user closed the object meanwhile.
     */
    void replaceFailedChannel(SocketChannel failed) {
        if (failed.isOpen()) {
            return;
        }
        stateLock.lock();
        try {
            if (channel == failed) {
                try {
                    channel = openChannel(channelFamily);
                } catch (IoFailure e) {
                    channel = null;
                }
            }
        } finally {
            stateLock.unlock();
        }
    }

    /**
     * Bind and connect keep the object's socket while the family they are working in ({@code
     * current}, the object's family at first) matches the address, and make a new one otherwise.
     */
    private SocketChannel replaceChannelIfNeeded(Family current, Family wanted) throws IoFailure {
        SocketChannel open = channel;
        if (open != null && open.isOpen() && current == wanted) {
            return open;
        }
        closeQuietly(open);
        SocketChannel fresh = openChannel(wanted);
        channel = fresh;
        channelFamily = wanted;
        handle = HANDLES.getAndIncrement();
        return fresh;
    }

    private static SocketChannel openChannel(Family family) throws IoFailure {
        try {
            SocketChannel open = SocketChannel.open(family.protocolFamily());
            open.configureBlocking(false);
            return open;
        } catch (IOException | RuntimeException e) {
            throw ErrorText.failure(e);
        }
    }

    // ---- close and names ----------------------------------------------------------------------

    /** {@code close()}: idempotent; keeps the receive buffer, the class, stats and timeouts. */
    public void close() {
        stateLock.lock();
        try {
            closeQuietly(channel);
            closeQuietly(server);
            channel = null;
            server = null;
            handle = -1;
        } finally {
            stateLock.unlock();
        }
        Waiting.closed(slots);
    }

    /** {@code getsockname()}. */
    public Address localAddress() throws TcpException {
        NetworkChannel open = openChannel();
        if (open == null) {
            throw new TcpException(Kind.OTHER, ErrorText.BAD_DESCRIPTOR);
        }
        try {
            InetSocketAddress local = (InetSocketAddress) open.getLocalAddress();
            if (local == null) {
                local = new InetSocketAddress(Resolver.wildcard(channelFamily), 0);
            }
            return address(local);
        } catch (IOException e) {
            throw exception(ErrorText.failure(e));
        }
    }

    /** {@code getpeername()}. */
    public Address remoteAddress() throws TcpException {
        NetworkChannel open = openChannel();
        if (open == null) {
            throw new TcpException(Kind.OTHER, ErrorText.BAD_DESCRIPTOR);
        }
        try {
            InetSocketAddress remote = open instanceof SocketChannel client
                    ? (InetSocketAddress) client.getRemoteAddress() : null;
            if (remote == null) {
                throw new TcpException(Kind.OTHER, ErrorText.NOT_CONNECTED);
            }
            return address(remote);
        } catch (ClosedChannelException e) {
            throw new TcpException(Kind.OTHER, ErrorText.BAD_DESCRIPTOR);
        } catch (IOException e) {
            throw exception(ErrorText.failure(e));
        }
    }

    private Address address(InetSocketAddress socketAddress) {
        return new Address(AddressText.of(socketAddress.getAddress()), socketAddress.getPort(),
                family.text());
    }

    // ---- helpers ------------------------------------------------------------------------------

    private void setRole(Role newRole) {
        stateLock.lock();
        try {
            role = newRole;
        } finally {
            stateLock.unlock();
        }
    }

    private void setFamily(Family newFamily) {
        stateLock.lock();
        try {
            family = newFamily;
        } finally {
            stateLock.unlock();
        }
    }

    /** Takes an operation's lock, waiting no longer than its timeouts allow. */
    private static void lock(ReentrantLock lock, Timeout.Clock clock) throws IoFailure {
        if (lock.tryLock()) {
            return;
        }
        long nanos = clock.waitNanos();
        if (clock.neverWaits() || nanos == 0) {
            throw IoFailure.timeout();
        }
        try {
            if (nanos == Timeout.FOREVER) {
                lock.lockInterruptibly();
            } else if (!lock.tryLock(nanos, TimeUnit.NANOSECONDS)) {
                throw IoFailure.timeout();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IoFailure(Kind.INTERRUPTED, "interrupted");
        }
    }

    static TcpException exception(IoFailure failure) {
        return new TcpException(failure.kind(), failure.getMessage());
    }

    static void closeQuietly(java.nio.channels.Channel open) {
        if (open == null) {
            return;
        }
        try {
            open.close();
        } catch (IOException ignored) {
            // Closing is best effort; the descriptor is released either way.
        }
    }
}
