package io.loomsocket;

import io.loomsocket.internal.socket.FirstUse;
import java.time.Duration;
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
        return Opening.tcp();
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
        return Opening.tcp4();
    }

    /**
     * {@code socket.tcp6()}: an IPv6-only master.
     *
     * @return a new IPv6 master
     * @throws TcpException the system's text when no socket can be made
     */
    public static TcpMaster tcp6() throws TcpException {
        firstUse();
        return Opening.tcp6();
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
     * Ports are not checked: one above 65535 wraps as glibc's service parsing does, so {@code
     * bind(host, 70000)} listens on port 4464 (70000 - 65536); a negative one fails {@code
     * "service not supported for socket type"}.
     *
     * @param host a name or a numeric address; {@code "*"} for every IPv4 interface
     * @param port the port, 0 for an ephemeral one
     * @param backlog the length of the queue of connections not yet accepted
     * @return a listening server
     * @throws TcpException the last address's error, or the resolver's
     */
    public static TcpServer bind(String host, int port, int backlog) throws TcpException {
        firstUse();
        return Opening.bind(host, port, backlog);
    }

    /**
     * {@code socket.connect(host, port)}: a blocking connect with no timeout; see {@link
     * #connect(String, int, String, int, String)}, and {@link #connect(String, int, Duration)}
     * for one with a limit. A port above 65535 wraps ({@code 70000} is 4464), as for {@link
     * #bind(String, int, int)}.
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
     * Connects with a time limit, in one call that leaves nothing open when it fails (an addition
     * to LuaSocket, whose {@code socket.connect} has no timeout): the limit is a {@linkplain
     * TcpSocket#setDeadline deadline} for the whole call, across every address the host
     * resolves to, where a total timeout would restart for each. On failure the socket is
     * closed before the exception is thrown. The client comes back as {@link #connect(String,
     * int)} gives it: no timeouts, no deadline.
     *
     * <pre>{@code
     * try (TcpClient client = Tcp.connect("127.0.0.1", port, Duration.ofSeconds(3))) {
     *     client.send("hello\n");
     * }
     * }</pre>
     *
     * The limit covers the connection, not the name lookup (the JDK's resolver cannot be
     * bounded); a literal address involves none. A timeout says {@link
     * TcpException.Limit#DEADLINE} as its {@link TcpException#limit()}. Null means no limit;
     * zero, or a negative duration, means no time at all (the package's rule for durations),
     * so the call fails {@code "timeout"} at once, before any I/O; this differs from {@link
     * java.net.Socket#connect(java.net.SocketAddress, int)}, where 0 means no limit.
     *
     * @param host a name or a numeric address
     * @param port the port (wrapping above 65535)
     * @param timeout the limit for the whole call; null for none; zero or negative for none
     *     left
     * @return the connected client
     * @throws TcpException {@code "timeout"}, {@code "connection refused"}, a resolver text, ...
     */
    public static TcpClient connect(String host, int port, Duration timeout) throws TcpException {
        firstUse();
        return Opening.connect(host, port, timeout);
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
        return Opening.connect(host, port, localHost, localPort, family);
    }

    /**
     * Waits until a receive or an accept on some of {@code readers}, or a send on some of {@code
     * writers}, would not wait, or until the timeout passes: LuaSocket's {@code socket.select}
     * for loomsocket's sockets. It is how one thread serves several sockets (a proxy, a chat
     * server whose broadcast must not stall on one slow reader), and how Java code waits until a
     * socket is writable before it sends, which {@code java.net.Socket} cannot.
     *
     * <p>As in LuaSocket: a socket with buffered data is readable at once (and comes first), as
     * are one at the end of its stream or with an error to report, and a server with a
     * connection to accept; a socket is writable when the kernel would take bytes, or once a
     * connect under way (one that timed out) has finished, either way, the next call on it
     * reporting how. Sockets closed when the call begins are left out. An empty result is
     * LuaSocket's {@code "timeout"}.
     *
     * <p>The calling thread waits for all the sockets at once through their own waits: no
     * descriptor and no thread per call. While it waits it holds each socket's direction as a
     * receive (readers) or a send (writers) would, so a receive or send on another thread waits
     * for the select to end (within its own timeouts); a socket whose direction another thread
     * holds when the select begins is only looked at, not waited on. A socket that another
     * thread closes during the wait ends it, and is reported ready (a receive or send on it
     * fails at once).
     *
     * <pre>{@code
     * Selected ready = Tcp.select(List.of(server, client), List.of(), Duration.ofSeconds(1));
     * for (TcpSocket socket : ready.readable()) { ... }
     * }</pre>
     *
     * @param readers sockets to wait on until a receive or accept would not wait; null for none
     * @param writers sockets to wait on until a send would not wait; null for none
     * @param timeout the longest wait; zero or negative asks without waiting; null waits
     *     without a limit
     * @return the sockets found ready; both lists empty when the timeout passed first
     * @throws TcpException {@code "interrupted"} when the calling thread is interrupted (its flag
     *     stays set)
     * @throws IllegalArgumentException a null socket, or no socket at all and no timeout
     */
    public static Selected select(java.util.Collection<? extends TcpSocket> readers,
            java.util.Collection<? extends TcpSocket> writers, Duration timeout) throws TcpException {
        // The package's rule: null is no limit, a negative duration no time left (not
        // LuaSocket's negative number, which waits without a limit).
        double seconds = timeout == null ? -1
                : timeout.isNegative() ? 0 : timeout.getSeconds() + timeout.getNano() / 1e9;
        return Selecting.select(readers, writers, seconds);
    }
}
