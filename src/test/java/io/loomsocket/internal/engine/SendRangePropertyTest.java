package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.SendException;
import io.loomsocket.TcpException;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * {@code send(data, i, j)} sends exactly the bytes Lua's {@code string.sub(data, i, j)} selects and
 * returns the index LuaSocket computes (semantics reference 2.2): the start raised to 1 but not
 * capped at the length, minus one, plus the bytes sent.
 */
class SendRangePropertyTest {
    /** Lua 5.4's {@code string.sub}: a reference for the bytes, written from its own rules. */
    static byte[] luaSub(byte[] s, long i, long j) {
        long l = s.length;
        long start = i > 0 ? i : i == 0 ? 1 : i < -l ? 1 : l + i + 1;
        long end = j > l ? l : j >= 0 ? j : j < -l ? 0 : l + j + 1;
        return start > end ? new byte[0] : Arrays.copyOfRange(s, (int) start - 1, (int) end);
    }

    /** LuaSocket's start index: negative counts from the end, then raised to 1, never capped. */
    static long luaSocketStart(long length, long i) {
        long start = i < 0 ? length + i + 1 : i;
        return Math.max(start, 1);
    }

    /** Every length 0..10 and every i, j in -20..20: 18 491 cases. */
    @Property(tries = 20_000, generation = GenerationMode.EXHAUSTIVE)
    void rangeSelectsWhatStringSubSelects(
            @ForAll @IntRange(min = 0, max = 10) int length,
            @ForAll @LongRange(min = -20, max = 20) long i,
            @ForAll @LongRange(min = -20, max = 20) long j) {
        byte[] data = data(length);
        byte[] expected = luaSub(data, i, j);
        SendRange range = SendRange.of(length, i, j);
        assertEquals(expected.length == 0, range.isEmpty(), "empty");
        assertEquals(luaSocketStart(length, i) - 1, range.before(), "before");
        if (!range.isEmpty()) {
            assertArrayEquals(expected, Arrays.copyOfRange(data, (int) range.first() - 1, (int) range.last()));
        }
    }

    @Property(tries = 1000)
    void senderWritesTheRangeAndReturnsTheLastIndex(
            @ForAll @IntRange(min = 0, max = 10) int length,
            @ForAll @LongRange(min = -20, max = 20) long i,
            @ForAll @LongRange(min = -20, max = 20) long j,
            @ForAll @IntRange(min = 1, max = 4) int maxPerWrite) throws SendException {
        byte[] data = data(length);
        byte[] expected = luaSub(data, i, j);
        RecordingWriteTransport peer = new RecordingWriteTransport(maxPerWrite);
        Counters counters = new Counters();
        long last = Sender.send(data, SendRange.of(length, i, j), peer, Timeout.Clock.unlimited(), counters);
        assertEquals(luaSocketStart(length, i) - 1 + expected.length, last, "returned index");
        assertArrayEquals(expected, peer.accepted(), "bytes written, in order");
        assertEquals(expected.length, counters.sent());
        assertWritesAreContiguousSteps(peer.writes(), luaSocketStart(length, i) - 1, expected.length);
        if (expected.length == 0) {
            assertEquals(0, peer.calls(), "no write when nothing is selected");
        }
    }

    @Property(tries = 1000)
    void aFailureReportsTheLastIndexAccepted(
            @ForAll @IntRange(min = 0, max = 10) int length,
            @ForAll @LongRange(min = -20, max = 20) long i,
            @ForAll @LongRange(min = -20, max = 20) long j,
            @ForAll @IntRange(min = 1, max = 4) int maxPerWrite,
            @ForAll @IntRange(min = 0, max = 10) int failAfter,
            @ForAll RecordingWriteTransport.Failure failure) {
        byte[] data = data(length);
        byte[] expected = luaSub(data, i, j);
        long start = luaSocketStart(length, i);
        RecordingWriteTransport peer = new RecordingWriteTransport(maxPerWrite).failingAfter(failAfter, failure);
        Counters counters = new Counters();
        SendRange range = SendRange.of(length, i, j);
        if (failAfter >= expected.length) {
            // Nothing selected, or the budget covers it: a success, and no write is even tried
            // when nothing is selected.
            long last = assertDoesNotFail(data, range, peer, counters);
            assertEquals(start - 1 + expected.length, last);
            assertEquals(expected.length, counters.sent());
            return;
        }
        SendException e = assertThrows(SendException.class,
                () -> Sender.send(data, range, peer, Timeout.Clock.unlimited(), counters));
        assertEquals(start - 1 + failAfter, e.lastIndex(), "lastIndex");
        assertEquals(failAfter, counters.sent(), "sent counter");
        assertArrayEquals(Arrays.copyOf(expected, failAfter), peer.accepted());
        TcpException.Kind kind = failure == RecordingWriteTransport.Failure.TIMEOUT
                ? TcpException.Kind.TIMEOUT : TcpException.Kind.CLOSED;
        assertEquals(kind, e.kind());
        assertEquals(kind == TcpException.Kind.TIMEOUT ? "timeout" : "closed", e.getMessage());
    }

