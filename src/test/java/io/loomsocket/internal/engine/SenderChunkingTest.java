package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.SendException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sends go out in writes each resuming right after what the kernel took (reference 3.2): the
 * first of a call offers at most LuaSocket's 8192 bytes, the later ones at most
 * {@link Sender#LARGE_WRITE} while the kernel takes them whole and {@link Sender#MAX_WRITE} once
 * the send buffer cut one short.
 */
@org.junit.jupiter.api.Timeout(value = 10, unit = TimeUnit.SECONDS)
class SenderChunkingTest {
    private static final int STEP = Sender.LARGE_WRITE;

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {1, 8191, 8192, 8193, STEP - 1, STEP, STEP + 8192, STEP + 8193,
        2 * STEP, 3 * STEP + 1})
    void aPeerThatTakesEverythingSeesLuaSocketsStepThenLargeOnes(int length) throws SendException {
        byte[] data = data(length, length);
        RecordingWriteTransport peer = RecordingWriteTransport.acceptingAll();
        Counters counters = new Counters();
        long last = Sender.send(data, SendRange.of(length, 1, -1), peer, Timeout.Clock.unlimited(), counters);
        assertEquals(length, last);
        assertArrayEquals(data, peer.accepted());
        assertEquals(length, counters.sent());
        int first = Math.min(length, Sender.FIRST_WRITE);
        int steps = 1 + (length - first + STEP - 1) / STEP;
        assertEquals(steps, peer.calls());
        assertEquals(0, peer.writes().get(0).offset());
        assertEquals(first, peer.writes().get(0).requested());
        for (int k = 1; k < steps; k++) {
            RecordingWriteTransport.Write write = peer.writes().get(k);
            int offset = first + (k - 1) * STEP;
            assertEquals(offset, write.offset());
            assertEquals(Math.min(STEP, length - offset), write.requested());
        }
    }

    @ParameterizedTest(name = "{0} bytes, the first {1} taken whole, then at most {2} per write")
    @CsvSource({"3000000, 0, 500000", "3000000, 1, 500000", "3000000, 2, 131071",
        "3000000, 1, 1000", "1200000, 1, 1048575"})
    void afterAWriteCutShortTheLaterOnesOfferTheSmallerStep(int length, int whole, int cut)
            throws SendException {
        byte[] data = data(length, whole);
        RecordingWriteTransport peer = RecordingWriteTransport.acceptingAll().peerOpen()
                .cuttingFrom(whole, cut);
        long last = Sender.send(data, SendRange.of(length, 1, -1), peer, Timeout.Clock.unlimited(),
                new Counters());
        assertEquals(length, last);
        assertArrayEquals(data, peer.accepted());
        for (int k = 0; k < peer.calls(); k++) {
            int expected = k <= whole ? Sender.LARGE_WRITE : Sender.MAX_WRITE;
            assertEquals(Math.min(expected, length - peer.writes().get(k).offset()),
                    peer.writes().get(k).requested(), "write " + k);
        }
        assertTrue(whole + 1 < peer.calls() || cut >= length - whole * Sender.LARGE_WRITE,
                "the case cuts a write short");
        SendRangePropertyTest.assertWritesAreContiguousSteps(peer.writes(), 0, length, STEP);
    }

    @ParameterizedTest(name = "{0} bytes, at most {1} per write")
    @CsvSource({"8193, 5000", "8193, 8192", "8193, 8191", "24577, 3000", "24577, 8193", "8192, 1",
        "131073, 131072", "262145, 100000", "393217, 131073"})
    void shortWritesResumeRightAfterTheAcceptedBytes(int length, int maxPerWrite) throws SendException {
        byte[] data = data(length, maxPerWrite);
        RecordingWriteTransport peer = new RecordingWriteTransport(maxPerWrite);
        long last = Sender.send(data, SendRange.of(length, 1, -1), peer, Timeout.Clock.unlimited(), new Counters());
        assertEquals(length, last);
        assertArrayEquals(data, peer.accepted());
        SendRangePropertyTest.assertWritesAreContiguousSteps(peer.writes(), 0, length);
    }

    @ParameterizedTest(name = "{0} bytes from index {1}, failing after {2}")
    @CsvSource({"8193, 1, 8192", "8193, 2, 8191", "24577, 100, 16384", "24577, 1, 0", "100000, 1, 8192"})
    void aFailureMidwayReportsTheLastIndexSent(int length, long i, int failAfter) {
        byte[] data = data(length, failAfter);
        RecordingWriteTransport peer = RecordingWriteTransport.acceptingAll()
                .failingAfter(failAfter, RecordingWriteTransport.Failure.CLOSED);
        Counters counters = new Counters();
        SendException e = assertThrows(SendException.class,
                () -> Sender.send(data, SendRange.of(length, i, -1), peer, Timeout.Clock.unlimited(), counters));
        assertEquals("closed", e.getMessage());
        assertEquals(i - 1 + failAfter, e.lastIndex());
        assertEquals(failAfter, counters.sent());
        assertEquals(failAfter, peer.writes().stream().mapToInt(RecordingWriteTransport.Write::accepted).sum());
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {8193, 9000, STEP - 1, STEP, STEP + 1, 3 * STEP + 5})
    void toAPeerThatCannotHaveClosedTheFirstWriteIsALargeOne(int length) throws SendException {
        byte[] data = data(length, length);
        RecordingWriteTransport peer = RecordingWriteTransport.acceptingAll().peerOpen();
        long last = Sender.send(data, SendRange.of(length, 1, -1), peer, Timeout.Clock.unlimited(),
                new Counters());
        assertEquals(length, last);
        assertArrayEquals(data, peer.accepted());
        assertEquals(1, peer.probes());
        assertEquals(Math.min(length, STEP), peer.writes().get(0).requested());
        SendRangePropertyTest.assertWritesAreContiguousSteps(peer.writes(), 0, length, STEP);
        assertEquals((length + STEP - 1) / STEP, peer.calls());
        assertEquals(0, peer.flushes(), "no short first segment: nothing to push");
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {1, 100, 8191, 8192})
    void aSendOfOneStepAsksNothingAndPushesNothing(int length) throws SendException {
        RecordingWriteTransport peer = RecordingWriteTransport.acceptingAll().peerOpen();
        Sender.send(data(length, 3), SendRange.of(length, 1, -1), peer, Timeout.Clock.unlimited(),
                new Counters());
        assertEquals(0, peer.probes());
        assertEquals(1, peer.calls());
        assertEquals(0, peer.flushes());
    }

    @ParameterizedTest(name = "{0} bytes, at most {1} per write")
    @CsvSource({"8193, 8192", "8193, 100", "20000, 100000", "300000, 131072"})
    void aSendThatKeptTheFirstStepPushesOnceAtTheEnd(int length, int maxPerWrite)
            throws SendException {
        RecordingWriteTransport peer = new RecordingWriteTransport(maxPerWrite);
        Sender.send(data(length, 4), SendRange.of(length, 1, -1), peer, Timeout.Clock.unlimited(),
                new Counters());
        assertEquals(1, peer.probes());
        assertEquals(1, peer.flushes());
    }

    @ParameterizedTest(name = "{0} bytes, at most {1} per write")
    @CsvSource({"8192, 4000", "100, 1", "20000, 3000"})
    void writesThatTheSendBufferCutShortPushNothing(int length, int maxPerWrite)
            throws SendException {
        RecordingWriteTransport peer = new RecordingWriteTransport(maxPerWrite);
        if (length > Sender.FIRST_WRITE) {
            peer.peerOpen();
        }
        Sender.send(data(length, 5), SendRange.of(length, 1, -1), peer, Timeout.Clock.unlimited(),
                new Counters());
        assertTrue(peer.calls() > 1);
        assertEquals(0, peer.flushes());
    }

    @ParameterizedTest(name = "from index {0}")
    @ValueSource(longs = {1, 5, 100})
    void aResetTheProbeFindsFailsTheSendBeforeAnyWrite(long i) {
        RecordingWriteTransport peer = RecordingWriteTransport.acceptingAll()
                .probeFailing(IoFailure.closed());
        Counters counters = new Counters();
        SendException e = assertThrows(SendException.class, () -> Sender.send(data(20000, 5),
                SendRange.of(20000, i, -1), peer, Timeout.Clock.unlimited(), counters));
        assertEquals("closed", e.getMessage());
        assertEquals(i - 1, e.lastIndex());
        assertEquals(0, peer.calls());
        assertEquals(0, counters.sent());
        assertEquals(0, peer.flushes());
    }

    @ParameterizedTest(name = "sent counter keeps counting from {0}")
    @ValueSource(longs = {0, 5, 1_000_000})
    void theSentCounterAccumulatesAcrossCalls(long initial) throws SendException {
        Counters counters = new Counters();
        counters.setSent(initial);
        byte[] data = data(9000, 1);
        Sender.send(data, SendRange.of(9000, 1, -1), RecordingWriteTransport.acceptingAll(), Timeout.Clock.unlimited(), counters);
        assertThrows(SendException.class, () -> Sender.send(data, SendRange.of(9000, 1, -1),
                RecordingWriteTransport.acceptingAll().failingAfter(10, RecordingWriteTransport.Failure.TIMEOUT),
                Timeout.Clock.unlimited(), counters));
        assertEquals(initial + 9010, counters.sent());
    }

    private static byte[] data(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }
}
