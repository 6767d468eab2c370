package io.loomsocket;

import io.loomsocket.internal.socket.SocketCore;

/**
 * A LuaSocket {@code tcp{server}}: a listening socket. {@link #accept()} waits under the
 * object's timeouts and returns a new client with fresh timeouts, buffer and stats.
 */
public final class TcpServer extends TcpSocket {
    TcpServer(Views views) {
        super(views);
    }

    /**
     * Waits for a connection.
     *
     * @return a new client (its timeouts are not inherited: -1, -1)
     * @throws TcpException {@code "timeout"}, {@code "closed"}, or a system error text
     * @throws IllegalStateException {@code tcp{server} expected}
     */
    public TcpClient accept() throws TcpException {
        expect(SocketCore.Role.SERVER);
        return new Views(core.accept()).client();
    }
}
