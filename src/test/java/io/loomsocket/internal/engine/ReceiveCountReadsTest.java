package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.ReceiveException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A large count is read straight into its result in reads as long as the rest of the count (up
 * to {@link ReceiveBuffer#DIRECT_READ}), not in LuaSocket's 8192-byte fills: the same bytes, a
 * read per 128 KiB instead of one per 8 KiB, and never a byte past the count.
 */
class ReceiveCountReadsTest {
    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {8192, 9000, 65537, 131072, 131073, 1 << 20})
    void aLargeCountIsReadInReadsAsLongAsItsRest(int count) throws ReceiveException {
        byte[] stream = new byte[count + 100];
        new Random(count).nextBytes(stream);
        List<Integer> asked = new ArrayList<>();
        ScriptedTransport peer = ScriptedTransport.of(stream)
                .beforeEachRead((served, off, len) -> asked.add(len));
        ReceiveBuffer buffer = new ReceiveBuffer(new Counters());
        byte[] got = buffer.receiveCount(count, new byte[0], peer, Timeout.Clock.unlimited());
        assertArrayEquals(Arrays.copyOf(stream, count), got);
        int expectedReads = (count + ReceiveBuffer.DIRECT_READ - 1) / ReceiveBuffer.DIRECT_READ;
        assertEquals(expectedReads, peer.reads(), "reads for " + count + " bytes: " + asked);
        assertTrue(asked.stream().allMatch(len -> len <= ReceiveBuffer.DIRECT_READ), asked::toString);
        assertArrayEquals(Arrays.copyOfRange(stream, count, count + 5),
                buffer.receiveCount(5, new byte[0], peer, Timeout.Clock.unlimited()),
                "the bytes after the count stay for the next receive");
    }
}
