package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.ReceiveException;
import io.loomsocket.TcpException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link ReceiveBuffer#receiveAvailable}, whatever has arrived: buffered bytes without I/O,
 * otherwise exactly one read; a failure consumes nothing.
 */
@org.junit.jupiter.api.Timeout(value = 10, unit = TimeUnit.SECONDS)
class ReceiveAvailableTest {
    private final Counters counters = new Counters();
    private final ReceiveBuffer buffer = new ReceiveBuffer(counters);
    private final byte[] dst = new byte[100];

    @Test
    void bufferedBytesComeBackWithoutAnyRead() throws ReceiveException {
        ScriptedTransport peer = peer("hello world");
        assertEquals("hello", some(peer, 5));
        assertEquals(1, peer.reads());
        assertEquals(6, buffer.buffered());
        assertEquals(" world", some(peer, 100), "what is buffered, though 100 were asked for");
        assertEquals(1, peer.reads(), "no read while bytes were buffered");
        assertEquals(11, counters.received());
    }

    @Test
    void anEmptyBufferTakesOneReadWhateverItBrings() throws ReceiveException {
        ScriptedTransport peer = peer("abcdefgh").cutInto(3);
        assertEquals("abc", some(peer, 100));
        assertEquals(1, peer.reads(), "one read, not a loop until 100 bytes");
        assertEquals("def", some(peer, 100));
        assertEquals("gh", some(peer, 100));
        assertEquals(Transport.CLOSED, buffer.receiveAvailable(dst, 0, 100, peer,
                Timeout.Clock.unlimited()), "a clean end of stream");
    }

    /**
     * With the buffer empty, a request of a whole buffer or more is one read of all the room
     * asked for (up to {@link ReceiveBuffer#DIRECT_READ}) straight into the destination, at its
     * offset: the buffer takes no array.
     */
    @Test
    void aRequestOfAWholeBufferReadsStraightIntoTheDestination() throws ReceiveException {
        byte[] stream = numbered(3 * ReceiveBuffer.SIZE);
        List<String> reads = new ArrayList<>();
        ScriptedTransport peer = ScriptedTransport.of(stream)
                .beforeEachRead((served, off, len) -> reads.add(off + "+" + len));
        byte[] big = new byte[2 * ReceiveBuffer.SIZE];
        int count = buffer.receiveAvailable(big, 10, big.length - 10, peer,
                Timeout.Clock.unlimited());
        assertEquals(big.length - 10, count, "one read asks for all the room there is");
        assertEquals(List.of("10+" + (big.length - 10)), reads, "one read, into big at 10");
        assertArrayEquals(Arrays.copyOf(stream, count), Arrays.copyOfRange(big, 10, 10 + count));
        assertFalse(buffer.holdsArray(), "nothing went through the buffer");
        assertEquals(0, buffer.buffered());
        assertEquals(big.length - 10, counters.received());
    }

    @Test
    void aLargeRequestReadsAtMostTheDirectReadAtOnce() throws ReceiveException {
        byte[] stream = new byte[3 * ReceiveBuffer.DIRECT_READ];
        ScriptedTransport peer = ScriptedTransport.of(stream);
        byte[] huge = new byte[2 * ReceiveBuffer.DIRECT_READ];
        assertEquals(ReceiveBuffer.DIRECT_READ, buffer.receiveAvailable(huge, 0, huge.length, peer,
                Timeout.Clock.unlimited()));
        assertEquals(0, buffer.buffered());
    }

