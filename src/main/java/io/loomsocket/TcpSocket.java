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

    /**
     * The current class name, which LuaSocket's {@code tostring} starts with.
     *
     * @return {@code "tcp{master}"}, {@code "tcp{client}"} or {@code "tcp{server}"}
     */
    public final String className() {
        return core.role().className();
    }

    /**
     * This object as a master.
     *
     * @return the master view of this object
     * @throws IllegalStateException {@code tcp{master} expected} when the object is not a master
     */
    public final TcpMaster asMaster() {
        expect(SocketCore.Role.MASTER);
        return views.master();
    }

    /**
     * This object as a client.
     *
     * @return the client view of this object
     * @throws IllegalStateException {@code tcp{client} expected} when the object is not a client
     */
    public final TcpClient asClient() {
        expect(SocketCore.Role.CLIENT);
        return views.client();
    }

    /**
     * This object as a server.
     *
     * @return the server view of this object
     * @throws IllegalStateException {@code tcp{server} expected} when the object is not a server
     */
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
     * or not this succeeds; retry with another connect after a {@code "timeout"}. A port above
     * 65535 wraps as glibc's does ({@code 70000} is port 4464). The deadline ({@link
     * #setDeadline}) is not restarted: it bounds the whole call. {@link Tcp#connect(String, int,
     * Duration)} makes, connects and on failure closes a socket in one call.
     *
     * @param host a name or a numeric address
     * @param port the peer's port
     * @return this object as a client
     * @throws TcpException {@code "connection refused"}, {@code "timeout"}, {@code "already
     *     connected"}, {@code "Operation already in progress"}, a resolver text, ...
     */
    public final TcpClient connect(String host, int port) throws TcpException {
        core.connect(requireHost(host), port);
        return views.client();
    }

    /**
     * {@code dirty()}: whether a receive would find data without waiting.
     *
     * @return true if the receive buffer holds unread bytes; it survives {@link #close()}
     */
    public final boolean dirty() {
        return core.dirty();
    }

    /**
     * {@code getfamily()}.
     *
     * <p>These are LuaSocket's strings for this method, and they differ from the family that
     * {@link #getsockname()} and {@link #getpeername()} report for the same object ({@code
     * "inet"}, {@code "inet6"}, {@code "unspec"}; see {@link Address}). Every other place in
     * this API that names a family, such as {@link Tcp#connect(String, int, String, int,
     * String)}, uses the latter; {@code "inet4"} appears here alone.
     *
     * @return {@code "inet6"} for an IPv6 object, otherwise {@code "inet4"} (also for an unset
     *     family)
     */
    public final String getfamily() {
        return core.family() == io.loomsocket.internal.net.Family.INET6 ? "inet6" : "inet4";
    }

    /**
     * A stable identifier of the socket, or -1 when there is none (closed, or a {@code tcp()}
     * master before bind or connect). The JVM exposes no descriptor, so this is not the OS
     * descriptor; it is unique in the process and changes only when a new OS socket is made.
     *
     * @return the identifier, or -1
     */
    public final int getfd() {
        return core.handle();
    }

    /**
     * Not supported: the JVM cannot adopt a descriptor.
     *
     * @param fd the descriptor LuaSocket would adopt
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
     * @param name the option's LuaSocket name, such as {@code "tcp-nodelay"}
     * @return the option's value
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
     * @param name the option's LuaSocket name, such as {@code "tcp-nodelay"}
     * @param value the new value
     * @throws TcpException {@code "setsockopt failed"}
     * @throws IllegalArgumentException an unknown or null name, or a value of the wrong type
     * @throws UnsupportedOperationException an option the JVM cannot set
     */
    public final void setoption(String name, Object value) throws TcpException {
        SocketOptions.set(core, name, value);
    }

    /**
     * {@code setoption(name)} with no value: a number option is set to 0 (LuaSocket's unchecked
     * conversion), while a boolean option or {@code linger} raises, as in LuaSocket.
     *
     * @param name the option's LuaSocket name
     * @throws TcpException {@code "setsockopt failed"}
     * @throws IllegalArgumentException an unknown name, {@code boolean expected, got no value} or
     *     {@code table expected, got no value}
     */
    public final void setoption(String name) throws TcpException {
        SocketOptions.set(core, name, null);
    }

    /**
     * The peer's address, port and the object's family.
     *
     * @return the peer's address
     * @throws TcpException {@code "Transport endpoint is not connected"}, {@code "Bad file
     *     descriptor"}
     */
    public final Address getpeername() throws TcpException {
        return core.remoteAddress();
    }

    /**
     * The local address, port and the object's family.
     *
     * @return the local address
     * @throws TcpException {@code "Bad file descriptor"} when there is no socket
     */
    public final Address getsockname() throws TcpException {
        return core.localAddress();
    }

    /**
     * Sets the block timeout, LuaSocket's {@code settimeout(t)}. With no total timeout set it
     * limits the <em>whole call</em>, measured from the call's start (C LuaSocket's {@code
     * timeout_getretry} does so), not each wait: a peer that sends a byte every 0.4 s makes a
     * {@code receive()} under {@code settimeout(1)} fail {@code "timeout"} after 1 s, with the
     * bytes so far as the partial, however often bytes came. With a total timeout set too, the
     * block timeout caps each wait and the total limits the call. 0 means never wait (not
     * "forever", as 0 means to {@link java.net.Socket#setSoTimeout}). For a limit on each wait
     * that moving bytes renew, as {@code setSoTimeout} gives, see {@link #setIdleTimeout}.
     *
     * @param seconds the limit in seconds; negative means no limit, 0 means never wait
     */
    public final void settimeout(double seconds) {
        settimeout(seconds, "b");
    }

    /**
     * Sets one timeout, in seconds (negative: no limit). Only the mode's first character counts:
     * {@code 'b'} for block, {@code 't'} or {@code 'r'} for total; null means {@code "b"}.
     *
     * <p>Both limits are per call, as in LuaSocket, and both run from the start of each
     * receive, send, accept or connect (a connect restarts them for every address it tries):
     *
     * <ul>
     *   <li>a block timeout alone limits the whole call;
     *   <li>a total timeout alone limits the whole call too;
     *   <li>with both, the block timeout caps each wait inside the call, and the total the
     *       call.
     * </ul>
     *
     * Neither limits a connection as a whole: a peer that sends a line every 0.5 s is never cut
     * off by {@code settimeout(1, "t")}. For that, set a deadline ({@link #setDeadline}); for a
     * limit on each wait, renewed whenever bytes move, an idle timeout ({@link
     * #setIdleTimeout}). The README's table "The four limits" puts them side by side.
     *
     * @param seconds the limit in seconds; negative means no limit, 0 means never wait
     * @param mode {@code "b"} (block) or {@code "t"} (total), by the first character
     * @throws IllegalArgumentException {@code invalid timeout mode "M"} naming the mode, or a
     *     NaN value
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
            default -> throw new IllegalArgumentException("invalid timeout mode "
                    + Shown.quoted(chosen) + " (\"b\" for block, \"t\" for total)");
        }
    }

    /**
     * Sets the block timeout as {@link #settimeout(double)} does, as a {@code Duration}: null
     * means no limit; zero, or a negative duration, means no time at all, so a call never
     * waits (the package's rule for durations; LuaSocket's negative <em>numbers</em>, in {@link
     * #settimeout(double)}, mean no limit instead).
     *
     * @param timeout the limit; null for none, zero or negative to never wait
     */
    public final void settimeout(Duration timeout) {
        settimeout(timeout, "b");
    }

    /**
     * Sets one timeout as {@link #settimeout(double, String)} does, as a {@code Duration}: null
     * means no limit; zero, or a negative duration, means no time at all (the package's rule
     * for durations), kept as a timeout of 0 (so {@link #gettimeout()} reads 0). Any duration
     * is taken, up to {@code Duration.ofSeconds(Long.MAX_VALUE)}: the seconds are kept as a
     * double, as a Lua number would hold them, and a wait longer than the machine will run is
     * a wait without a limit.
     *
     * @param timeout the limit; null for none, zero or negative for no time at all
     * @param mode {@code "b"} (block) or {@code "t"} (total), by the first character
     * @throws IllegalArgumentException {@code invalid timeout mode "M"} naming the mode
     */
    public final void settimeout(Duration timeout, String mode) {
        settimeout(timeout == null ? -1 : Math.max(0, seconds(timeout)), mode);
    }

    /**
     * Sets an idle timeout (a Java addition): a limit on each wait inside a receive, send,
     * accept or connect, counted from the moment bytes last moved in that call (or from its
     * start), as {@link java.net.Socket#setSoTimeout} limits each read. A peer that keeps
     * sending, however slowly, is never cut off by it; one that sends nothing for that long is:
     * the call fails {@code "timeout"} ({@link TcpException#limit()} {@link
     * TcpException.Limit#IDLE}) with its partial or last index, as any timeout does.
     *
     * <p>It holds beside the block and total timeouts and the deadline: a wait ends at the
     * first of them. Like them it applies to each call and holds until it is set again; a
     * client that {@link TcpServer#accept()} returns starts without one. Null removes it.
     *
     * <pre>{@code
     * client.setIdleTimeout(Duration.ofSeconds(30)); // silent for 30 s: cut off
     * client.setDeadline(Duration.ofMinutes(10));    // busy or not, 10 minutes in all
     * }</pre>
     *
     * @param timeout the longest wait with no byte moving; null for none; zero or negative (the
     *     package's rule for durations) means no time at all, so a call never waits
     */
    public final void setIdleTimeout(Duration timeout) {
        core.timeout().setIdleNanos(timeout == null ? -1 : Math.max(0, saturatedNanos(timeout)));
    }

    /**
     * Sets a deadline {@code timeFromNow} from now, beside the block and total timeouts (an
     * addition to LuaSocket, like Okio's {@code Timeout.deadline}); null removes it. It holds
     * for this object until it is set again, across any number of calls:
     *
     * <ul>
     *   <li>once it has passed, every receive, send, accept and connect fails {@code "timeout"}
     *       ({@link TcpException#limit()} {@link TcpException.Limit#DEADLINE}) at once, before
     *       any I/O, whatever the other timeouts: a receive with its prefix as the partial
     *       (nothing is consumed), a send with {@code i - 1} as the last index, so nothing is
     *       lost;
     *   <li>before then, a wait that would run past it is shortened to end there, and fails
     *       {@code "timeout"} with the partial or last index, as any timeout does;
     *   <li>like LuaSocket's timeouts, it limits waiting: a call that never has to wait (the
     *       data are there) is not cut in the middle.
     * </ul>
     *
     * Without a deadline, the block and total timeouts behave exactly as in LuaSocket. A client
     * that {@link TcpServer#accept()} returns starts without one, as it starts without
     * timeouts. For a limit on silence rather than on the whole connection, see {@link
     * #setIdleTimeout}.
     *
     * <pre>{@code
     * client.setDeadline(Duration.ofSeconds(30));   // the whole exchange, however many reads
     * client.settimeout(5);                          // and at most 5 s for any one call
     * }</pre>
     *
     * @param timeFromNow how long from now; null for no deadline; zero or negative (the
     *     package's rule for durations) means it has passed already
     */
    public final void setDeadline(Duration timeFromNow) {
        if (timeFromNow == null) {
            core.timeout().clearDeadline();
            return;
        }
        core.timeout().setDeadlineAfter(saturatedNanos(timeFromNow));
    }

    /** A duration in nanoseconds, saturated at the ends of {@code long} (about 292 years). */
    static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /**
     * {@code gettimeout()}.
     *
     * @return the block and total timeouts as they were set; -1 for each on a fresh object
     */
    public final Timeouts gettimeout() {
        return new Timeouts(core.timeout().blockSeconds(), core.timeout().totalSeconds());
    }

    /**
     * The current class and the addresses, for logs, like {@link java.net.Socket#toString()}:
     * {@code tcp{client}[local=127.0.0.1:40112, peer=127.0.0.1:8080]}, {@code
     * tcp{server}[local=[::1]:8080]}, {@code tcp{client}[closed]}, {@code tcp{master}[no
     * socket]} (a {@code tcp()} master before its bind or connect). LuaSocket's {@code
     * tostring} gives {@code tcp{client}: 0x...} instead. Never throws.
     */
    @Override
    public final String toString() {
        StringBuilder text = new StringBuilder(className()).append('[');
        try {
            if (core.isClosed()) {
                return text.append("closed]").toString();
            }
            String local = hostPort(core.localAddress());
            text.append("local=").append(local);
        } catch (TcpException | RuntimeException e) {
            return text.append("no socket]").toString();
        }
        try {
            String peer = hostPort(core.remoteAddress());
            text.append(", peer=").append(peer);
        } catch (TcpException | RuntimeException e) {
            // not connected: no peer to show
        }
        return text.append(']').toString();
    }

    private static String hostPort(Address address) {
        return address.toString();
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
