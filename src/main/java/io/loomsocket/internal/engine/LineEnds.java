package io.loomsocket.internal.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds where a line may end: the first LF, CR, or either of a range, eight bytes at a time. The common
 * line has no CR, so one pass that stops at either byte tells whether the buffered line can be
 * copied as it is (an LF came first) or needs {@code *l}'s CR dropping (a CR came first); two
 * byte-by-byte passes, one for the LF and one for a CR before it, cost about a fifth of a short
 * line's receive.
 */
final class LineEnds {
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LFS = 0x0A0A0A0A0A0A0A0AL;
    private static final long CRS = 0x0D0D0D0D0D0D0D0DL;

    private LineEnds() {}

    /** The index of the first LF or CR in {@code src[from, to)}, or -1 if there is none. */
    static int indexOfLfOrCr(byte[] src, int from, int to) {
        return indexOfEither(src, from, to, LFS, CRS);
    }

    /** The index of the first LF in {@code src[from, to)}, or -1. */
    static int indexOfLf(byte[] src, int from, int to) {
        return indexOfEither(src, from, to, LFS, LFS);
    }

    /** The index of the first CR in {@code src[from, to)}, or -1. */
    static int indexOfCr(byte[] src, int from, int to) {
        return indexOfEither(src, from, to, CRS, CRS);
    }

    /**
     * The first byte of {@code src[from, to)} equal to the byte repeated in {@code a} or in
     * {@code b}, or -1.
     */
    private static int indexOfEither(byte[] src, int from, int to, long a, long b) {
        int i = from;
        for (; to - i >= Long.BYTES; i += Long.BYTES) {
            long word = (long) LONGS.get(src, i);
            long found = zeroBytes(word ^ a) | zeroBytes(word ^ b);
            if (found != 0) {
                // Little-endian: the lowest flagged byte is the first in the array.
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        byte byteA = (byte) a;
        byte byteB = (byte) b;
        for (; i < to; i++) {
            byte x = src[i];
            if (x == byteA || x == byteB) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The high bit of each zero byte of {@code word}. Bytes above the lowest zero byte may be
     * flagged wrongly (a borrow runs upwards), never the ones below it, so the lowest flag is
     * exact, and that is the only one used.
     */
    private static long zeroBytes(long word) {
        return (word - ONES) & ~word & HIGHS;
    }
}
