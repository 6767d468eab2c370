package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The verified table of the semantics reference, 2.2, with data = "abc" (length 3). */
class SendRangeTest {
    @ParameterizedTest(name = "send(\"abc\", {0}, {1}) -> {2}")
    @CsvSource({
        "1, -1, 3", "2, -1, 3", "2, 2, 2", "-1, -1, 3", "-2, -2, 2", "0, -1, 3", "-10, -1, 3",
        "4, -1, 3", "5, -1, 4", "3, 1, 2", "1, 10, 3", "1, 0, 0", "1, -4, 0", "1, 2, 2"})
    void lastIndexOfTheAbcTable(long i, long j, long expectedLast) {
        SendRange range = SendRange.of(3, i, j);
        long last = range.isEmpty() ? range.before() : range.last();
        assertEquals(expectedLast, last);
    }

    @ParameterizedTest(name = "send(\"\", {0}) -> {1}")
    @CsvSource({"1, 0", "3, 2"})
    void emptyData(long i, long expectedLast) {
        SendRange range = SendRange.of(0, i, -1);
        assertEquals(true, range.isEmpty());
        assertEquals(expectedLast, range.before());
    }

    /**
     * The first index too, which the last index alone does not show: {@code send("abc", 0)}
     * sends from the first byte, and {@code -1} is the last byte, not the one after it.
     */
    @ParameterizedTest(name = "send(\"abc\", {0}, {1}) selects {2}..{3}")
    @CsvSource({
        "0, -1, 1, 3", "-1, -1, 3, 3", "-2, -2, 2, 2", "-3, -1, 1, 3", "-10, -1, 1, 3",
        "5, -1, 5, 3", "1, 0, 1, 0", "1, -4, 1, 0", "2, 10, 2, 3"})
    void theSelectedRange(long i, long j, long first, long last) {
        assertEquals(new SendRange(first, last), SendRange.of(3, i, j));
    }

    /** Nothing selected: no write at all, and the index before the range is reported. */
    @org.junit.jupiter.api.Test
    void anEmptyRangeWritesNothing() throws io.loomsocket.SendException {
        RecordingWriteTransport peer = RecordingWriteTransport.acceptingAll();
        Counters counters = new Counters();
        assertEquals(4, Sender.send(new byte[3], SendRange.of(3, 5, -1), peer,
                Timeout.Clock.unlimited(), counters));
        assertEquals(0, peer.writes().size());
        assertEquals(0, counters.sent());
    }
}
