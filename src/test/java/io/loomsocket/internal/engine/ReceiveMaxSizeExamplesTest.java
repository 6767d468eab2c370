package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loomsocket.ReceiveException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The boundaries of {@link ReceiveMaxSizePropertyTest} that its random streams reach only by
 * chance: the stream stops (silent, reset or ended) exactly when the result holds its maximum.
 * Silence there is "oversized", not "timeout", so a timeout's partial is always shorter than
 * the maximum; a reset is "closed"; an end is "closed" for a line and a success for {@code *a}.
 */
@org.junit.jupiter.api.Timeout(value = 10, unit = TimeUnit.SECONDS)
class ReceiveMaxSizeExamplesTest {
    @ParameterizedTest(name = "{0} prefix \"{1}\" maxsize {2} over \"{3}\" then {4}: {5} \"{6}\"")
    @CsvSource(quoteCharacter = '\'', value = {
        "line, '', 3, abc, TIMEOUT, oversized, abc",
        "all, '', 3, abc, TIMEOUT, oversized, abc",
        "line, a, 3, bc, TIMEOUT, oversized, abc",
        "all, a, 3, bc, TIMEOUT, oversized, abc",
        "line, '', 3, ab, TIMEOUT, timeout, ab",
        "all, '', 3, ab, TIMEOUT, timeout, ab",
        "line, '', 3, abc, RESET, closed, abc",
        "all, '', 3, abc, RESET, closed, abc",
        "line, '', 3, abc, EOF, closed, abc",
        "all, '', 3, abc, EOF, ok, abc",
        "line, '', 3, a\rbc, TIMEOUT, oversized, abc",
        "line, '', 3, abc\r, TIMEOUT, oversized, abc"})
    void theStreamStopsExactlyAtTheMaximum(String pattern, String prefix, int maxSize,
            String stream, ScriptedTransport.Ending ending, String outcome, String data) {
        ReceiveBuffer buffer = new ReceiveBuffer(new Counters(), new BufferPool(1));
        ScriptedTransport peer = ScriptedTransport.of(Outcome.bytes(stream)).endingWith(ending);
        String actual;
        try {
            byte[] prefixBytes = Outcome.bytes(prefix);
            byte[] result = pattern.equals("line")
                    ? buffer.receiveLine(prefixBytes, maxSize, peer, Timeout.Clock.unlimited())
                    : buffer.receiveAll(prefixBytes, maxSize, peer, Timeout.Clock.unlimited());
            actual = "ok " + Outcome.text(result);
        } catch (ReceiveException e) {
            assertEquals(outcome, e.getMessage());
            actual = e.getMessage() + " " + e.partialString();
        }
        assertEquals(outcome + " " + data, actual);
    }

    /**
     * {@code *l} drops CRs, so they cost no room: a line stops before the first other byte past
     * the maximum, the CRs before that stop are taken, and the rest of the line is left.
     */
    @ParameterizedTest(name = "maxsize {1} over \"{0}\": {2} then {3}")
    @CsvSource(quoteCharacter = '\'', value = {
        "'a\r\rb\rc\n', 2, oversized ab, ok c",
        "'a\rb\n', 2, ok ab, closed",
        "'ab\n', 2, ok ab, closed",
        "'\r\r\rab\r\n', 2, ok ab, closed",
        "'abc\n', 2, oversized ab, ok c",
        "'ab\rc\n', 2, oversized ab, ok c",
        "'\r\n', 1, ok, closed"})
    void crsCostNoRoom(String stream, int maxSize, String first, String second) {
        ReceiveBuffer buffer = new ReceiveBuffer(new Counters(), new BufferPool(1));
        ScriptedTransport peer = ScriptedTransport.of(Outcome.bytes(stream));
        assertEquals(first, line(buffer, peer, maxSize));
        assertEquals(second, line(buffer, peer, maxSize));
    }

    private static String line(ReceiveBuffer buffer, Transport peer, int maxSize) {
        try {
            return ("ok " + Outcome.text(buffer.receiveLine(ReceiveBuffer.noPrefix(), maxSize,
                    peer, Timeout.Clock.unlimited()))).strip();
        } catch (ReceiveException e) {
            return (e.getMessage() + " " + e.partialString()).strip();
        }
    }
}
