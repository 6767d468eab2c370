package io.loomsocket;

import static io.loomsocket.LoopbackSupport.raises;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.loomsocket.internal.engine.ReceiveBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code receiveString(Charset)} and {@code send(String, Charset)}: text in a charset. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class CharsetFormsTest {
    private static final Charset UTF_8 = StandardCharsets.UTF_8;

    /**
     * A character of 2, 3 or 4 bytes placed so that its bytes straddle the end of the first
     * 8 KiB fill of the receive buffer, at every split point: it comes out whole.
     */
    @ParameterizedTest(name = "{0} ending the line at every split of the 8 KiB buffer")
    @ValueSource(strings = {"é", "€", "𝄞"})
    void aCharacterAcrossTheBufferBoundaryComesOutWhole(String character) throws Exception {
        int width = character.getBytes(UTF_8).length;
        try (Peer peer = Peer.connected()) {
            for (int before = 1; before < width; before++) {
                String ascii = "a".repeat(ReceiveBuffer.SIZE - before);
                String line = ascii + character + "z";
                peer.send((line + "\n").getBytes(UTF_8));
                assertEquals(line, peer.client.receiveString(UTF_8),
                        before + " byte(s) of the character in the first fill");
                assertEquals(false, peer.client.dirty());
            }
        }
    }

    @Test
    void aCharacterSplitAcrossTwoReadsComesOutWhole() throws Exception {
        byte[] line = "caf€ ok\n".getBytes(UTF_8);
        try (Peer peer = Peer.connected()) {
            peer.script(p -> {
                for (byte b : line) {
                    p.send(new byte[] {b});
                    Thread.sleep(20);
                }
            });
            assertEquals("caf€ ok", peer.client.receiveString(UTF_8));
            assertEquals(line.length, peer.client.getstats().received());
        }
    }

    @Test
    void aTimeoutInsideACharacterLosesNothing() throws Exception {
        byte[] bytes = "café\n".getBytes(UTF_8);
        try (Peer peer = Peer.connected()) {
            peer.send(java.util.Arrays.copyOf(bytes, 4)); // "caf" and the first byte of é
            peer.client.settimeout(0.2);
            ReceiveException e = assertThrows(ReceiveException.class,
                    () -> peer.client.receiveString(UTF_8));
            assertEquals("timeout", e.getMessage());
            assertArrayEquals(java.util.Arrays.copyOf(bytes, 4), e.partial(), "undecoded");
            peer.send(java.util.Arrays.copyOfRange(bytes, 4, bytes.length));
            assertEquals("café", new String(peer.client.receive("*l", e.partial()), UTF_8));
        }
    }

    @Test
    void crIsDroppedAndInvalidBytesBecomeReplacementChars() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send(new byte[] {'o', '\r', 'k', (byte) 0xC3, '!', '\r', '\n'});
            assertEquals("ok\uFFFD!", peer.client.receiveString(UTF_8));
        }
    }

    @Test
    void sendEncodesInTheCharsetAndCountsBytes() throws Exception {
        String text = "naïve € 𝄞\n";
        byte[] expected = text.getBytes(UTF_8);
        try (Peer peer = Peer.connected()) {
            assertEquals(expected.length, peer.client.send(text, UTF_8));
            assertArrayEquals(expected, peer.read(expected.length));
            assertEquals(1, peer.client.send("é", StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void textTheCharsetCannotEncodeIsRefusedBeforeAnyIo() throws Exception {
        try (Peer peer = Peer.connected()) {
            raises(IllegalArgumentException.class,
                    "U+00E9 at index 3 cannot be encoded in US-ASCII",
                    () -> peer.client.send("caf\u00e9", StandardCharsets.US_ASCII));
            raises(IllegalArgumentException.class, "U+D800 at index 1 cannot be encoded in UTF-8",
                    () -> peer.client.send("a\uD800b", UTF_8));
            raises(IllegalArgumentException.class, "charset expected, got null",
                    () -> peer.client.send("a", null));
            raises(IllegalArgumentException.class, "string expected, got no value",
                    () -> peer.client.send((String) null, UTF_8));
            assertEquals(0, peer.client.getstats().sent());
            assertEquals(0, peer.available());
        }
    }

    @Test
    void aCharsetWhoseLineEndsAreNotSingleBytesIsRefused() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("line\n");
            raises(IllegalArgumentException.class, "charset UTF-16 does not write LF and CR as the "
                    + "bytes 10 and 13, so *l cannot find its lines",
                    () -> peer.client.receiveString(StandardCharsets.UTF_16));
            raises(IllegalArgumentException.class, "charset expected, got null",
                    () -> peer.client.receiveString((Charset) null));
            assertEquals("line", peer.client.receiveString(Charset.forName("windows-1252")),
                    "nothing was consumed by the refused calls");
        }
    }

    @Test
    void aLimitedLineFailsOversizedWithItsFirstBytesAndLeavesTheRestBuffered() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("héllo\r\n".getBytes(UTF_8));
            assertEquals("héllo", peer.client.receiveString(UTF_8, 6), "6 bytes: the limit exactly");
            peer.send("ééé\nnext\n".getBytes(UTF_8));
            ReceiveException e = assertThrows(ReceiveException.class,
                    () -> peer.client.receiveString(UTF_8, 5));
            assertEquals("oversized", e.getMessage());
            assertEquals(TcpException.Kind.OVERSIZED, e.kind());
            assertArrayEquals("éé".getBytes(UTF_8), java.util.Arrays.copyOf(e.partial(), 4));
            assertEquals(5, e.partialLength(), "the first 5 bytes, the last one half an é");
            assertEquals("\ufffd", peer.client.receiveString(UTF_8, 5), "the rest of the line");
            assertEquals("next", peer.client.receiveString(UTF_8, Long.MAX_VALUE));
        }
    }

    @Test
    void aLineCutByATimeoutGoesOnWithoutLosingTheCharacterItCut() throws Exception {
        byte[] line = "héllo wörld\n".getBytes(UTF_8);
        try (Peer peer = Peer.connected()) {
            peer.send(java.util.Arrays.copyOf(line, 2)); // "h" and the first byte of "é"
            peer.client.settimeout(0.05);
            ReceiveException first = assertThrows(ReceiveException.class,
                    () -> peer.client.receiveString(UTF_8, 100));
            assertEquals("timeout", first.getMessage());
            assertEquals(2, first.partialLength());
            peer.send(java.util.Arrays.copyOfRange(line, 2, 8));
            ReceiveException second = assertThrows(ReceiveException.class,
                    () -> peer.client.receiveString(UTF_8, first, 100));
            assertEquals(8, second.partialLength(), "the first partial and the new bytes");
            peer.send(java.util.Arrays.copyOfRange(line, 8, line.length));
            assertEquals("héllo wörld", peer.client.receiveString(UTF_8, second, Long.MAX_VALUE));
            assertEquals(line.length, peer.client.getstats().received(), "no byte read twice");
        }
    }

    @Test
    void theLimitOfAResumedLineCountsItsPartial() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("abcd");
            peer.client.settimeout(0.05);
            ReceiveException e = assertThrows(ReceiveException.class,
                    () -> peer.client.receiveString(UTF_8, 10));
            raises(IllegalArgumentException.class,
                    "a prefix of 4 bytes leaves no room under maxsize 4",
                    () -> peer.client.receiveString(UTF_8, e, 4));
            raises(IllegalArgumentException.class, "maxsize must be at least 1, got 0",
                    () -> peer.client.receiveString(UTF_8, 0));
            peer.send("ef\n");
            ReceiveException over = assertThrows(ReceiveException.class,
                    () -> peer.client.receiveString(UTF_8, e, 5));
            assertEquals("oversized", over.getMessage());
            assertEquals("abcde", over.partialString());
        }
    }
}
