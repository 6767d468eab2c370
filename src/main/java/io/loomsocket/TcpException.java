package io.loomsocket;

import java.io.IOException;

/**
 * An error that LuaSocket <em>returns</em> ({@code nil, "timeout"}): an I/O outcome, not a
 * programming mistake. {@link #getMessage()} is exactly LuaSocket's string ({@code "timeout"},
 * {@code "closed"}, {@code "connection refused"}, a strerror or resolver text), and {@link
 * #kind()} tells the common cases apart without comparing strings.
 *
 * <p>Timeouts and closes carry no stack trace: polling with a zero timeout throws one per call,
 * and they are results, not bugs. The socket stays usable after any of them.
 */
public class TcpException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, coarsely; the message has LuaSocket's exact text. */
    public enum Kind {
        /** {@code "timeout"}: a wait expired, or the block timeout is 0 and the call would block. */
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

    /** What went wrong; the message has the exact text. */
    private final Kind kind;
    /** False while the superclass constructor runs, so that its stack capture can be skipped. */
    private final boolean constructed;

    /**
     * An error with LuaSocket's text. Only errors other than timeouts and closes capture a stack
     * trace.
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
        if (kind != Kind.TIMEOUT && kind != Kind.CLOSED) {
            super.fillInStackTrace();
        }
    }

    /** Captures a stack trace only once constructed, and then only when asked to. */
    @Override
    public Throwable fillInStackTrace() {
        return constructed ? super.fillInStackTrace() : this;
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
     * Whether this is LuaSocket's {@code "timeout"}.
     *
     * @return true if the kind is {@link Kind#TIMEOUT}
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
}
