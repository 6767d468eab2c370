package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.loomsocket.ReceiveException;
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

    @Test
    void aRequestOfAWholeBufferReadsStraightIntoTheDestination() throws ReceiveException {
        byte[] stream = new byte[3 * ReceiveBuffer.SIZE];
        ScriptedTransport peer = ScriptedTransport.of(stream);
        byte[] big = new byte[2 * ReceiveBuffer.SIZE];
        int count = buffer.receiveAvailable(big, 10, big.length - 10, peer,
                Timeout.Clock.unlimited());
        assertEquals(big.length - 10, count, "one read asks for all the room there is");
        assertEquals(0, buffer.buffered(), "nothing went through the buffer");
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

    private static ScriptedTransport peer(String stream) {
        return ScriptedTransport.of(Outcome.bytes(stream));
    }
}
