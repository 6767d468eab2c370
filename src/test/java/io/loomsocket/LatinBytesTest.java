package io.loomsocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** String forms of send: one byte per char, and a char above U+00FF refused naming its index. */
class LatinBytesTest {
    @Test
    void everyLatin1CharIsItsByteQuestionMarksIncluded() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c <= 0xFF; c++) {
            all.append(c).append('?');
        }
        byte[] bytes = TcpClient.bytes(all.toString());
        assertEquals(512, bytes.length);
        for (int c = 0; c <= 0xFF; c++) {
            assertEquals((byte) c, bytes[2 * c]);
            assertEquals((byte) '?', bytes[2 * c + 1]);
        }
        assertArrayEquals(new byte[0], TcpClient.bytes(""));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "'a\u0100b', 'char U+0100 at index 1'",
        "'?\u20ac', 'char U+20AC at index 1'",
        "'ab\uD83D\uDE00', 'char U+D83D at index 2'",
        "'\uD83D?', 'char U+D83D at index 0'"})
    void aCharAboveU00FFIsRefusedByIndex(String text, String expected) {
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> TcpClient.bytes(text));
        assertEquals(expected + " is not a byte; send byte[] in the charset you want",
                refused.getMessage());
    }
}
