package io.loomsocket.differential;

import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A port of the test's own ({@code $BUSY}, {@code $CLOSED}), held on 127.0.0.1 and, where this
 * machine has IPv6, by a bound socket on ::1 too. The kernel hands out a bound port per address:
 * held on 127.0.0.1 alone, its number could come back to a listener on ::1 (the peer's, or the
 * subject's), and the normalizer would give that listener the held port's name in one run and
 * not in the other.
 */
final class HeldPort implements Closeable {
    private static final int TRIES = 20;
    /** 127.0.0.1, which the scenarios name, whatever address family the JDK prefers. */
    private static final InetSocketAddress V4_ANY_PORT = new InetSocketAddress("127.0.0.1", 0);
    private static final InetAddress V6 = ipv6Loopback();

    private final Closeable onV4;
    private final int port;
    private final Socket onV6;

    private HeldPort(Closeable onV4, int port, Socket onV6) {
        this.onV4 = onV4;
        this.port = port;
        this.onV6 = onV6;
    }

    /** A listener on 127.0.0.1: connects to it wait in its accept queue. */
    static HeldPort listening() throws IOException {
        return hold(true);
    }

    /** A socket bound on 127.0.0.1 that does not listen: connects to it are refused. */
    static HeldPort refusing() throws IOException {
        return hold(false);
    }

    int port() {
        return port;
    }

    /** ::1 where a socket can be bound on it (where ports are held there too), else null. */
    static InetAddress ipv6LoopbackOrNull() {
        return V6;
    }

    @Override
    public void close() throws IOException {
        try {
            onV4.close();
        } finally {
            if (onV6 != null) {
                onV6.close();
            }
        }
    }

    private static HeldPort hold(boolean listen) throws IOException {
        for (int i = 1; ; i++) {
            Closeable onV4;
            int port;
            if (listen) {
                ServerSocket s = new ServerSocket();
                s.bind(V4_ANY_PORT);
                onV4 = s;
                port = s.getLocalPort();
            } else {
                Socket s = new Socket();
                s.bind(V4_ANY_PORT);
                onV4 = s;
                port = s.getLocalPort();
            }
            if (V6 == null) {
                return new HeldPort(onV4, port, null);
            }
            // Bound, not listening and without SO_REUSEADDR: nothing else binds the number on
            // ::1, and a connect to [::1]:port is still refused.
            Socket onV6 = new Socket();
            try {
                onV6.bind(new InetSocketAddress(V6, port));
                return new HeldPort(onV4, port, onV6);
            } catch (BindException e) {
                onV6.close();
                onV4.close();
                if (i == TRIES) {
                    throw new IOException("no port free on both loopbacks in " + TRIES + " tries",
                            e);
                }
            }
        }
    }

    /** ::1 where a socket can be bound on it, else null. */
    private static InetAddress ipv6Loopback() {
        try (Socket probe = new Socket()) {
            InetAddress v6 = InetAddress.getByName("::1");
            probe.bind(new InetSocketAddress(v6, 0));
            return v6;
        } catch (IOException e) {
            return null;
        }
    }
}
