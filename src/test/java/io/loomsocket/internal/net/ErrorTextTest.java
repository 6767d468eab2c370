package io.loomsocket.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loomsocket.TcpException.Kind;
import io.loomsocket.internal.engine.IoFailure;
import io.loomsocket.internal.engine.Transport;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** JDK failures become LuaSocket's strings (semantics reference 7.1). */
@org.junit.jupiter.api.Timeout(value = 10, unit = TimeUnit.SECONDS)
class ErrorTextTest {
    @ParameterizedTest(name = "\"{0}\" -> \"{1}\" ({2})")
    @CsvSource({
        "Connection refused, connection refused, CONNECTION_REFUSED",
        "Address already in use, address already in use, ADDRESS_IN_USE",
        "Transport endpoint is already connected, already connected, ALREADY_CONNECTED",
        "Permission denied, permission denied, PERMISSION_DENIED",
        "Connection timed out, timeout, TIMEOUT",
        "Connection reset, closed, CLOSED",
        "Connection reset by peer, closed, CLOSED",
        "Broken pipe, closed, CLOSED",
        "Software caused connection abort, closed, CLOSED"})
    void mappedStrerrorTexts(String strerror, String expected, Kind kind) {
        assertFailure(kind, expected, new SocketException(strerror));
        assertFailure(kind, expected, new IOException(strerror + " (" + strerror + ")"));
    }

    @ParameterizedTest(name = "\"{0}\" passes through")
    @CsvSource({
        "Network is unreachable", "No route to host", "Bad file descriptor", "Invalid argument",
        "Cannot assign requested address", "Too many open files", "Operation not supported",
        "Address family not supported by protocol"})
    void otherStrerrorTextsPassThrough(String strerror) {
        assertFailure(Kind.OTHER, strerror, new SocketException(strerror));
    }

    @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
    @CsvSource({
        "Connection refused (Connection refused), connection refused, CONNECTION_REFUSED",
        "Address already in use (Bind failed), address already in use, ADDRESS_IN_USE",
        "No route to host (Host unreachable), No route to host, OTHER",
        "Network is unreachable (connect failed), Network is unreachable, OTHER"})
    void aTrailingNoteIsStripped(String message, String expected, Kind kind) {
        assertFailure(kind, expected, new ConnectException(message));
    }

    /** Without a message: "unknown error" for an I/O error, else the exception's class. */
    @Test
    void aFailureWithoutAMessage() {
        assertEquals("unknown error", ErrorText.strerror(new IOException()));
        assertEquals("IllegalStateException", ErrorText.strerror(new IllegalStateException()));
    }

    @Test
    void onlyATrailingNoteIsStripped() {
        assertFailure(Kind.OTHER, "odd (note) text", new SocketException("odd (note) text"));
        assertFailure(Kind.OTHER, " (only a note)", new SocketException(" (only a note)"));
    }

    static Stream<Arguments> exceptionTypes() {
        return Stream.of(
                Arguments.of(new ClosedChannelException(), Kind.CLOSED, "closed"),
                Arguments.of(new AsynchronousCloseException(), Kind.CLOSED, "closed"),
                Arguments.of(new SocketTimeoutException("Read timed out"), Kind.TIMEOUT, "timeout"),
                Arguments.of(new AlreadyConnectedException(), Kind.ALREADY_CONNECTED, "already connected"),
                Arguments.of(new ConnectionPendingException(), Kind.OTHER, "Operation already in progress"),
                Arguments.of(new NotYetConnectedException(), Kind.OTHER, "Transport endpoint is not connected"),
                Arguments.of(new AlreadyBoundException(), Kind.OTHER, "Invalid argument"),
                Arguments.of(new UnsupportedAddressTypeException(), Kind.OTHER, "Address family not supported by protocol"),
                Arguments.of(new BindException("Address already in use"), Kind.ADDRESS_IN_USE, "address already in use"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exceptionTypes")
    void exceptionTypesMapToLuaSocketStrings(Exception e, Kind kind, String expected) {
        assertFailure(kind, expected, e);
    }

    @Test
    void aMissingMessage() {
        assertFailure(Kind.OTHER, "unknown error", new IOException());
    }

    private static void assertFailure(Kind kind, String text, Exception e) {
        IoFailure failure = ErrorText.failure(e);
        assertEquals(text, failure.getMessage());
        assertEquals(kind, failure.kind());
    }
}
