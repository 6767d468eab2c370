package io.loomsocket;

import io.loomsocket.internal.socket.SocketCore;
import io.loomsocket.internal.socket.SocketOptions;
import java.time.Duration;

/**
 * A LuaSocket TCP object of any class ({@code tcp{any}}): the methods every class has.
 *
 * <p>LuaSocket's objects change class in place, which Java objects cannot do, so each object
 * has three typed views, {@link TcpMaster}, {@link TcpClient} and {@link TcpServer}, that share
 * one state. The transitions are LuaSocket's:
 *
 * <pre>
 *   tcp(), tcp4(), tcp6()
 *          |
 *          v            listen() ok
 *    tcp{master} ------------------------&gt; tcp{server} ---accept()---&gt; new tcp{client}
 *          |                                    |
 *          | connect(), ok or not               | connect(), ok or not (fails:
 *          v                                    v  "already connected")
 *    tcp{client} &lt;------------------------------+
 * </pre>
 *
 * A view whose class the object has left still exists; its class-specific methods then throw
 * {@link IllegalStateException} with LuaSocket's text, such as {@code tcp{master} expected}.
 * {@link #asClient()} and its siblings give the view for the current class.
 *
 * <p>Thread safety: one receive (or accept) and one send (or connect) at a time, but a receive
 * and a send may run at once on two threads, and {@link #close()} from any thread wakes both.
 */
