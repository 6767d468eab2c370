package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.loomsocket.ReceiveException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link ReceiveBuffer#receiveLineText}, {@code *l} as ISO-8859-1 text: the same lines, partials
 * and counts as {@link ReceiveBuffer#receiveLine}, whether the line is whole in the buffer or
 * needs more reads or CR dropping.
 */
@org.junit.jupiter.api.Timeout(value = 10, unit = TimeUnit.SECONDS)
class ReceiveLineTextTest {
    private final Counters counters = new Counters();
    private final ReceiveBuffer buffer = new ReceiveBuffer(counters, new BufferPool(1));

    @Test
    void linesWholeInTheBufferTakeOneFill() throws ReceiveException {
        ScriptedTransport peer = peer("first\nsecond line\n\nlast\n");
        assertEquals("first", line(peer));
        assertEquals("second line", line(peer), "a line that does not start the buffer");
        assertEquals("", line(peer));
        assertEquals("last", line(peer));
        assertEquals(1, peer.reads());
        assertEquals(24, counters.received());
        assertEquals(0, buffer.buffered());
    }

    @Test
    void everyByteIsOneCharacter() throws ReceiveException {
        ScriptedTransport peer = ScriptedTransport.of(new byte[] {(byte) 0xE9, 0, (byte) 0xFF, '\n'});
        assertEquals("\u00e9\u0000\u00ff", line(peer));
    }

    @Test
    void aLineWithCrsOrCutAcrossReadsIsTheSameLine() throws ReceiveException {
        ScriptedTransport peer = peer("a\rb\nhel").cutInto(4, 3, 100);
        assertEquals("ab", line(peer), "CRs dropped");
        ScriptedTransport more = peer("hello\r\nwor").cutInto(3, 100);
        assertEquals("hello", line(more), "cut after 3 bytes");
        assertEquals(4 + 7, counters.received());
    }

    @Test
    void aLineCutByTheEndFailsClosedWithItsBytes() {
        ScriptedTransport peer = peer("partial");
        ReceiveException closed = assertThrows(ReceiveException.class, () -> line(peer));
        assertEquals(Outcome.failed("closed", "partial"), Outcome.of(closed));
    }

    /** The same answers as the byte form, call after call, on a stream with a bit of each. */
    @Test
    void theSameLinesAsTheByteForm() throws ReceiveException {
        String stream = "one\ntw\ro\r\n\nthree\n" + "x".repeat(ReceiveBuffer.SIZE + 5) + "\nend";
        ScriptedTransport text = peer(stream).cutInto(5, 1, ReceiveBuffer.SIZE);
        ScriptedTransport bytes = peer(stream).cutInto(5, 1, ReceiveBuffer.SIZE);
        ReceiveBuffer other = new ReceiveBuffer(new Counters(), new BufferPool(1));
        for (int i = 0; i < 5; i++) {
            byte[] expected = other.receiveLine(ReceiveBuffer.noPrefix(), bytes,
                    Timeout.Clock.unlimited());
            assertEquals(Outcome.text(expected), line(text), "line " + i);
        }
    }

    @Test
    void noPrefixIsAnEmptyPrefix() throws ReceiveException {
        assertEquals(0, ReceiveBuffer.noPrefix().length);
        assertArrayEquals(Outcome.bytes("abc"), buffer.receiveCount(3, ReceiveBuffer.noPrefix(),
                peer("abcd"), Timeout.Clock.unlimited()));
    }

    private String line(ScriptedTransport peer) throws ReceiveException {
        return buffer.receiveLineText(peer, Timeout.Clock.unlimited());
    }

    private static ScriptedTransport peer(String stream) {
        return ScriptedTransport.of(Outcome.bytes(stream));
    }
}
