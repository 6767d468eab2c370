package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.ReceiveException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A byte count with at least a buffer's worth still wanted and the buffer empty reads straight
 * into the result, up to {@link ReceiveBuffer#DIRECT_READ} at a time and never past the count:
 * the same bytes and counts as through the buffer, with no array taken for it; the result grows
 * past its first allocation (1 MiB).
 */
@org.junit.jupiter.api.Timeout(value = 10, unit = TimeUnit.SECONDS)
class ReceiveCountDirectTest {
    private static final int SIZE = ReceiveBuffer.SIZE;

    private final Counters counters = new Counters();
    private final ReceiveBuffer buffer = new ReceiveBuffer(counters, new BufferPool(1));
    private final List<String> reads = new ArrayList<>();

    @Test
    void wholeBuffersAreReadStraightIntoTheResult() throws ReceiveException {
        byte[] stream = ReceiveAvailableTest.numbered(3 * SIZE);
        ScriptedTransport peer = record(ScriptedTransport.of(stream));
        assertArrayEquals(Arrays.copyOf(stream, 2 * SIZE), count(peer, 2 * SIZE));
        assertFalse(buffer.holdsArray(), "no read went through the buffer");
        assertEquals(List.of("0+" + 2 * SIZE), reads, "one read of all that is wanted");
        assertEquals(2 * SIZE, counters.received());
    }

    /** Exactly a buffer's worth wanted is read directly; one byte less goes through the buffer. */
    @Test
    void theBoundaryIsOneWholeBuffer() throws ReceiveException {
        byte[] stream = ReceiveAvailableTest.numbered(3 * SIZE);
        ScriptedTransport peer = record(ScriptedTransport.of(stream));
        assertArrayEquals(Arrays.copyOf(stream, SIZE), count(peer, SIZE));
        assertFalse(buffer.holdsArray());
        assertArrayEquals(Arrays.copyOfRange(stream, SIZE, 2 * SIZE - 1), count(peer, SIZE - 1));
        assertTrue(buffer.holdsArray());
        assertEquals(1, buffer.buffered());
        assertEquals(2 * SIZE - 1, counters.received());
    }

    /** A prefix counts: a buffer's worth beyond it is direct, less is not. */
    @Test
    void thePrefixCountsTowardsTheCount() throws ReceiveException {
        byte[] stream = ReceiveAvailableTest.numbered(2 * SIZE);
        ScriptedTransport peer = ScriptedTransport.of(stream);
        byte[] result = buffer.receiveCount(SIZE + 3, Outcome.bytes("abc"), peer,
                Timeout.Clock.unlimited());
        assertEquals(SIZE + 3, result.length);
        assertFalse(buffer.holdsArray());
        result = buffer.receiveCount(SIZE + 3, Outcome.bytes("abcd"), peer,
                Timeout.Clock.unlimited());
        assertArrayEquals(Arrays.copyOfRange(stream, SIZE, 2 * SIZE - 1),
                Arrays.copyOfRange(result, 4, SIZE + 3));
        assertTrue(buffer.holdsArray());
    }

    @Test
    void aCountAboveTheFirstAllocationGrowsTheResult() throws ReceiveException {
        int count = (1 << 20) + 2 * SIZE + 5;
        byte[] stream = ReceiveAvailableTest.numbered(count + 7);
        assertArrayEquals(Arrays.copyOf(stream, count), count(ScriptedTransport.of(stream), count));
        assertEquals(count, counters.received());
    }

    @Test
    void aDirectReadThatFailsKeepsWhatCameAsThePartial() {
        byte[] stream = ReceiveAvailableTest.numbered(SIZE + 5);
        ReceiveException timeout = assertThrows(ReceiveException.class,
                () -> count(ScriptedTransport.of(stream).timeoutAt(SIZE), 3 * SIZE));
        assertEquals("timeout", timeout.getMessage());
        assertArrayEquals(Arrays.copyOf(stream, SIZE), timeout.partial());
        ReceiveException closed = assertThrows(ReceiveException.class,
                () -> count(ScriptedTransport.of(stream), 3 * SIZE));
        assertEquals("closed", closed.getMessage());
        assertArrayEquals(stream, closed.partial());
    }

    private byte[] count(ScriptedTransport peer, int count) throws ReceiveException {
        return buffer.receiveCount(count, ReceiveBuffer.noPrefix(), peer, Timeout.Clock.unlimited());
    }

    private ScriptedTransport record(ScriptedTransport peer) {
        return peer.beforeEachRead((served, off, len) -> reads.add(off + "+" + len));
    }
}
