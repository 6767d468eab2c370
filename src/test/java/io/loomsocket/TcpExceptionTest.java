package io.loomsocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The returned-error types: exact message, kind, carried data; a stack trace and the place of
 * the failure (operation, socket, addresses, the limit that ran out) in {@code toString()},
 * with {@code getMessage()} LuaSocket's string; the stackless form only on request.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TcpExceptionTest {
    @Test
    void timeoutsAndClosesCarryAStackTraceThatStartsWhereTheyWereMade() {
        for (TcpException e : List.of(new TcpException(TcpException.Kind.TIMEOUT, "timeout"),
                ReceiveException.closed(new byte[0]),
                new SendException(TcpException.Kind.TIMEOUT, "timeout", 3))) {
            assertTrue(Arrays.stream(e.getStackTrace()).anyMatch(frame -> frame.getMethodName()
                    .equals("timeoutsAndClosesCarryAStackTraceThatStartsWhereTheyWereMade")),
                    e + ": " + Arrays.toString(e.getStackTrace()));
        }
    }

    @Test
    void otherErrorsKeepTheirStackTrace() {
        TcpException refused = new TcpException(TcpException.Kind.CONNECTION_REFUSED, "connection refused");
        assertTrue(refused.getStackTrace().length > 0);
        assertEquals("connection refused", refused.getMessage());
        assertFalse(refused.isTimeout());
        assertFalse(refused.isClosed());
        assertNull(refused.limit());
    }

    @Test
    void aReceiveTimeoutSaysWhereItHappenedAndKeepsLuaSocketsMessage() throws Exception {
        try (Loopback pair = Loopback.open()) {
            pair.peer().send("abc");
            pair.client().settimeout(0.05);
            ReceiveException e = assertThrows(ReceiveException.class, () -> pair.client().receive());
            assertEquals("timeout", e.getMessage());
            assertEquals(TcpException.Kind.TIMEOUT, e.kind());
            assertEquals(TcpException.Limit.BLOCK, e.limit());
            String local = pair.client().getsockname().toString();
            String peer = pair.client().getpeername().toString();
            assertEquals("io.loomsocket.ReceiveException: timeout (receive(\"*l\") on tcp{client}"
                    + "[local=" + local + ", peer=" + peer + "]; the block timeout of 0.05 s ran"
                    + " out; 3 bytes received before (the partial))", e.toString());
            assertTrue(Arrays.stream(e.getStackTrace()).anyMatch(frame -> frame.getMethodName()
                    .startsWith("lambda$aReceiveTimeoutSaysWhereItHappened")), "the caller's frame");
        }
    }

    @Test
    void eachLimitIsToldApart() throws Exception {
        try (Loopback pair = Loopback.open()) {
            TcpClient client = pair.client();
            client.settimeout(0.05, "t");
            assertEquals(TcpException.Limit.TOTAL, receiveTimeout(client).limit());
            client.settimeout(-1, "t");
            client.settimeout(0);
            assertEquals(TcpException.Limit.BLOCK, receiveTimeout(client).limit());
            client.settimeout(-1);
            client.setIdleTimeout(Duration.ofMillis(50));
            TcpException idle = receiveTimeout(client);
            assertEquals(TcpException.Limit.IDLE, idle.limit());
            assertTrue(idle.toString().contains("; the idle timeout of 0.05 s ran out"), idle::toString);
            client.setIdleTimeout(null);
            client.setDeadline(Duration.ofMillis(50));
            TcpException waited = receiveTimeout(client);
            assertEquals(TcpException.Limit.DEADLINE, waited.limit(), "the wait ran into it");
            TcpException passed = receiveTimeout(client);
            assertEquals(TcpException.Limit.DEADLINE, passed.limit(), "it had passed already");
            assertTrue(passed.toString().contains("; the deadline has passed"), passed::toString);
            SendException send = assertThrows(SendException.class, () -> client.send("x"));
            assertEquals(TcpException.Limit.DEADLINE, send.limit());
            assertTrue(send.toString().startsWith("io.loomsocket.SendException: timeout (send on"
                    + " tcp{client}[local="), send::toString);
            assertTrue(send.toString().endsWith("; the deadline has passed; last index sent 0)"),
                    send::toString);
        }
    }

    @Test
    void aDeadlineAndABlockTimeoutTogetherSayWhichRanOut() throws Exception {
        try (Loopback pair = Loopback.open()) {
            TcpClient client = pair.client();
            client.settimeout(0.05);
            client.setDeadline(Duration.ofSeconds(30));
            assertEquals(TcpException.Limit.BLOCK, receiveTimeout(client).limit());
            client.settimeout(30);
            client.setDeadline(Duration.ofMillis(50));
            assertEquals(TcpException.Limit.DEADLINE, receiveTimeout(client).limit());
        }
    }

    @Test
    void acceptAndOptionFailuresSayWhereTheyHappenedToo() throws Exception {
        try (TcpServer server = Tcp.bind("127.0.0.1", 0)) {
            server.settimeout(0.05);
            TcpException e = assertThrows(TcpException.class, server::accept);
            assertEquals(TcpException.Limit.BLOCK, e.limit());
            assertEquals("io.loomsocket.TcpException: timeout (accept on tcp{server}[local="
                    + server.getsockname() + "]; the block timeout of 0.05 s ran out)", e.toString());
            server.close();
            TcpException closed = assertThrows(TcpException.class, () -> server.getoption("keepalive"));
            assertEquals("io.loomsocket.TcpException: getsockopt failed (getoption(\"keepalive\") on"
                    + " tcp{server}[closed])", closed.toString());
            assertNull(closed.limit());
        }
    }

    @Test
    void aRefusedConnectNamesWhereItWasGoing() throws Exception {
        int port;
        try (TcpServer server = Tcp.bind("127.0.0.1", 0)) {
            port = server.getsockname().port();
        }
        TcpException e = assertThrows(TcpException.class, () -> Tcp.connect("127.0.0.1", port));
        assertTrue(Pattern.matches("io\\.loomsocket\\.TcpException: connection refused \\(connect"
                + "\\(\"127\\.0\\.0\\.1\", " + port + "\\) on tcp\\{client\\}\\[.*\\]\\)",
                e.toString()), e::toString);
    }

    private static TcpException receiveTimeout(TcpClient client) {
        TcpException e = assertThrows(TcpException.class, client::receive);
        assertEquals("timeout", e.getMessage());
        return e;
    }

    @Test
    void theStacklessFormIsAnOptInOfTheJvm() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        for (String stackless : new String[] {"true", "false"}) {
            Process child = new ProcessBuilder(java, "-Dio.loomsocket.stacklessTimeouts="
                    + stackless, "-cp", System.getProperty("java.class.path"),
                    StackTraceLengths.class.getName()).redirectErrorStream(true).start();
            String out = new String(child.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8).trim();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, child.exitValue(), out);
            String[] lengths = out.split(" ");
            assertEquals(stackless.equals("true"), lengths[0].equals("0"), "timeout: " + out);
            assertEquals(stackless.equals("true"), lengths[1].equals("0"), "closed: " + out);
            assertFalse(lengths[2].equals("0"), "connection refused keeps its trace: " + out);
            assertEquals("timeout", lengths[3], "the message stays: " + out);
        }
    }

    /** Prints the stack trace lengths of a timeout, a close and a refusal, and the message. */
    static final class StackTraceLengths {
        public static void main(String[] args) {
            System.out.println(new TcpException(TcpException.Kind.TIMEOUT, "timeout")
                    .getStackTrace().length + " " + ReceiveException.closed(new byte[0])
                    .getStackTrace().length + " " + new TcpException(
                    TcpException.Kind.CONNECTION_REFUSED, "connection refused")
                    .getStackTrace().length + " " + new TcpException(TcpException.Kind.TIMEOUT,
                    "timeout").getMessage());
        }
    }

    @Test
    void receiveExceptionGivesTheBytesAndALosslessString() {
        byte[] partial = {'a', (byte) 0xFF, 0, '\r'};
        ReceiveException e = new ReceiveException(TcpException.Kind.TIMEOUT, "timeout", partial);
        assertTrue(e.isTimeout());
        assertArrayEquals(partial, e.partial());
        assertNotSame(e.partial(), e.partial());
        assertEquals("a\u00ff\u0000\r", e.partialString());
        assertEquals(4, e.partialLength());
        assertEquals("io.loomsocket.ReceiveException: timeout (4 bytes received before (the"
                + " partial))", e.toString());
    }

    @Test
    void sendExceptionGivesTheLastIndex() {
        SendException e = new SendException(TcpException.Kind.CLOSED, "closed", 8192);
        assertTrue(e.isClosed());
        assertEquals(8192, e.lastIndex());
        assertEquals("closed", e.getMessage());
        assertEquals("io.loomsocket.SendException: closed (last index sent 8192)", e.toString());
    }
}
