package io.loomsocket;

import io.loomsocket.internal.socket.FailureContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * An error that LuaSocket <em>returns</em> ({@code nil, "timeout"}): an I/O outcome, not a
 * programming mistake. {@link #getMessage()} is exactly LuaSocket's string ({@code "timeout"},
 * {@code "closed"}, {@code "connection refused"}, a strerror or resolver text), and {@link
 * #kind()} tells the common cases apart without comparing strings; for a timeout, {@link
 * #limit()} says which limit ran out (a passed deadline among them).
 *
 * <p>An exception thrown by a socket method says where it happened: it has a stack trace, and
 * its {@link #toString()} (the first line of a printed stack trace) names the operation, the
 * socket with its local and peer addresses, and for a timeout the limit that ran out:
 *
 * <pre>
 * io.loomsocket.ReceiveException: timeout (receive("*l") on tcp{client}[local=127.0.0.1:40112,
 *     peer=127.0.0.1:7000]; the block timeout of 2 s ran out; 5 bytes received before)
 * </pre>
 *
 * <p>Filling in a stack trace is the larger part of what a timeout costs (see the README's
 * figures). A program that polls with a zero timeout, and so fails {@code "timeout"} on most
 * calls, may start the JVM with {@code -Dio.loomsocket.stacklessTimeouts=true}: timeouts and
 * closes then carry no stack trace (their message, kind and context stay), and other failures
 * keep theirs. Such an exception, uncaught, prints one line; the JDK's single-file source
 * launcher ({@code java Program.java}) cannot report an uncaught exception without a stack
 * trace and fails with {@code IllegalArgumentException} instead.
 *
 * <p>The socket stays usable after any of them.
 */
public class TcpException extends IOException {
    private static final long serialVersionUID = 2L;

    /** Whether timeouts and closes leave out their stack traces: an opt-in, read once. */
    private static final boolean STACKLESS_TIMEOUTS = stacklessTimeouts();

    static {
        FailureContext.install(TcpException::setContext);
    }

    /** What went wrong, coarsely; the message has LuaSocket's exact text. */
    public enum Kind {
        /**
         * {@code "timeout"}: a wait expired, the deadline has passed, or the block timeout is 0
         * and the call would block; {@link #limit()} says which.
         */
        TIMEOUT,
        /** {@code "closed"}: end of stream, reset, broken pipe, or a closed or unconnected object. */
        CLOSED,
        /** {@code "connection refused"}. */
        CONNECTION_REFUSED,
        /** {@code "address already in use"}. */
        ADDRESS_IN_USE,
        /** {@code "already connected"}. */
        ALREADY_CONNECTED,
        /** {@code "permission denied"}. */
        PERMISSION_DENIED,
        /** A name-resolution failure, with the resolver's text. */
        RESOLVER,
        /** {@code "interrupted"}: the waiting thread was interrupted (a Java-only outcome). */
        INTERRUPTED,
        /**
         * {@code "oversized"}: a receive given a maximum size would have to pass it (LuaSocket's
         * {@code maxsize}); the partial holds exactly that many bytes and the rest stays
         * buffered. Only a receive called with a maximum size fails so.
         */
        OVERSIZED,
        /** Any other system error, with its strerror text ({@code "Bad file descriptor"}). */
        OTHER
    }

    /**
     * The limit that ended a call that failed {@code "timeout"}: the four limits a socket has
     * (README, "The four limits"). Every one of them gives LuaSocket's {@code "timeout"} and
     * {@link Kind#TIMEOUT}; this tells them apart.
     */
    public enum Limit {
        /** The block timeout ({@code settimeout(t)}, {@code settimeout(t, "b")}). */
        BLOCK,
        /** The total timeout ({@code settimeout(t, "t")}). */
        TOTAL,
        /** The idle timeout ({@link TcpSocket#setIdleTimeout}): no byte moved for that long. */
        IDLE,
        /**
         * The deadline ({@link TcpSocket#setDeadline}, and the limit of {@link
         * Tcp#connect(String, int, java.time.Duration)}): it has passed, so every later call on
         * the socket fails at once until a new deadline is set.
         */
        DEADLINE
    }

    /** What went wrong; the message has the exact text. */
    private final Kind kind;
    /** False while the superclass constructor runs, so that its stack capture can wait. */
    private final boolean constructed;
    /** For a timeout, the limit that ran out; null otherwise, or when none of the four did. */
    private Limit limit;
    /** The operation that failed, as written in code ({@code receive("*l")}), or null. */
    private String operation;
    /** The socket's class when it failed ({@code tcp{client}}), or null. */
    private String className;
    /** Its local address then; null when it had none (closed, or no socket yet). */
    private InetSocketAddress local;
    /** Its peer's address then; null when it had none (not connected). */
    private InetSocketAddress peer;
    /** True when the socket was closed then. */
    private boolean closedSocket;
    /** The block, total or idle timeout that ran out, in seconds, or NaN. */
    private double limitSeconds = Double.NaN;

    /**
     * An error with LuaSocket's text. It has a stack trace (unless it is a timeout or a close
     * and {@code io.loomsocket.stacklessTimeouts} is set), and no context until a socket
     * method throws it.
     *
     * @param kind what went wrong
     * @param message LuaSocket's text for it
     * @throws NullPointerException naming the parameter, if either is null
     */
    @SuppressWarnings("this-escape")
    public TcpException(Kind kind, String message) {
        super(message);
        if (kind == null) {
            throw new NullPointerException("kind");
        }
        if (message == null) {
            throw new NullPointerException("message");
        }
        this.kind = kind;
        this.constructed = true;
        if (!STACKLESS_TIMEOUTS || (kind != Kind.TIMEOUT && kind != Kind.CLOSED)) {
            super.fillInStackTrace();
        }
    }

    /**
     * Fills in the stack trace once the kind is known (the superclass constructor asks before
     * it is), and then as {@link Throwable#fillInStackTrace()} does.
     */
    @Override
    public Throwable fillInStackTrace() {
        return constructed ? super.fillInStackTrace() : this;
    }

    private static boolean stacklessTimeouts() {
        try {
            return Boolean.getBoolean("io.loomsocket.stacklessTimeouts");
        } catch (SecurityException e) {
            return false;
        }
    }

    /**
     * What went wrong, coarsely.
     *
     * @return the kind; {@link Kind#OTHER} for any system error without a kind of its own
     */
    public Kind kind() {
        return kind;
    }

    /**
     * For a timeout, which limit ran out: a call under both a block timeout and a deadline
     * learns here whether the connection's time is up ({@link Limit#DEADLINE}: every later call
     * fails at once) or only this call's ({@link Limit#BLOCK}, {@link Limit#TOTAL}, {@link
     * Limit#IDLE}: the next call may succeed). {@link #getMessage()} is {@code "timeout"} and
     * {@link #kind()} {@link Kind#TIMEOUT} for all four, as in LuaSocket.
     *
     * <pre>{@code
     * } catch (TcpException e) {
     *     if (e.limit() == TcpException.Limit.DEADLINE) {
     *         return;                                   // the connection's time is up
     *     }
     *     if (!e.isTimeout()) throw e;
     *     // a slow peer: try again, send a keep-alive, ...
     * }
     * }</pre>
     *
     * @return the limit, or null for anything but a timeout, and for a timeout that none of the
     *     four limits caused (the system's own {@code "Connection timed out"} reported as {@code
     *     "timeout"}, or an exception made by other code)
     */
    public Limit limit() {
        return limit;
    }

    /**
     * Whether this is LuaSocket's {@code "timeout"}.
     *
     * @return true if the kind is {@link Kind#TIMEOUT}, whichever limit ran out
     */
    public boolean isTimeout() {
        return kind == Kind.TIMEOUT;
    }

    /**
     * Whether this is LuaSocket's {@code "closed"}.
     *
     * @return true if the kind is {@link Kind#CLOSED}
     */
    public boolean isClosed() {
        return kind == Kind.CLOSED;
    }

    /**
     * The class and LuaSocket's message, then where it happened, as far as known: the
     * operation, the socket and its addresses, the limit that ran out, and what the call had
     * done (a partial, a last index). {@link #getMessage()} stays LuaSocket's string.
     *
     * @return for example {@code io.loomsocket.SendException: closed (send on
     *     tcp{client}[local=127.0.0.1:40112, peer=127.0.0.1:7000]; 8192 bytes sent before,
     *     last index 8192)}
     */
    @Override
    public String toString() {
        String base = super.toString();
        StringBuilder context = new StringBuilder();
        if (operation != null) {
            context.append(operation).append(" on ").append(className).append('[');
            if (closedSocket) {
                context.append("closed");
            } else if (local == null) {
                context.append("no socket");
            } else {
                context.append("local=").append(hostPort(local));
                if (peer != null) {
                    context.append(", peer=").append(hostPort(peer));
                }
            }
            context.append(']');
        }
        if (limit != null) {
            append(context, limitText());
        }
        String done = done();
        if (done != null) {
            append(context, done);
        }
        return context.isEmpty() ? base : base + " (" + context + ")";
    }

    /** What the failed call had done before, for {@link #toString()}; null if nothing to say. */
    String done() {
        return null;
    }

    private String limitText() {
        String seconds = Double.isNaN(limitSeconds) ? "" : " of " + seconds(limitSeconds);
        return switch (limit) {
            case BLOCK -> "the block timeout" + seconds + " ran out";
            case TOTAL -> "the total timeout" + seconds + " ran out";
            case IDLE -> "the idle timeout" + seconds + " ran out";
            case DEADLINE -> "the deadline has passed";
        };
    }

    private static void append(StringBuilder context, String part) {
        if (!context.isEmpty()) {
            context.append("; ");
        }
        context.append(part);
    }

    private static String seconds(double seconds) {
        if (seconds == Math.rint(seconds) && Math.abs(seconds) < 1e15) {
            return (long) seconds + " s";
        }
        return seconds + " s";
    }

    /** {@code 127.0.0.1:40112}, {@code [::1]:40112}: as {@link Address#toString()}. */
    static String hostPort(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress()
                : address.getHostString();
        int zone = host.indexOf('%');
        if (zone >= 0) {
            host = host.substring(0, zone);
        }
        return Address.hostPort(host, address.getPort());
    }

    /** Where it happened: written once, by the socket method that throws it, before it does. */
    private static void setContext(TcpException e, String operation, String className,
            SocketAddress local, SocketAddress peer, boolean closed, Limit limit,
            double limitSeconds) {
        e.operation = operation;
        e.className = className;
        e.local = local instanceof InetSocketAddress inet ? inet : null;
        e.peer = peer instanceof InetSocketAddress inet ? inet : null;
        e.closedSocket = closed;
        if (e.kind == Kind.TIMEOUT) {
            e.limit = limit;
            e.limitSeconds = limitSeconds;
        }
    }
}