    /** Resuming with {@code send(data, lastIndex + 1, j)} after each failure sends every byte once. */
    @Property(tries = 300)
    void resumingAfterFailuresSendsEveryByteOnce(
            @ForAll @IntRange(min = 0, max = 10) int length,
            @ForAll @LongRange(min = -20, max = 20) long i,
            @ForAll @LongRange(min = -20, max = 20) long j,
            @ForAll("budgets") List<Integer> budgets) {
        byte[] data = data(length);
        byte[] expected = luaSub(data, i, j);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        long from = i;
        long last;
        int attempt = 0;
        while (true) {
            int budget = attempt < budgets.size() ? budgets.get(attempt) : Integer.MAX_VALUE;
            RecordingWriteTransport peer = new RecordingWriteTransport(3)
                    .failingAfter(budget, RecordingWriteTransport.Failure.TIMEOUT);
            try {
                last = Sender.send(data, SendRange.of(length, from, j), peer, Timeout.Clock.unlimited(), new Counters());
                received.writeBytes(peer.accepted());
                break;
            } catch (SendException e) {
                received.writeBytes(peer.accepted());
                from = e.lastIndex() + 1;
            }
            attempt++;
            assertTrue(attempt <= budgets.size(), "a send without a budget cannot fail");
        }
        assertArrayEquals(expected, received.toByteArray());
        assertEquals(luaSocketStart(length, i) - 1 + expected.length, last);
    }

    @Provide
    Arbitrary<List<Integer>> budgets() {
        return Arbitraries.integers().between(0, 4).list().ofMaxSize(6);
    }

    private static long assertDoesNotFail(byte[] data, SendRange range, RecordingWriteTransport peer,
            Counters counters) {
        try {
            return Sender.send(data, range, peer, Timeout.Clock.unlimited(), counters);
        } catch (SendException e) {
            throw new AssertionError("unexpected failure " + e.getMessage() + " at " + e.lastIndex(), e);
        }
    }

    /**
     * Each write starts where the previous accepted bytes ended and offers everything left up to
     * one step: LuaSocket's 8192 for the first write of a call, {@link Sender#LARGE_WRITE} after
     * while the kernel took every write whole, {@link Sender#MAX_WRITE} once one was cut short.
     */
    static void assertWritesAreContiguousSteps(List<RecordingWriteTransport.Write> writes, long offset, long total) {
        assertWritesAreContiguousSteps(writes, offset, total, Sender.FIRST_WRITE);
    }

    /** As above, with {@code firstStep} for the first write. */
    static void assertWritesAreContiguousSteps(List<RecordingWriteTransport.Write> writes, long offset,
            long total, int firstStep) {
        long position = offset;
        long end = offset + total;
        boolean cutShort = false;
        for (RecordingWriteTransport.Write write : writes) {
            assertEquals(position, write.offset(), "write offset");
            int step = position == offset ? firstStep
                    : cutShort ? Sender.MAX_WRITE : Sender.LARGE_WRITE;
            assertEquals(Math.min(end - position, step), write.requested(), "write length");
            cutShort |= write.accepted() < write.requested();
            position += write.accepted();
        }
        assertEquals(end, position);
    }

    /** Distinct bytes, so that order and position errors show. */
    private static byte[] data(int length) {
        byte[] data = new byte[length];
        for (int k = 0; k < length; k++) {
            data[k] = (byte) ('A' + k);
        }
        return data;
    }
}
