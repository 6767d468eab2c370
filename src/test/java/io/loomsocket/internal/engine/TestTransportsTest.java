package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.loomsocket.TcpException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The in-memory transports do what the properties assume of them. */
@org.junit.jupiter.api.Timeout(value = 10, unit = TimeUnit.SECONDS)
class TestTransportsTest {
    private static final Timeout.Clock CLOCK = Timeout.Clock.unlimited();
    private final byte[] dst = new byte[16];

    @Test
    void readsFollowTheCutAndStopAtTheEnd() throws IoFailure {
        ScriptedTransport peer = ScriptedTransport.of(Outcome.bytes("abcdefg")).cutInto(2, 3);
        assertEquals(2, peer.read(dst, 0, 16, CLOCK));
        assertEquals(1, peer.read(dst, 0, 1, CLOCK), "a short read leaves the rest of the chunk");
        assertEquals(2, peer.read(dst, 0, 16, CLOCK));
        assertEquals(2, peer.read(dst, 0, 16, CLOCK), "the cut repeats, cut short by the end");
        assertEquals(Transport.CLOSED, peer.read(dst, 0, 16, CLOCK));
        assertEquals(Transport.CLOSED, peer.read(dst, 0, 16, CLOCK));
    }

    @Test
    void oneBytePerRead() throws IoFailure {
        ScriptedTransport peer = ScriptedTransport.oneBytePerRead(Outcome.bytes("ab"));
        assertEquals(1, peer.read(dst, 0, 16, CLOCK));
        assertEquals('a', dst[0]);
        assertEquals(1, peer.read(dst, 3, 16, CLOCK));
        assertEquals('b', dst[3]);
        assertEquals(Transport.CLOSED, peer.read(dst, 0, 16, CLOCK));
    }

    @Test
    void aTimeoutPointFiresOnceAndBoundsTheReadBeforeIt() throws IoFailure {
        ScriptedTransport peer = ScriptedTransport.of(Outcome.bytes("abcdef")).timeoutAt(0, 4);
        assertEquals(TcpException.Kind.TIMEOUT, assertThrows(IoFailure.class, () -> peer.read(dst, 0, 16, CLOCK)).kind());
        assertEquals(4, peer.read(dst, 0, 16, CLOCK));
        assertEquals("timeout", assertThrows(IoFailure.class, () -> peer.read(dst, 0, 16, CLOCK)).getMessage());
        assertEquals(2, peer.read(dst, 0, 16, CLOCK));
        assertEquals(Transport.CLOSED, peer.read(dst, 0, 16, CLOCK));
    }

    @Test
    void endings() throws IoFailure {
        ScriptedTransport reset = ScriptedTransport.of(new byte[0]).endingWith(ScriptedTransport.Ending.RESET);
        IoFailure closed = assertThrows(IoFailure.class, () -> reset.read(dst, 0, 16, CLOCK));
        assertEquals(TcpException.Kind.CLOSED, closed.kind());
        assertEquals("closed", closed.getMessage());
        ScriptedTransport silent = ScriptedTransport.of(new byte[0]).endingWith(ScriptedTransport.Ending.TIMEOUT);
        assertEquals(TcpException.Kind.TIMEOUT, assertThrows(IoFailure.class, () -> silent.read(dst, 0, 16, CLOCK)).kind());
        assertEquals(TcpException.Kind.TIMEOUT, assertThrows(IoFailure.class, () -> silent.read(dst, 0, 16, CLOCK)).kind());
    }

    @Test
    void aRunawayReaderIsStopped() throws IoFailure {
        ScriptedTransport peer = ScriptedTransport.of(new byte[0]).maxReads(1);
        assertEquals(Transport.CLOSED, peer.read(dst, 0, 16, CLOCK));
        assertThrows(AssertionError.class, () -> peer.read(dst, 0, 16, CLOCK));
    }

    @Test
    void writesAreCappedRecordedAndFailAfterTheBudget() throws IoFailure {
        byte[] src = Outcome.bytes("0123456789");
        RecordingWriteTransport peer = new RecordingWriteTransport(3)
                .failingAfter(5, RecordingWriteTransport.Failure.TIMEOUT);
        assertEquals(3, peer.write(src, 0, 10, CLOCK));
        assertEquals(2, peer.write(src, 3, 7, CLOCK), "the budget cuts the write short");
        IoFailure failure = assertThrows(IoFailure.class, () -> peer.write(src, 5, 5, CLOCK));
        assertEquals(TcpException.Kind.TIMEOUT, failure.kind());
        assertArrayEquals(Outcome.bytes("01234"), peer.accepted());
        assertEquals(List.of(new RecordingWriteTransport.Write(0, 10, 3), new RecordingWriteTransport.Write(3, 7, 2)),
                peer.writes());
        assertEquals(3, peer.calls());
    }
}
