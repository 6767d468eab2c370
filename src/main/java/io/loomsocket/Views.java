package io.loomsocket;

import io.loomsocket.internal.socket.SocketCore;

/** The three typed views of one object, made when first asked for. */
final class Views {
    final SocketCore core;
    private volatile TcpMaster master;
    private volatile TcpClient client;
    private volatile TcpServer server;

    Views(SocketCore core) {
        this.core = core;
    }

    TcpMaster master() {
        TcpMaster view = master;
        if (view == null) {
            master = view = new TcpMaster(this);
        }
        return view;
    }

    TcpClient client() {
        TcpClient view = client;
        if (view == null) {
            client = view = new TcpClient(this);
        }
        return view;
    }

    TcpServer server() {
        TcpServer view = server;
        if (view == null) {
            server = view = new TcpServer(this);
        }
        return view;
    }
}