    /** The boundary: exactly the buffer's size is read directly; one byte less goes through it. */
    @Test
    void exactlyOneBufferIsReadDirectlyAndLessThroughTheBuffer() throws ReceiveException {
        byte[] stream = numbered(3 * ReceiveBuffer.SIZE);
        List<String> reads = new ArrayList<>();
        ScriptedTransport peer = ScriptedTransport.of(stream)
                .beforeEachRead((served, off, len) -> reads.add(off + "+" + len));
        byte[] big = new byte[ReceiveBuffer.SIZE + 10];
        assertEquals(ReceiveBuffer.SIZE, buffer.receiveAvailable(big, 10, ReceiveBuffer.SIZE,
                peer, Timeout.Clock.unlimited()));
        assertFalse(buffer.holdsArray());
        assertEquals(ReceiveBuffer.SIZE - 1, buffer.receiveAvailable(big, 10,
                ReceiveBuffer.SIZE - 1, peer, Timeout.Clock.unlimited()));
        assertTrue(buffer.holdsArray(), "a fill of the buffer");
        assertEquals(1, buffer.buffered());
        assertEquals(List.of("10+" + ReceiveBuffer.SIZE, "0+" + ReceiveBuffer.SIZE), reads);
        assertArrayEquals(Arrays.copyOfRange(stream, ReceiveBuffer.SIZE,
                2 * ReceiveBuffer.SIZE - 1), Arrays.copyOfRange(big, 10, ReceiveBuffer.SIZE + 9));
        assertEquals(2 * ReceiveBuffer.SIZE - 1, counters.received());
    }

    @Test
    void aCleanEndOnTheDirectPathCountsNothing() throws ReceiveException {
        ScriptedTransport peer = ScriptedTransport.of(new byte[0]);
        byte[] big = new byte[ReceiveBuffer.SIZE];
        assertEquals(Transport.CLOSED, buffer.receiveAvailable(big, 0, big.length, peer,
                Timeout.Clock.unlimited()));
        assertEquals(0, counters.received());
    }

    @Test
    void aFailureOnTheDirectPathConsumesNothing() throws ReceiveException {
        byte[] stream = numbered(10);
        ScriptedTransport peer = ScriptedTransport.of(stream).timeoutAt(0)
                .endingWith(ScriptedTransport.Ending.RESET);
        byte[] big = new byte[ReceiveBuffer.SIZE];
        ReceiveException timeout = assertThrows(ReceiveException.class,
                () -> buffer.receiveAvailable(big, 0, big.length, peer, Timeout.Clock.unlimited()));
        assertEquals(TcpException.Kind.TIMEOUT, timeout.kind());
        assertEquals(Outcome.failed("timeout", ""), Outcome.of(timeout));
        assertEquals(10, buffer.receiveAvailable(big, 0, big.length, peer,
                Timeout.Clock.unlimited()));
        ReceiveException reset = assertThrows(ReceiveException.class,
                () -> buffer.receiveAvailable(big, 0, big.length, peer, Timeout.Clock.unlimited()));
        assertEquals(TcpException.Kind.CLOSED, reset.kind());
        assertEquals(Outcome.failed("closed", ""), Outcome.of(reset));
        assertEquals(10, counters.received());
    }

    @Test
    void aTimeoutOrAResetConsumesNothing() throws ReceiveException {
        ScriptedTransport peer = peer("xy").timeoutAt(0).endingWith(ScriptedTransport.Ending.RESET);
        ReceiveException timeout = assertThrows(ReceiveException.class, () -> some(peer, 10));
        assertEquals(Outcome.failed("timeout", ""), Outcome.of(timeout));
        assertEquals("xy", some(peer, 10));
        ReceiveException reset = assertThrows(ReceiveException.class, () -> some(peer, 10));
        assertEquals(Outcome.failed("closed", ""), Outcome.of(reset));
        assertEquals(2, counters.received());
    }

    @Test
    void theOtherPatternsSeeWhatItLeftBuffered() throws ReceiveException {
        ScriptedTransport peer = peer("ab\ncd\n");
        assertEquals("a", some(peer, 1));
        assertEquals(Outcome.ok("b"), new ReceiveOp.Line("").run(buffer, peer));
        assertEquals(Outcome.ok("cd\n"), new ReceiveOp.All("").run(buffer, peer));
    }

    private String some(ScriptedTransport peer, int len) throws ReceiveException {
        int count = buffer.receiveAvailable(dst, 0, len, peer, Timeout.Clock.unlimited());
        return Outcome.text(java.util.Arrays.copyOf(dst, count));
    }

    /** Bytes that differ from their neighbours, so that a misplaced copy shows. */
    static byte[] numbered(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 7 + i / 256);
        }
        return bytes;
    }

    private static ScriptedTransport peer(String stream) {
        return ScriptedTransport.of(Outcome.bytes(stream));
    }
}
