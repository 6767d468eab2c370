package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The word-at-a-time search for a line's end finds what a byte-by-byte search finds, wherever
 * the range starts and ends within the array and whatever bytes surround the LF or CR (bytes
 * next to 0x0A and 0x0D, and 0x8A, 0x8D and 0xFF, whose borrows and high bits could fool it).
 */
class LineEndsPropertyTest {
    private static int byteByByte(byte[] src, int from, int to, byte x, byte y) {
        for (int i = from; i < to; i++) {
            if (src[i] == x || src[i] == y) {
                return i;
            }
        }
        return -1;
    }

    @Property(tries = 3000)
    void findsTheFirstLfCrOrEitherOfAnyRange(@ForAll("bytes") byte[] src,
            @ForAll @IntRange(min = 0, max = 100) int a, @ForAll @IntRange(min = 0, max = 100) int b) {
        int from = Math.min(Math.min(a, b), src.length);
        int to = Math.min(Math.max(a, b), src.length);
        java.util.function.Supplier<String> where =
                () -> "range " + from + ".." + to + " of " + java.util.Arrays.toString(src);
        assertEquals(byteByByte(src, from, to, (byte) '\n', (byte) '\r'),
                LineEnds.indexOfLfOrCr(src, from, to), where);
        assertEquals(byteByByte(src, from, to, (byte) '\n', (byte) '\n'),
                LineEnds.indexOfLf(src, from, to), where);
        assertEquals(byteByByte(src, from, to, (byte) '\r', (byte) '\r'),
                LineEnds.indexOfCr(src, from, to), where);
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        Arbitrary<Byte> tricky = Arbitraries.of((byte) '\n', (byte) '\r', (byte) 0x0B,
                (byte) 0x09, (byte) 0x0C, (byte) 0x0E, (byte) 0x8A, (byte) 0x8D, (byte) 0xFF,
                (byte) 0x00, (byte) 0x01, (byte) 'x');
        Arbitrary<Byte> any = Arbitraries.bytes();
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, tricky), net.jqwik.api.Tuple.of(1, any))
                .array(byte[].class).ofMaxSize(100);
    }

    @Example
    void eachPositionOfAWordIsFound() {
        for (int length = 0; length <= 40; length++) {
            for (int at = 0; at < length; at++) {
                for (byte end : new byte[] {'\n', '\r'}) {
                    byte[] src = new byte[length];
                    java.util.Arrays.fill(src, (byte) 0x8A);
                    src[at] = end;
                    for (int from = 0; from <= at; from++) {
                        assertEquals(at, LineEnds.indexOfLfOrCr(src, from, length));
                        assertEquals(end == '\n' ? at : -1, LineEnds.indexOfLf(src, from, length));
                        assertEquals(end == '\r' ? at : -1, LineEnds.indexOfCr(src, from, length));
                    }
                    assertEquals(-1, LineEnds.indexOfLfOrCr(src, at + 1, length));
                    assertEquals(-1, LineEnds.indexOfLfOrCr(src, 0, at));
                }
            }
        }
    }
}
