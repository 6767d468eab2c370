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
 * A large count is read straight into its result in reads of its whole 8192-byte steps (up to
 * {@link ReceiveBuffer#DIRECT_READ} at once), and its tail through the buffer, whose 8192-byte
 * fill takes what follows the count as C LuaSocket's last fill does: the same bytes leave the
 * kernel as in C, a read per 128 KiB instead of one per 8 KiB.
 */
class ReceiveCountReadsTest {
    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {8192, 8193, 9000, 16384, 65537, 131072, 131073, 139264, 1 << 20})
    void aLargeCountIsReadInWholeStepsAndItsTailThroughTheBuffer(int count)
            throws ReceiveException {
        byte[] stream = new byte[count + 100];
        new Random(count).nextBytes(stream);
        List<Integer> asked = new ArrayList<>();
        ScriptedTransport peer = ScriptedTransport.of(stream)
                .beforeEachRead((served, off, len) -> asked.add(len));
        ReceiveBuffer buffer = new ReceiveBuffer(new Counters());
        byte[] got = buffer.receiveCount(count, new byte[0], peer, Timeout.Clock.unlimited());
        assertArrayEquals(Arrays.copyOf(stream, count), got);
        List<Integer> expected = new ArrayList<>();
        int steps = count / ReceiveBuffer.SIZE * ReceiveBuffer.SIZE;
        for (int left = steps; left > 0; left -= ReceiveBuffer.DIRECT_READ) {
            expected.add(Math.min(left, ReceiveBuffer.DIRECT_READ));
        }
        if (count > steps) {
            expected.add(ReceiveBuffer.SIZE); // the tail's fill, as C's
        }
        assertEquals(expected, asked, "reads asked for " + count + " bytes");
        long reads = peer.reads();
        assertArrayEquals(Arrays.copyOfRange(stream, count, count + 5),
                buffer.receiveCount(5, new byte[0], peer, Timeout.Clock.unlimited()),
                "the bytes after the count come next");
        assertEquals(count > steps ? reads : reads + 1, (long) peer.reads(),
                "after a tail, what followed it is already in the buffer, as in C");
    }
}
