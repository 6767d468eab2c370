package io.loomsocket;

import io.loomsocket.internal.engine.IoFailure;
import io.loomsocket.internal.net.Family;
import io.loomsocket.internal.net.Resolver;
import io.loomsocket.internal.socket.SocketCore;
import java.net.InetAddress;
import java.util.List;

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
    private Tcp() {}

    /** {@code socket.tcp()}: a master whose family is chosen by its first bind or connect. */
    public static TcpMaster tcp() {
        return new Views(SocketCore.unspecified()).master();
    }

    /** {@code socket.tcp4()}: an IPv4 master. @throws TcpException e.g. "Too many open files" */
    public static TcpMaster tcp4() throws TcpException {
        return new Views(SocketCore.of(Family.INET)).master();
    }

    /** {@code socket.tcp6()}: an IPv6-only master. @throws TcpException a system error text */
    public static TcpMaster tcp6() throws TcpException {
        return new Views(SocketCore.of(Family.INET6)).master();
    }

    /** {@code socket.bind(host, port)} with the default backlog of 32. */
    public static TcpServer bind(String host, int port) throws TcpException {
        return bind(host, port, TcpMaster.DEFAULT_BACKLOG);
    }

    /**
     * {@code socket.bind(host, port, backlog)}: a listening server with reuseaddr on, on the first
     * resolved address that binds and listens. {@code "*"} means {@code 0.0.0.0} (IPv4 only).
     *
     * @throws TcpException the last address's error, or the resolver's
     */
    public static TcpServer bind(String host, int port, int backlog) throws TcpException {
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

    /** {@code socket.connect(host, port)}: a blocking connect with no timeout. */
    public static TcpClient connect(String host, int port) throws TcpException {
        return connect(host, port, null, 0, "unspec");
    }

    /** {@code socket.connect(host, port, localHost, localPort)}. */
    public static TcpClient connect(String host, int port, String localHost, int localPort)
            throws TcpException {
        return connect(host, port, localHost, localPort, "unspec");
    }

    /**
     * {@code socket.connect(host, port, localHost, localPort, family)}. As in LuaSocket, the
     * family ({@code "unspec"}, {@code "inet"}, {@code "inet6"}) restricts only the local bind;
     * without a local address it is ignored. On failure the socket is closed.
     *
     * @param localHost null for no local bind
     * @throws IllegalArgumentException {@code invalid option 'FAMILY'}
     */
    public static TcpClient connect(String host, int port, String localHost, int localPort,
            String family) throws TcpException {
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

    private static List<InetAddress> resolveAll(String host) throws TcpException {
        try {
            return Resolver.addresses(host);
        } catch (IoFailure failure) {
            throw new TcpException(failure.kind(), failure.getMessage());
        }
    }
}
