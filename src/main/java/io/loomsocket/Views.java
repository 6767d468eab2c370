package io.loomsocket;

import io.loomsocket.internal.socket.SocketCore;

/** The three typed views of one object, made when first asked for, and a client's two streams. */
final class Views {
    final SocketCore core;
    private volatile TcpMaster master;
    private volatile TcpClient client;
    private volatile TcpServer server;
    /** The client's stream views: made at once, since they hold state a race must not split. */
    private final ClientInputStream inputStream;
    private final ClientOutputStream outputStream;

    Views(SocketCore core) {
        this.core = core;
        this.inputStream = new ClientInputStream(core);
        this.outputStream = new ClientOutputStream(core);
    }

    TcpMaster master() {
        TcpMaster view = master;
        if (view == null) {
            master = view = new TcpMaster(this);
        }
        return view;
    }

    /** From now on the client view is {@code tls}: the same object, wrapped in TLS. */
    void becomeTls(TlsClient tls) {
        client = tls;
    }

    TcpClient client() {
        TcpClient view = client;
        if (view == null) {
            client = view = new TcpClient(this);
        }
        return view;
    }

    ClientInputStream inputStream() {
        return inputStream;
    }

    ClientOutputStream outputStream() {
        return outputStream;
    }

    TcpServer server() {
        TcpServer view = server;
        if (view == null) {
            server = view = new TcpServer(this);
        }
        return view;
    }
}
