package io.loomsocket;

/**
 * A LuaSocket {@code tcp{master}}: a fresh object that can {@link #bind bind}, then {@link
 * #listen listen} (becoming a {@link TcpServer}) or {@link #connect connect} (becoming a {@link
 * TcpClient}). Once it has left the master class, {@code bind} and {@code listen} throw {@code
 * IllegalStateException("tcp{master} expected")}.
 */
public final class TcpMaster extends TcpSocket {
    /** LuaSocket's default listen backlog. */
    public static final int DEFAULT_BACKLOG = 32;

    TcpMaster(Views views) {
        super(views);
    }

    /**
     * Binds to a local address: {@code "*"} means every interface (IPv4 for a {@code tcp()}
     * master), port 0 an ephemeral port. The resolved addresses are tried in order. A port above
     * 65535 wraps as glibc's does: {@code bind(host, 70000)} binds port 4464.
     *
     * @param host a name or a numeric address; {@code "*"} for every interface
     * @param port the port, 0 for an ephemeral one
     * @throws TcpException {@code "address already in use"}, {@code "permission denied"}, a
     *     resolver text, ...
     */
    public void bind(String host, int port) throws TcpException {
        expect(io.loomsocket.internal.socket.SocketCore.Role.MASTER);
        core.bind(requireHost(host), port);
    }

    /**
     * Listens with the default backlog of 32; see {@link #listen(int)}.
     *
     * @return this object as a server
     * @throws TcpException {@code "Bad file descriptor"} for a {@code tcp()} master never bound
     */
    public TcpServer listen() throws TcpException {
        return listen(DEFAULT_BACKLOG);
    }

    /**
     * Starts listening; the object becomes a server (a failed listen leaves it a master).
     *
     * @param backlog the length of the queue of connections not yet accepted
     * @return this object as a server
     * @throws TcpException {@code "Bad file descriptor"} for a {@code tcp()} master never bound
     */
    public TcpServer listen(int backlog) throws TcpException {
        expect(io.loomsocket.internal.socket.SocketCore.Role.MASTER);
        core.listen(backlog);
        return views.server();
    }
}
