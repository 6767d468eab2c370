package io.loomsocket.internal.engine;

import io.loomsocket.TcpException;

/**
 * An I/O outcome that is not success, inside the engine: the kind and LuaSocket's text. It has
 * no stack trace, since polling with timeout 0 produces one per call; the API turns it into a
 * public exception carrying the partial result.
 */
public final class IoFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final TcpException.Kind kind;
    /** The system's own text (strerror) where LuaSocket replaced it with its own, else null. */
    private final String systemText;

    public IoFailure(TcpException.Kind kind, String message) {
        this(kind, message, null);
    }

    public IoFailure(TcpException.Kind kind, String message, String systemText) {
        super(message, null, false, false);
        this.kind = kind;
        this.systemText = systemText;
    }

    /**
     * The strerror text LuaSocket's string replaced ("Broken pipe" behind "closed"), or null:
     * LuaSec reports some errors by strerror where LuaSocket has its own word.
     */
    public String systemText() {
        return systemText;
    }

    public static IoFailure timeout() {
        return new IoFailure(TcpException.Kind.TIMEOUT, "timeout");
    }

    public static IoFailure closed() {
        return new IoFailure(TcpException.Kind.CLOSED, "closed");
    }

    /** Whether this is LuaSocket's "timeout". */
    public boolean isTimeout() {
        return kind() == TcpException.Kind.TIMEOUT;
    }

    public TcpException.Kind kind() {
        return kind;
    }
}
