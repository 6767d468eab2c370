package io.loomsocket;

import io.loomsocket.internal.net.Family;
import io.loomsocket.internal.net.Resolver;
import io.loomsocket.internal.socket.FirstUse;
import io.loomsocket.internal.socket.SocketCore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * LuaSocket's TCP constructors and helpers: {@code socket.tcp()}, {@code tcp4()}, {@code
 * tcp6()}, {@code bind()} and {@code connect()}.
 *
 * <pre>{@code
 * TcpServer server = Tcp.bind("127.0.0.1", 0);
 * int port = server.getsockname().port();
 * Thread.startVirtualThread(() -> {
 *     try (TcpClient peer = server.accept()) {
 *         peer.send(peer.receive("*l"));                 // echo one line, without its LF
 *     } catch (TcpException e) {
 *         System.err.println(e.getMessage());            // "timeout", "closed", ...
 *     }
 * });
 * }</pre>
 */
public final class Tcp {
    /** Held while the first use is prepared: see {@link FirstUse}. */
    private static final ReentrantLock PREPARING = new ReentrantLock();
    /** Set once the first use has been prepared. */
    private static volatile boolean prepared; // need PREPARING to set

    private Tcp() {}

    /**
     * Every socket starts here: the first call loads and initialises what every socket needs
     * (FirstUse) while the others wait on a lock, which parks a virtual thread, instead of
     * waiting for class initialisation, which holds its carrier. Later calls cost one read.
     */
    private static void firstUse() {
        if (prepared) {
            return;
        }
        PREPARING.lock();
        try {
            if (!prepared) {
                FirstUse.prepare();
                prepared = true;
            }
        } finally {
            PREPARING.unlock();
        }
    }

    /**
     * {@code socket.tcp()}: a master whose family is chosen by its first bind or connect. No OS
     * socket exists until then, so this cannot fail.
     *
     * @return a new master with no socket yet
     */
    public static TcpMaster tcp() {
        firstUse();
        return new Views(SocketCore.unspecified()).master();
    }

    /**
     * {@code socket.tcp4()}: an IPv4 master.
     *
     * @return a new IPv4 master
     * @throws TcpException the system's text when no socket can be made, such as {@code "Too
     *     many open files"}
     */
    public static TcpMaster tcp4() throws TcpException {
        firstUse();
        return new Views(SocketCore.of(Family.INET)).master();
    }

    /**
     * {@code socket.tcp6()}: an IPv6-only master.
     *
     * @return a new IPv6 master
     * @throws TcpException the system's text when no socket can be made
     */
    public static TcpMaster tcp6() throws TcpException {
        firstUse();
        return new Views(SocketCore.of(Family.INET6)).master();
    }

    /**
     * {@code socket.bind(host, port)} with the default backlog of 32; see {@link #bind(String,
     * int, int)}.
     *
     * @param host a name or a numeric address; {@code "*"} for every IPv4 interface
     * @param port the port, 0 for an ephemeral one
     * @return a listening server
     * @throws TcpException the last address's error, or the resolver's
     */
    public static TcpServer bind(String host, int port) throws TcpException {
        return bind(host, port, TcpMaster.DEFAULT_BACKLOG);
    }

    /**
     * {@code socket.bind(host, port, backlog)}: a listening server with reuseaddr on, on the first
     * resolved address that binds and listens. {@code "*"} means {@code 0.0.0.0} (IPv4 only).
     *
     * @param host a name or a numeric address; {@code "*"} for every IPv4 interface
     * @param port the port, 0 for an ephemeral one
     * @param backlog the length of the queue of connections not yet accepted
     * @return a listening server
     * @throws TcpException the last address's error, or the resolver's
     */
    public static TcpServer bind(String host, int port, int backlog) throws TcpException {
        firstUse();
        String name = TcpSocket.requireHost(host).equals("*") ? "0.0.0.0" : host;
        TcpException last = new TcpException(TcpException.Kind.OTHER, "no info on address");
        for (InetAddress address : resolveAll(name)) {
            TcpMaster master = Resolver.familyOf(address) == Family.INET6 ? tcp6() : tcp4();
            try {
                master.setoption("reuseaddr", true);
            } catch (TcpException ignored) {
                // LuaSocket ignores this result too.
            }
            try {
                master.bind(address.getHostAddress(), port);
                return master.listen(backlog);
            } catch (TcpException e) {
                master.close();
                last = e;
            }
        }
        throw last;
    }

    /**
     * {@code socket.connect(host, port)}: a blocking connect with no timeout; see {@link
     * #connect(String, int, String, int, String)}.
     *
     * @param host a name or a numeric address
     * @param port the peer's port
     * @return a connected client
     * @throws TcpException {@code "connection refused"}, a resolver text, ...; the socket is
     *     closed
     */
    public static TcpClient connect(String host, int port) throws TcpException {
        return connect(host, port, null, 0, "unspec");
    }

    /**
     * {@code socket.connect(host, port, localHost, localPort)}: connects from a local address;
     * see {@link #connect(String, int, String, int, String)}.
     *
     * @param host a name or a numeric address
     * @param port the peer's port
     * @param localHost the local address to bind first; null for no local bind
     * @param localPort the local port, 0 for an ephemeral one
     * @return a connected client
     * @throws TcpException the bind's or the connect's error; the socket is closed
     */
    public static TcpClient connect(String host, int port, String localHost, int localPort)
            throws TcpException {
        return connect(host, port, localHost, localPort, "unspec");
    }

    /**
     * {@code socket.connect(host, port, localHost, localPort, family)}. As in LuaSocket, the
     * family ({@code "unspec"}, {@code "inet"}, {@code "inet6"}) restricts only the local bind;
     * without a local address it is ignored. On failure the socket is closed.
     *
     * @param host a name or a numeric address
     * @param port the peer's port
     * @param localHost the local address to bind first; null for no local bind
     * @param localPort the local port, 0 for an ephemeral one
     * @param family {@code "unspec"}, {@code "inet"} or {@code "inet6"}; null means {@code
     *     "unspec"}
     * @return a connected client
     * @throws TcpException the bind's or the connect's error ({@code "connection refused"}, a
     *     resolver text, ...); the socket is closed
     * @throws IllegalArgumentException {@code invalid option 'FAMILY'}
     */
    public static TcpClient connect(String host, int port, String localHost, int localPort,
            String family) throws TcpException {
        firstUse();
        TcpSocket.requireHost(host);
        Family hint = switch (family == null ? "unspec" : family) {
            case "unspec" -> Family.UNSPEC;
            case "inet" -> Family.INET;
            case "inet6" -> Family.INET6;
            default -> throw new IllegalArgumentException("invalid option '" + family + "'");
        };
        SocketCore core = localHost == null ? SocketCore.unspecified() : SocketCore.unbound(hint);
        try {
            if (localHost != null) {
                core.bind(localHost, localPort);
            }
            core.connect(host, port);
        } catch (TcpException e) {
            core.close();
            throw e;
        }
        return new Views(core).client();
    }

    private static InetAddress[] resolveAll(String host) throws TcpException {
        if (host.isEmpty()) {
            throw new TcpException(TcpException.Kind.RESOLVER, Resolver.NO_NAME);
        }
        try {
            return InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new TcpException(TcpException.Kind.RESOLVER, Resolver.NO_NAME);
        }
    }
}
