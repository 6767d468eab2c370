package io.loomsocket.internal.net;

import io.loomsocket.TcpException.Kind;
import io.loomsocket.internal.engine.IoFailure;
import io.loomsocket.internal.engine.Transport;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.Map;

/**
 * The one place where JDK failures become LuaSocket's strings (its {@code socket_strerror} and
 * {@code pierror.h}). The JDK reports Linux errors with glibc's strerror text, sometimes with a
 * parenthesised note appended; LuaSocket replaces a handful of them with its own lowercase
 * strings and passes the rest through.
 */
public final class ErrorText {
    public static final String TIMEOUT = "timeout";
    public static final String CLOSED = "closed";
    public static final String BAD_DESCRIPTOR = "Bad file descriptor";
    public static final String NOT_CONNECTED = "Transport endpoint is not connected";
    public static final String IN_PROGRESS = "Operation already in progress";
    public static final String INVALID_ARGUMENT = "Invalid argument";
    public static final String ALREADY_CONNECTED = "already connected";
    public static final String UNREACHABLE = "Network is unreachable";
    public static final String GETSOCKOPT_FAILED = "getsockopt failed";
    public static final String SETSOCKOPT_FAILED = "setsockopt failed";

    /** glibc strerror text (as the JDK reports it) to LuaSocket's string and kind. */
    private static final Map<String, Mapped> BY_STRERROR = Map.ofEntries(
            Map.entry("Connection refused", new Mapped(Kind.CONNECTION_REFUSED, "connection refused")),
            Map.entry("Address already in use", new Mapped(Kind.ADDRESS_IN_USE, "address already in use")),
            Map.entry("Transport endpoint is already connected", new Mapped(Kind.ALREADY_CONNECTED, ALREADY_CONNECTED)),
            Map.entry("Permission denied", new Mapped(Kind.PERMISSION_DENIED, "permission denied")),
            Map.entry("Connection timed out", new Mapped(Kind.TIMEOUT, TIMEOUT)),
            Map.entry("Connection reset", new Mapped(Kind.CLOSED, CLOSED)),
            Map.entry("Connection reset by peer", new Mapped(Kind.CLOSED, CLOSED)),
            Map.entry("Broken pipe", new Mapped(Kind.CLOSED, CLOSED)),
            Map.entry("Software caused connection abort", new Mapped(Kind.CLOSED, CLOSED)));

    private record Mapped(Kind kind, String text) {}

    private ErrorText() {}

    /** The failure LuaSocket would report for this JDK exception. */
    public static IoFailure failure(Exception e) {
        if (e instanceof ClosedChannelException) {
            return IoFailure.closed();
        }
        if (e instanceof SocketTimeoutException) {
            return IoFailure.timeout();
        }
        if (e instanceof AlreadyConnectedException) {
            return new IoFailure(Kind.ALREADY_CONNECTED, ALREADY_CONNECTED);
        }
        if (e instanceof ConnectionPendingException) {
            return new IoFailure(Kind.OTHER, IN_PROGRESS);
        }
        if (e instanceof NotYetConnectedException) {
            return new IoFailure(Kind.OTHER, NOT_CONNECTED);
        }
        if (e instanceof AlreadyBoundException) {
            return new IoFailure(Kind.OTHER, INVALID_ARGUMENT);
        }
        if (e instanceof UnsupportedAddressTypeException) {
            return new IoFailure(Kind.OTHER, "Address family not supported by protocol");
        }
        String text = strerror(e);
        Mapped mapped = BY_STRERROR.get(text);
        if (mapped != null) {
            return new IoFailure(mapped.kind(), mapped.text(), text);
        }
        return new IoFailure(Kind.OTHER, text);
    }

    /** The strerror part of a JDK message: without a trailing note such as " (Bind failed)". */
    static String strerror(Exception e) {
        String message = e.getMessage();
        if (message == null) {
            return e instanceof IOException ? "unknown error" : e.getClass().getSimpleName();
        }
        int note = message.indexOf(" (");
        if (note > 0 && message.endsWith(")")) {
            message = message.substring(0, note);
        }
        return message;
    }
}
