package io.loomsocket.internal.socket;

import io.loomsocket.Address;
import io.loomsocket.ReceiveException;
import io.loomsocket.SendException;
import io.loomsocket.TcpException;
import io.loomsocket.internal.engine.Counters;
import io.loomsocket.internal.engine.IoFailure;
import io.loomsocket.internal.engine.ReceiveBuffer;
import io.loomsocket.internal.engine.SendRange;
import io.loomsocket.internal.engine.Sender;
import io.loomsocket.internal.engine.Timeout;
import io.loomsocket.internal.net.ErrorText;
import io.loomsocket.internal.engine.Transport;
import io.loomsocket.internal.net.Family;
import io.loomsocket.internal.tls.CloseLinger;
import io.loomsocket.internal.tls.TlsIo;
import io.loomsocket.internal.transport.ChannelIo;
import io.loomsocket.internal.transport.SocketWaits;
import java.io.IOException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
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
    static final AtomicInteger HANDLES = new AtomicInteger(3);

    final ReentrantLock stateLock = new ReentrantLock();
    final ReentrantLock receiveLock = new ReentrantLock();
    final ReentrantLock sendLock = new ReentrantLock();

    volatile Role role; // need stateLock to change
    /** The object's family: set by a successful bind or connect (or tcp4/tcp6, accept). */
    volatile Family family; // need stateLock to change
    /** The family of {@link #channel} or {@link #server}, which a failed bind or connect may leave different. */
    volatile Family channelFamily; // need stateLock to change
    /** Masters (once they have a socket) and clients. Null when closed. */
    volatile SocketChannel channel; // need stateLock to change
    /** Servers only. Null when closed. */
    volatile ServerSocketChannel server; // need stateLock to change
    /** The getfd value: -1 with no open socket. */
    volatile int handle = -1; // need stateLock to change
    /** True once close() was called (a later connect or bind may give the object a new socket). */
    volatile boolean closed; // need stateLock to change
    /** What the kernel's socket remembers of a connect no connect(2) finished. */
    final UnfinishedConnect unfinished = new UnfinishedConnect(this);

    final Timeout timeout = new Timeout();
    private final Counters counters = new Counters();
    private final ReceiveBuffer buffer = new ReceiveBuffer(counters);
    final SocketWaits waits = new SocketWaits(open -> open == channel || open == server);
    final ChannelIo io = new ChannelIo(() -> channel, waits, unfinished);
    final ServerOptions serverOptions = new ServerOptions();
    /** What receives and sends go through: the channel itself, or TLS over it once wrapped. */
    private volatile Transport dataIo = io;
    /** The TLS layer once {@link #startTls} has run, else null. */
    private volatile TlsIo tls;
    /** How long a close may spend on TLS's close_notify and the peer's answer. */
    private volatile long tlsCloseNanos;

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

    /** A client for a channel a server accepted: the server's family, fresh everything else. */
    static SocketCore accepted(Family family, SocketChannel accepted) {
        SocketCore client = new SocketCore(Role.CLIENT, family);
        client.channel = accepted;
        client.handle = HANDLES.getAndIncrement();
        return client;
    }

    /** {@code socket.tcp4()} and {@code socket.tcp6()}: a master with its socket made now. */
    public static SocketCore of(Family family) throws TcpException {
        SocketCore core = new SocketCore(Role.MASTER, family);
        try {
            core.channel = openChannel(family);
        } catch (IoFailure failure) {
            throw FailureContext.locate(exception(failure),
                    family == Family.INET6 ? "tcp6()" : "tcp4()", core, null);
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

    /** The getfd value: -1 while there is no open socket (never made, or closed). */
    public int handle() {
        return liveChannel() == null ? -1 : handle;
    }

    /**
     * True when {@link #close()} took the object's socket and no bind or connect has made a new
     * one since; a {@code tcp()} master that never had a socket is not closed.
     */
    public boolean isClosed() {
        return closed && liveChannel() == null;
    }

    public Timeout timeout() {
        return timeout;
    }

    public Counters counters() {
        return counters;
    }

    public boolean dirty() {
        TlsIo layer = tls;
        return buffer.dirty() || (layer != null && layer.plaintextPending());
    }

    // ---- TLS ----------------------------------------------------------------------------------

    /**
     * Puts TLS under the receive and send engines from now on (LuaSec's {@code ssl.wrap}); the
     * handshake is {@link #handshake()}'s. Refused while the receive buffer holds bytes, which
     * came before TLS and would otherwise be lost or misread.
     */
    public TlsIo startTls(javax.net.ssl.SSLEngine engine, long closeNanos) {
        stateLock.lock();
        try {
            if (role != Role.CLIENT || channel == null) {
                throw new IllegalStateException("a connected tcp{client} expected, got "
                        + (channel == null ? "a closed object" : role.className()));
            }
            if (tls != null) {
                throw new IllegalStateException("already wrapped in TLS");
            }
            if (buffer.dirty()) {
                throw new IllegalStateException(buffer.buffered()
                        + " bytes received before TLS are still buffered: read them first");
            }
            TlsIo layer = new TlsIo(engine, io);
            tls = layer;
            tlsCloseNanos = closeNanos;
            dataIo = layer;
            return layer;
        } finally {
            stateLock.unlock();
        }
    }

    /** The TLS layer, or null before {@link #startTls}. */
    public TlsIo tls() {
        return tls;
    }

    /** LuaSec's {@code dohandshake}, under the object's timeouts and deadline. */
    public void handshake() throws TcpException {
        TlsIo layer = tls;
        if (layer == null) {
            throw new IllegalStateException("not wrapped in TLS");
        }
        Timeout.Clock clock = timeout.start();
        try {
            clock.throwIfDeadlinePassed();
            if (channel == null) {
                throw IoFailure.closed();
            }
            layer.handshake(clock);
        } catch (IoFailure failure) {
            throw exception(failure);
        }
    }

    /** The open channel of any kind (listening or not), or null. */
    NetworkChannel liveChannel() {
        NetworkChannel open = server != null ? server : channel;
        return open != null && open.isOpen() ? open : null;
    }

    // ---- receive and send ---------------------------------------------------------------------

    /** The three receive patterns, as the engine names them. */
    public enum Pattern { LINE, ALL, COUNT }

    /** {@code receive}: {@code count} is used by {@link Pattern#COUNT} only. */
    public byte[] receive(Pattern pattern, long count, byte[] prefix) throws ReceiveException {
        return receive(pattern, count, prefix, Long.MAX_VALUE);
    }

    /**
     * {@code receive} with a maximum size for {@link Pattern#LINE} and {@link Pattern#ALL},
     * which must be longer than the prefix (a count needs none: it is its own bound).
     */
    public byte[] receive(Pattern pattern, long count, byte[] prefix, long maxSize)
            throws ReceiveException {
        return underReceiveLock(prefix, pattern, count, (clock, io) -> switch (pattern) {
            case LINE -> buffer.receiveLine(prefix, maxSize, io, clock);
            case ALL -> buffer.receiveAll(prefix, maxSize, io, clock);
            case COUNT -> buffer.receiveCount(count, prefix, io, clock);
        });
    }

    /** {@code receive("*l")} with no prefix, as ISO-8859-1 text. */
    public String receiveLineText() throws ReceiveException {
        return underReceiveLock(new byte[0], Pattern.LINE, 0,
                (clock, io) -> buffer.receiveLineText(io, clock));
    }

    /**
     * Whatever has arrived, up to {@code len} bytes, into {@code dst} (see {@link
     * ReceiveBuffer#receiveAvailable}): a count, or -1 at a clean end of stream or once closed.
     */
    public int receiveAvailable(byte[] dst, int off, int len) throws ReceiveException {
        return underReceiveLock(ReceiveBuffer.noPrefix(), null, len,
                (clock, io) -> buffer.receiveAvailable(dst, off, len, io, clock));
    }

    /** Unread bytes in the receive buffer: exact under the receive lock, an estimate without. */
    public int buffered() {
        return buffer.buffered();
    }

    /**
     * One receive under the receive lock, whose wait counts against the call's timeouts; a
     * failure says where it happened. {@code pattern} null is a receive of whatever has arrived.
     */
    private <T> T underReceiveLock(byte[] prefix, Pattern pattern, long count, ReceiveCall<T> call)
            throws ReceiveException {
        Timeout.Clock clock = timeout.start();
        try {
            try {
                clock.throwIfDeadlinePassed();
                clock.lock(receiveLock);
            } catch (IoFailure failure) {
                throw new ReceiveException(failure.kind(), failure.getMessage(), prefix.clone());
            }
            try {
                return call.run(clock, dataIo);
            } finally {
                receiveLock.unlock();
            }
        } catch (ReceiveException e) {
            throw FailureContext.locate(e, receiveText(pattern, count), this, clock);
        }
    }

    /** The receive as code writes it, for a failure's context. */
    private static String receiveText(Pattern pattern, long count) {
        if (pattern == null) {
            return "receiveSome(" + count + ")";
        }
        return switch (pattern) {
            case LINE -> "receive(\"*l\")";
            case ALL -> "receive(\"*a\")";
            case COUNT -> "receive(" + count + ")";
        };
    }

    private interface ReceiveCall<T> {
        T run(Timeout.Clock clock, Transport io) throws ReceiveException;
    }

    /**
     * For select ({@link Readiness}): whether a receive would return without waiting, waiting up
     * to {@code clock}'s time: buffered data, or data the kernel holds (read into the buffer
     * now, as {@code receive(0)} reads it), the end of the stream or an error (both left for the
     * receive, which meets them again). Over TLS it reads through TLS, as the receive does:
     * plaintext into the buffer, never the records themselves.
     *
     * @throws IoFailure "interrupted" when the thread is interrupted while it waits
     */
    public boolean awaitReadable(Timeout.Clock clock) throws IoFailure {
        if (buffer.dirty()) {
            return true;
        }
        try {
            clock.lock(receiveLock);
        } catch (IoFailure failure) {
            if (failure.kind() == TcpException.Kind.TIMEOUT) {
                return false; // a receive on another thread holds the buffer
            }
            throw failure;
        }
        try {
            buffer.receiveCount(0, ReceiveBuffer.noPrefix(), dataIo, clock);
            return true;
        } catch (ReceiveException e) {
            return switch (e.kind()) {
                case TIMEOUT -> false;
                case INTERRUPTED -> throw new IoFailure(TcpException.Kind.INTERRUPTED, e.getMessage());
                default -> true;
            };
        } finally {
            receiveLock.unlock();
        }
    }

    /** {@code send(data, i, j)}: the index of the last byte sent. */
    public long send(byte[] data, long i, long j) throws SendException {
        SendRange range = SendRange.of(data.length, i, j);
        Timeout.Clock clock = timeout.start();
        try {
            clock.throwIfDeadlinePassed();
            if (range.isEmpty()) {
                return range.before();
            }
            clock.lock(sendLock);
        } catch (IoFailure failure) {
            throw FailureContext.locate(new SendException(failure.kind(), failure.getMessage(),
                    range.before()), "send", this, clock);
        }
        try {
            return Sender.send(data, range, dataIo, clock, counters);
        } catch (SendException e) {
            throw FailureContext.locate(e, "send", this, clock);
        } finally {
            sendLock.unlock();
        }
    }

    /**
     * {@code shutdown(mode)}; the OS result is ignored, as LuaSocket does. While the output is
     * open, the receive side is emulated rather than passed to the JDK: Linux's SHUT_RD makes a
     * read of an empty socket return end of stream at once but still delivers data that
     * arrives later, whereas the JDK's {@code shutdownInput} turns every later read into end of
     * stream. Once both directions are shut down, the kernel's SHUT_RD is applied too (keeping
     * the bytes already queued), because then Linux resets the connection when more data
     * arrives, and only the kernel can do that. On a socket whose connect no connect(2)
     * finished, shutdown does what Linux's {@code inet_shutdown} does: it aborts a connect still
     * under way, makes a completed one a plain connected socket, and leaves a failed one
     * disconnecting ({@link UnfinishedConnect}).
     */
    public void shutdown(boolean input, boolean output) {
        SocketChannel open = channel;
        if (open == null) {
            return;
        }
        if (open.isConnectionPending() && !unfinished.settleNow(open)) {
            if (channel == open) {
                Connecting.abortPending(this, open); // still under way: the kernel aborts it
            } else {
                unfinished.shutDown(channel); // it failed: the kernel keeps it disconnecting
            }
            return;
        }
        // A socket Linux still counts as connecting becomes a plain connected one.
        unfinished.takeConnected(open);
        unfinished.shutDown(open);
        TlsIo layer = tls;
        if (output && layer != null) {
            layer.closeOutbound(tlsCloseNanos); // the close_notify before the FIN
        }
        if (input) {
            io.shutInputEmulated(); // a receive waiting now sees end of stream, as on Linux
        }
        // The input first: Linux's SHUT_RDWR shuts both at once, so data the peer sends once
        // our FIN has gone (such as a write Nagle held back until that FIN's ACK) finds the
        // input shut, and resets the connection. Each step is tried whatever the other did:
        // LuaSocket ignores the result of shutdown(2).
        try {
            boolean bothShut = io.inputShutdown() && (output || open.socket().isOutputShutdown());
            if (bothShut && !open.socket().isInputShutdown()) {
                io.shutInputKeepingQueued(open);
            }
        } catch (IOException | RuntimeException ignored) {
            // as shutdown(2) failing
        }
        if (output) {
            try {
                open.shutdownOutput();
            } catch (IOException | RuntimeException ignored) {
                // as shutdown(2) failing
            }
        }
    }

    // ---- bind, listen, accept, connect (Listening, Connecting) -------------------------------

    /** {@code master:bind(address, port)}. */
    public void bind(String host, int port) throws TcpException {
        try {
            Listening.bind(this, host, port);
        } catch (TcpException e) {
            throw FailureContext.locate(e, "bind(\"" + host + "\", " + port + ")", this, null);
        }
    }

    /** {@code master:listen(backlog)}. */
    public void listen(int backlog) throws TcpException {
        try {
            Listening.listen(this, backlog);
        } catch (TcpException e) {
            throw FailureContext.locate(e, "listen(" + backlog + ")", this, null);
        }
    }

    /** {@code server:accept()}: a new client with fresh timeouts, buffer and counters. */
    public SocketCore accept() throws TcpException {
        Timeout.Clock clock = timeout.start();
        try {
            return Listening.accept(this, clock);
        } catch (TcpException e) {
            throw FailureContext.locate(e, "accept", this, clock);
        }
    }

    /** {@code connect(address, port)}; the object becomes a client whatever happens. */
    public void connect(String host, int port) throws TcpException {
        Timeout.Clock clock = timeout.start();
        try {
            Connecting.connect(this, host, port, clock);
        } catch (TcpException e) {
            throw FailureContext.locate(e, "connect(\"" + host + "\", " + port + ")", this,
                    clock);
        }
    }

    static SocketChannel openChannel(Family family) throws IoFailure {
        try {
            SocketChannel open = SocketChannel.open(family.protocolFamily());
            open.configureBlocking(false);
            return open;
        } catch (IOException | RuntimeException e) {
            throw ErrorText.failure(e);
        }
    }


    // ---- close and names ----------------------------------------------------------------------

    /**
     * {@code close()}: idempotent; keeps the receive buffer, the class, stats and timeouts. Over
     * TLS, the close_notify goes first, and the peer's answer is awaited within the bound given
     * to {@link #startTls} ({@link TlsIo#closeGracefully}).
     */
    public void close() {
        close(true);
    }

    /**
     * {@code close()}; {@code graceful} false skips TLS's wait for the peer (a server stopping
     * closes many connections at once), sending the close_notify only if the kernel takes it now.
     */
    public void close(boolean graceful) {
        TlsIo layer = tls;
        boolean linger = false;
        if (layer != null && channel != null) {
            try {
                linger = layer.closeGracefully(graceful ? tlsCloseNanos : 0);
            } catch (RuntimeException | Error ignored) {
                // the socket's close below happens whatever went wrong here
            }
        }
        SocketChannel oldChannel;
        ServerSocketChannel oldServer;
        stateLock.lock();
        try {
            oldChannel = channel;
            oldServer = server;
            channel = null;
            server = null;
            handle = -1;
            closed = true;
        } finally {
            stateLock.unlock();
        }
        try {
            // Out of every selector first, so that the close is immediate: see
            // SocketWaits.closing. Whatever happens there, the descriptors are closed below.
            waits.closing(oldChannel, oldServer);
        } finally {
            try {
                if (linger && oldChannel != null) {
                    lingerOver(oldChannel, layer);
                } else {
                    closeQuietly(oldChannel);
                }
            } finally {
                closeQuietly(oldServer);
            }
        }
    }

    /**
     * TLS's close, once the channel is out of every selector: the FIN after the close_notify,
     * then {@link CloseLinger} keeps reading until the peer answers.
     */
    private void lingerOver(SocketChannel old, TlsIo layer) {
        try {
            old.shutdownOutput();
            CloseLinger.start(old, layer.engine(), tlsCloseNanos);
        } catch (IOException | RuntimeException e) {
            closeQuietly(old);
        }
    }

    /** {@code getsockname()}. */
    public Address localAddress() throws TcpException {
        try {
            return SocketNames.local(this);
        } catch (TcpException e) {
            throw FailureContext.locate(e, "getsockname()", this, null);
        }
    }

    /** {@code getpeername()}. */
    public Address remoteAddress() throws TcpException {
        try {
            return SocketNames.remote(this);
        } catch (TcpException e) {
            throw FailureContext.locate(e, "getpeername()", this, null);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    void setRole(Role newRole) {
        stateLock.lock();
        try {
            role = newRole;
        } finally {
            stateLock.unlock();
        }
    }

    void setFamily(Family newFamily) {
        stateLock.lock();
        try {
            family = newFamily;
        } finally {
            stateLock.unlock();
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
        } catch (IOException | RuntimeException ignored) {
            // Closing is best effort; the descriptor is released either way.
        }
    }
}