public abstract sealed class TcpSocket implements AutoCloseable
        permits TcpMaster, TcpClient, TcpServer {
    final SocketCore core;
    final Views views;

    TcpSocket(Views views) {
        this.core = views.core;
        this.views = views;
    }

    /** The current class name: {@code "tcp{master}"}, {@code "tcp{client}"} or {@code "tcp{server}"}. */
    public final String className() {
        return core.role().className();
    }

    /** This object as a master. @throws IllegalStateException {@code tcp{master} expected} */
    public final TcpMaster asMaster() {
        expect(SocketCore.Role.MASTER);
        return views.master();
    }

    /** This object as a client. @throws IllegalStateException {@code tcp{client} expected} */
    public final TcpClient asClient() {
        expect(SocketCore.Role.CLIENT);
        return views.client();
    }

    /** This object as a server. @throws IllegalStateException {@code tcp{server} expected} */
    public final TcpServer asServer() {
        expect(SocketCore.Role.SERVER);
        return views.server();
    }

    /**
     * Closes the socket. Idempotent, never fails; wakes a receive or send blocked on another
     * thread. The receive buffer stays readable, and the class, stats and timeouts stay.
     */
    @Override
    public final void close() {
        core.close();
    }

    /**
     * Connects to {@code host:port}, trying each resolved address (with the timeouts restarted
     * for each; a block timeout of 0 tries only the first). The object becomes a client whether
     * or not this succeeds; retry with another connect after a {@code "timeout"}.
     *
     * @return this object as a client
     * @throws TcpException {@code "connection refused"}, {@code "timeout"}, {@code "already
     *     connected"}, {@code "Operation already in progress"}, a resolver text, ...
     */
    public final TcpClient connect(String host, int port) throws TcpException {
        core.connect(requireHost(host), port);
        return views.client();
    }

    /** True if the receive buffer holds unread bytes; it survives {@link #close()}. */
    public final boolean dirty() {
        return core.dirty();
    }

    /** {@code "inet6"} for an IPv6 object, otherwise {@code "inet4"} (also for an unset family). */
    public final String getfamily() {
        return core.family() == io.loomsocket.internal.net.Family.INET6 ? "inet6" : "inet4";
    }

    /**
     * A stable identifier of the socket, or -1 when there is none (closed, or a {@code tcp()}
     * master before bind or connect). The JVM exposes no descriptor, so this is not the OS
     * descriptor; it is unique in the process and changes only when a new OS socket is made.
     */
    public final int getfd() {
        return core.handle();
    }

    /**
     * Not supported: the JVM cannot adopt a descriptor.
     *
     * @throws UnsupportedOperationException always
     */
    public final void setfd(int fd) {
        throw new UnsupportedOperationException("setfd(" + fd + "): the JVM cannot adopt a socket"
                + " descriptor; create the object with Tcp.tcp(), tcp4(), tcp6(), bind() or connect()");
    }

    /**
     * An option's value: Boolean for {@code keepalive}, {@code reuseaddr}, {@code reuseport},
     * {@code tcp-nodelay}; Integer for {@code tcp-keepidle}, {@code tcp-keepcnt}, {@code
     * tcp-keepintvl}, {@code recv-buffer-size}, {@code send-buffer-size}; {@link Linger} for
     * {@code linger}; for {@code error}, the pending error's text or null.
     *
     * @throws TcpException {@code "getsockopt failed"} (no socket yet, closed, not applicable)
     * @throws IllegalArgumentException {@code unsupported option `NAME'}, or {@code string
     *     expected, got no value} for a null name
     */
    public final Object getoption(String name) throws TcpException {
        return SocketOptions.get(core, name);
    }

    /**
     * Sets an option: booleans need a {@link Boolean}; {@code linger} takes a {@link Linger} or
     * a map with a Boolean {@code on} and a numeric {@code timeout}. {@code ipv6-v6only} can
     * only be true (on IPv6 objects); {@code tcp-defer-accept}, {@code tcp-fastopen} and {@code
     * tcp-fastopen-connect} are beyond the JVM's reach.
     *
     * <p>Number options ({@code recv-buffer-size}, {@code send-buffer-size}, {@code
     * tcp-keepidle}, {@code tcp-keepcnt}, {@code tcp-keepintvl}) take a {@link Number} or a
     * numeric string, converted as Lua converts them and then as C's {@code (int)} does: {@code
     * "12"}, {@code " 0x10 "} and {@code 2.7} (truncated to 2) are kept, as LuaSocket keeps
     * them, and a value the kernel refuses (a keepalive time of 0, a huge number) fails with
     * {@code "setsockopt failed"} as in C. Anything else ({@code "abc"}, a Boolean, a map, any
     * other object, no value, NaN) throws {@link IllegalArgumentException} naming the value,
     * where LuaSocket's unchecked conversion would quietly set 0.
     *
     * @throws TcpException {@code "setsockopt failed"}
     * @throws IllegalArgumentException an unknown or null name, or a value of the wrong type
     * @throws UnsupportedOperationException an option the JVM cannot set
     */
    public final void setoption(String name, Object value) throws TcpException {
        SocketOptions.set(core, name, value);
    }

    /** {@code setoption(name)} with no value. */
    public final void setoption(String name) throws TcpException {
        SocketOptions.set(core, name, null);
    }

    /**
     * The peer's address, port and the object's family.
     *
     * @throws TcpException {@code "Transport endpoint is not connected"}, {@code "Bad file
     *     descriptor"}
     */
    public final Address getpeername() throws TcpException {
        return core.remoteAddress();
    }

    /**
     * The local address, port and the object's family.
     *
     * @throws TcpException {@code "Bad file descriptor"} when there is no socket
     */
    public final Address getsockname() throws TcpException {
        return core.localAddress();
    }

    /** Sets the block timeout, in seconds; negative means no limit, 0 means never wait. */
    public final void settimeout(double seconds) {
        settimeout(seconds, "b");
    }

    /**
     * Sets one timeout, in seconds (negative: no limit). Only the mode's first character counts:
     * {@code 'b'} for block, {@code 't'} or {@code 'r'} for total; null means {@code "b"}.
     *
     * @throws IllegalArgumentException {@code invalid timeout mode}, or a NaN value
     */
    public final void settimeout(double seconds, String mode) {
        if (Double.isNaN(seconds)) {
            throw new IllegalArgumentException("timeout is NaN");
        }
        String chosen = mode == null ? "b" : mode;
        char first = chosen.isEmpty() ? '\0' : chosen.charAt(0);
        switch (first) {
            case 'b' -> core.timeout().setBlockSeconds(seconds);
            case 't', 'r' -> core.timeout().setTotalSeconds(seconds);
            default -> throw new IllegalArgumentException("invalid timeout mode");
        }
    }

    /** Sets the block timeout; null means no limit. */
    public final void settimeout(Duration timeout) {
        settimeout(timeout, "b");
    }

    /**
     * Sets one timeout as {@link #settimeout(double, String)} does; null means no limit. Any
     * duration is taken, up to {@code Duration.ofSeconds(Long.MAX_VALUE)}: the seconds are kept
     * as a double, as a Lua number would hold them, and a wait longer than the machine will run
     * is a wait without a limit.
     */
    public final void settimeout(Duration timeout, String mode) {
        settimeout(timeout == null ? -1 : seconds(timeout), mode);
    }

    /** The block and total timeouts as they were set; -1 for each on a fresh object. */
    public final Timeouts gettimeout() {
        return new Timeouts(core.timeout().blockSeconds(), core.timeout().totalSeconds());
    }

    /** {@code tcp{client}: 0x...}, with the current class. */
    @Override
    public final String toString() {
        return className() + ": 0x" + Integer.toHexString(System.identityHashCode(views));
    }

    final void expect(SocketCore.Role role) {
        if (core.role() != role) {
            throw new IllegalStateException(role.className() + " expected");
        }
    }

    /** The duration in seconds, exact to the nanosecond where {@code toNanos} cannot overflow. */
    private static double seconds(Duration timeout) {
        long limit = Long.MAX_VALUE / 1_000_000_000L;
        if (timeout.getSeconds() > -limit && timeout.getSeconds() < limit) {
            return timeout.toNanos() / 1e9;
        }
        return timeout.getSeconds() + timeout.getNano() / 1e9;
    }

    static String requireHost(String host) {
        if (host == null) {
            throw new IllegalArgumentException("string expected, got no value");
        }
        return host;
    }
}
