package io.loomsocket;

import io.loomsocket.internal.engine.IoFailure;
import io.loomsocket.internal.net.Family;
import io.loomsocket.internal.net.Resolver;
import io.loomsocket.internal.socket.SocketCore;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * The work of {@link Tcp}'s constructors, once the first use is prepared. It lives apart so that
 * {@code Tcp}, the class every first call enters, names no other class in a way that makes the
 * JVM load it while linking {@code Tcp} (an exception it catches, a type it converts): threads
 * that make their first calls at the same instant wait for {@code Tcp}'s initialisation, which
 * holds their carriers on JDK 21 to 25, so it must take microseconds. This class is initialised
 * by the first use, under its lock, before any call reaches it.
 */
final class Opening {
    private Opening() {}

    static TcpMaster tcp() {
        return new Views(SocketCore.unspecified()).master();
    }

    static TcpMaster tcp4() throws TcpException {
        return new Views(SocketCore.of(Family.INET)).master();
    }

    static TcpMaster tcp6() throws TcpException {
        return new Views(SocketCore.of(Family.INET6)).master();
    }

    static TcpServer bind(String host, int port, int backlog) throws TcpException {
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

    static TcpClient connect(String host, int port, Duration timeout) throws TcpException {
        TcpSocket.requireHost(host);
        SocketCore core = SocketCore.unspecified();
        try {
            if (timeout != null) {
                core.timeout().setDeadlineAfter(TcpSocket.saturatedNanos(timeout));
            }
            core.connect(host, port);
        } catch (TcpException | RuntimeException | Error e) {
            core.close();
            throw e;
        }
        core.timeout().clearDeadline();
        return new Views(core).client();
    }

    static TcpClient connect(String host, int port, String localHost, int localPort,
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
