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
}
