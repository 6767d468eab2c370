package io.loomsocket;

import static io.loomsocket.LoopbackSupport.assertAbout;
import static io.loomsocket.LoopbackSupport.bytes;
import static io.loomsocket.LoopbackSupport.raises;
import static io.loomsocket.LoopbackSupport.rawLine;
import static io.loomsocket.LoopbackSupport.receiveFails;
import static io.loomsocket.LoopbackSupport.secondsSince;
import static io.loomsocket.LoopbackSupport.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.timing.TimedTest;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code receive(pattern, prefix, maxsize)}, the opt-in limit shaped as LuaSocket's proposed
 * {@code maxsize}: a result never passes it, one that would fails {@code "oversized"} with
 * exactly {@code maxsize} bytes, no byte is lost or skipped, and the socket goes on.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ReceiveMaxSizeTest {

    private static ReceiveException oversized(String partial, LoopbackSupport.VoidCall call) {
        ReceiveException e = receiveFails("oversized", partial, call);
        assertEquals(TcpException.Kind.OVERSIZED, e.kind());
        assertFalse(e.isTimeout() || e.isClosed());
        return e;
    }

    // ---- arguments --------------------------------------------------------------------------

    /** Bad arguments raise before any I/O, naming the values; nothing is consumed. */
    @Test
    void badArgumentsRaiseBeforeAnyIo() throws Exception {
        try (Peer peer = Peer.connected()) {
            TcpClient client = peer.client;
            peer.send("data\n");
            raises(IllegalArgumentException.class, "maxsize must be at least 1, got 0",
                    () -> client.receive("*l", null, 0));
            raises(IllegalArgumentException.class, "maxsize must be at least 1, got -5",
                    () -> client.receive("*a", null, -5));
            raises(IllegalArgumentException.class,
                    "maxsize must be at least 1, got " + Long.MIN_VALUE,
                    () -> client.receive("4", null, Long.MIN_VALUE));
            raises(IllegalArgumentException.class,
                    "a prefix of 3 bytes leaves no room under maxsize 3",
                    () -> client.receive("*l", bytes("pre"), 3));
            raises(IllegalArgumentException.class,
                    "a prefix of 4 bytes leaves no room under maxsize 3",
                    () -> client.receiveString("*a", "pref", 3));
            raises(IllegalArgumentException.class, "receive count 11 exceeds maxsize 10",
                    () -> client.receive("11", null, 10));
            raises(IllegalArgumentException.class, "receive count 11 exceeds maxsize 10",
                    () -> client.receive(" 0xb ", null, 10));
            raises(IllegalArgumentException.class,
                    "invalid receive pattern \"*x\" (\"*l\", \"*a\" or a count)",
                    () -> client.receive("*x", null, 0));
            raises(IllegalArgumentException.class,
                    "invalid receive count \"-1\" (a count is 0 or more)",
                    () -> client.receive("-1", null, 10));
            assertEquals(0, client.getstats().received(), "nothing consumed");
            assertEquals("data", client.receiveString("*l", null, 4));
        }
    }

    @Test
    void countsWithinTheLimitAreCountsAsBefore() throws Exception {
        try (Peer peer = Peer.connected()) {
            TcpClient client = peer.client;
            peer.send("0123456789abcdef");
            assertEquals("0123456789", client.receiveString("10", null, 10));
            assertEquals("pre:ab", client.receiveString("6", "pre:", 10));
            assertEquals("cd", client.receiveString("2.9", null, 2), "truncated, as without");
            assertEquals("ef", client.receiveString("0x2", null, 100));
            assertEquals("xy", client.receiveString("2", "xy", 3), "a prefix at least the count");
        }
    }

    // ---- *l ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "a line of {0} bytes under maxsize {1}")
    @CsvSource({"9, 10", "10, 10", "11, 10", "8191, 8192", "8192, 8192", "8193, 8192",
        "8192, 8193", "9000, 8191", "20000, 8192", "20000, 19999", "1, 1", "2, 1"})
    void linesAtAndAroundTheLimit(int length, int maxsize) throws Exception {
        try (Peer peer = Peer.connected()) {
            TcpClient client = peer.client;
            byte[] line = rawLine(length);
            peer.send(line).send("\nnext\n");
            if (length <= maxsize) {
                assertArrayEquals(line, client.receive("*l", null, maxsize));
            } else {
                ReceiveException e = oversized(text(Arrays.copyOf(line, maxsize)),
                        () -> client.receive("*l", null, maxsize));
                assertEquals(maxsize, e.partialLength());
                assertEquals(maxsize, client.getstats().received(), "only the partial consumed");
                assertArrayEquals(Arrays.copyOfRange(line, maxsize, length), client.receive(),
                        "the next receive goes on right after the partial");
            }
            assertEquals("next", client.receiveString("*l", null, 4));
        }
    }

    @Test
    void theLimitCountsThePrefixAndNotTheCrs() throws Exception {
        try (Peer peer = Peer.connected()) {
            TcpClient client = peer.client;
            peer.send("abc\r\r\nab\rcd\nxy\nxyz\n");
            assertEquals("abc", client.receiveString("*l", null, 3), "CRs are free");
            oversized("abc", () -> client.receive("*l", null, 3));
            assertEquals("d", client.receiveString());
            assertEquals("pre:xy", client.receiveString("*l", "pre:", 6));
            oversized("pre:xy", () -> client.receiveString("*l", "pre:", 6));
            assertEquals("z", client.receiveString());
        }
    }

    /** Reading an oversized line piece by piece gives it back whole: no byte lost or repeated. */
    @Test
    void anOversizedLineCanBeReadOnInPieces() throws Exception {
        try (Peer peer = Peer.connected()) {
            TcpClient client = peer.client;
            byte[] line = LoopbackSupport.noise(50_000, 7);
            for (int i = 0; i < line.length; i++) {
                if (line[i] == '\n' || line[i] == '\r') {
                    line[i] = 'x';
                }
            }
            peer.send(line).send("\n");
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            int pieces = 0;
            while (true) {
                try {
                    whole.write(client.receive("*l", null, 4096));
                    break;
                } catch (ReceiveException e) {
                    assertEquals(TcpException.Kind.OVERSIZED, e.kind());
                    assertEquals(4096, e.partialLength());
                    whole.write(e.partial());
                    pieces++;
                }
            }
            assertEquals(50_000 / 4096, pieces);
            assertArrayEquals(line, whole.toByteArray());
            assertEquals(50_001, client.getstats().received());
        }
    }

    /** The LF of a line exactly at the limit may come later: the line still succeeds. */
    @Test
    void aLineEndingExactlyAtTheLimitWaitsForItsLf() throws Exception {
        try (Peer peer = Peer.connected()) {
            TcpClient client = peer.client;
            peer.send("0123456789");
            BlockedCall<String> line =
                    BlockedCall.start(() -> client.receiveString("*l", null, 10)).awaitParked();
            peer.send("\r\n");
            assertEquals("0123456789", line.get());
        }
    }

    /**
     * A timeout before the limit is a timeout, with a partial that can be passed back; at the
     * limit it is "oversized", as upstream keeps a timeout's partial shorter than maxsize.
     */
    @TimedTest
    void aTimeoutAtTheLimitIsOversizedAndBeforeItATimeout() throws Exception {
        try (Peer peer = Peer.connected()) {
            TcpClient client = peer.client;
            client.settimeout(0.2);
            peer.send("01234");
            long start = System.nanoTime();
            ReceiveException e = receiveFails("timeout", "01234",
                    () -> client.receive("*l", null, 10));
            assertAbout(0.2, secondsSince(start), "timeout below the limit");
            peer.send("56789");
            start = System.nanoTime();
            oversized("0123456789", () -> client.receiveString("*l", e.partialString(), 10));
            assertAbout(0.2, secondsSince(start), "oversized after waiting for an LF");
            peer.send("\nnext\n");
            assertEquals("", client.receiveString(), "the socket goes on: the end of that line");
            assertEquals("next", client.receiveString());
            client.settimeout(0);
            peer.send("abc");
            receiveFails("timeout", "-abc", () -> client.receiveString("*l", "-", 5));
            peer.send("d");
            oversized("-abcd", () -> client.receiveString("*l", "-abc", 5));
        }
    }

    // ---- *a ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "a stream of {0} bytes under maxsize {1}")
    @CsvSource({"9, 10", "10, 10", "11, 10", "8192, 8192", "8193, 8192", "20000, 10000",
        "20000, 20000", "20001, 20000"})
    void streamsAtAndAroundTheLimit(int length, int maxsize) throws Exception {
        try (Peer peer = Peer.connected()) {
            TcpClient client = peer.client;
            byte[] stream = LoopbackSupport.noise(length, length);
            peer.send(stream).finish();
            if (length <= maxsize) {
                assertArrayEquals(stream, client.receive("*a", null, maxsize),
                        "the end of the stream right at the limit is a success");
                return;
            }
            ReceiveException e = oversized(text(Arrays.copyOf(stream, maxsize)),
                    () -> client.receive("*a", null, maxsize));
            assertEquals(maxsize, client.getstats().received());
            assertArrayEquals(stream, concat(e.partial(), client.receive("*a")));
        }
    }

    @Test
    void aStreamEndingExactlyAtTheLimitLaterSucceeds() throws Exception {
        try (Peer peer = Peer.connected()) {
            TcpClient client = peer.client;
            peer.send("abc");
            BlockedCall<String> all =
                    BlockedCall.start(() -> client.receiveString("*a", "12", 5)).awaitParked();
            peer.finish();
            assertEquals("12abc", all.get());
        }
    }

    @Test
    void aResetAtTheLimitIsClosedWithThePartial() throws Exception {
        try (Peer peer = Peer.connected()) {
            TcpClient client = peer.client;
            peer.send("abcde");
            LoopbackSupport.awaitCondition(2, "data buffered", () -> {
                try {
                    client.settimeout(0);
                    client.receive(0);
                    return true;
                } catch (ReceiveException e) {
                    return false;
                }
            });
            client.settimeout(-1);
            BlockedCall<byte[]> all =
                    BlockedCall.start(() -> client.receive("*a", null, 5)).awaitParked();
            peer.reset();
            ReceiveException e = all.failure(ReceiveException.class);
            assertEquals("closed", e.getMessage());
            assertEquals("abcde", e.partialString());
        }
    }

    @Test
    void allWithAPrefixCountsIt() throws Exception {
        try (Peer peer = Peer.connected()) {
            TcpClient client = peer.client;
            peer.send("0123456789").finish();
            oversized("pre:012345", () -> client.receive("*a", bytes("pre:"), 10));
            assertEquals("6789", client.receiveString("*a", null, 4));
            receiveFails("closed", "", () -> client.receive("*a", null, 4));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** Without the argument there is no limit, as in LuaSocket 3.1. */
    @Test
    void withoutMaxsizeThereIsNoLimit() throws Exception {
        try (Peer peer = Peer.connected()) {
            byte[] line = rawLine(300_000);
            peer.script(p -> p.send(line).send("\n"));
            assertArrayEquals(line, peer.client.receive());
            assertTrue(peer.client.getstats().received() > 300_000);
            assertThrows(IllegalArgumentException.class,
                    () -> peer.client.receive("*l", null, 0));
        }
    }
}
