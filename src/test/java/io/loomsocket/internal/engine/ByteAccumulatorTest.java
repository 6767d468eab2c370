package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The result of a receive as it grows, and the one copy a known count costs. */
class ByteAccumulatorTest {
    @Test
    void aResultFilledExactlyToItsCapacityIsHandedOverWithoutACopy() {
        ByteAccumulator out = new ByteAccumulator(Outcome.bytes("ab"), 5);
        out.append(Outcome.bytes("xcde"), 1, 4);
        byte[] result = out.toArray();
        assertArrayEquals(Outcome.bytes("abcde"), result);
        assertTrue(result == out.toArray(), "the array itself");
    }

    @Test
    void aResultShortOfItsCapacityIsCopied() {
        ByteAccumulator out = new ByteAccumulator(Outcome.bytes("ab"), 5);
        byte[] result = out.toArray();
        assertArrayEquals(Outcome.bytes("ab"), result);
        assertTrue(result != out.toArray(), "another array");
    }

    @Test
    void aResultGrowsPastItsCapacity() {
        ByteAccumulator out = new ByteAccumulator(new byte[0], 2);
        for (int i = 0; i < 100; i++) {
            out.append(new byte[] {(byte) i}, 0, 1);
        }
        byte[] result = out.toArray();
        assertEquals(100, result.length);
        for (int i = 0; i < 100; i++) {
            assertEquals((byte) i, result[i]);
        }
    }
}
