package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import io.loomsocket.ReceiveException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A large count is read straight into its result in reads of its whole 8192-byte steps (up to
 * {@link ReceiveBuffer#DIRECT_READ} at once). Its tail, when it does not end on a step, goes
 * through the buffer, whose 8192-byte fill takes what follows the count as C LuaSocket's last
 * fill does; over a transport with scatter reads, the tail and that fill are one read with the
 * last steps. Either way the same bytes leave the kernel as in C, a read per 128 KiB instead of
 * one per 8 KiB.
 */
class ReceiveCountReadsTest {
    private static final int SIZE = ReceiveBuffer.SIZE;

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {8192, 8193, 9000, 16384, 65537, 131072, 131073, 139264, 139265, 1 << 20})
    void aLargeCountIsReadInWholeStepsAndItsTailThroughTheBuffer(int count)
            throws ReceiveException {
        List<Integer> expected = new ArrayList<>();
        int steps = count / SIZE * SIZE;
        for (int left = steps; left > 0; left -= ReceiveBuffer.DIRECT_READ) {
            expected.add(Math.min(left, ReceiveBuffer.DIRECT_READ));
        }
        if (count > steps) {
            expected.add(SIZE); // the tail's fill, as C's
        }
        check(count, false, expected);
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {8192, 8193, 9000, 16384, 65537, 131072, 131073, 139264, 139265, 1 << 20})
    void aScatterReadTakesTheTailAndTheFillWithTheLastSteps(int count) throws ReceiveException {
        List<Integer> expected = new ArrayList<>();
        int left = count;
        while (left > 0) {
            int steps = Math.min(left / SIZE * SIZE, ReceiveBuffer.DIRECT_READ);
            int tail = left - steps;
            if (tail > 0 && tail < SIZE) {
                expected.add(steps + SIZE); // the count's rest, then what C's last fill takes
                left = 0;
            } else {
                expected.add(steps);
                left -= steps;
            }
        }
        check(count, true, expected);
    }

    private static void check(int count, boolean spilling, List<Integer> expectedAsks)
            throws ReceiveException {
        byte[] stream = new byte[count + 100];
        new Random(count).nextBytes(stream);
        List<Integer> asked = new ArrayList<>();
        ScriptedTransport peer = ScriptedTransport.of(stream)
                .beforeEachRead((served, off, len) -> asked.add(len));
        if (spilling) {
            peer.spilling();
        }
        ReceiveBuffer buffer = new ReceiveBuffer(new Counters());
        byte[] got = buffer.receiveCount(count, new byte[0], peer, Timeout.Clock.unlimited());
        assertArrayEquals(Arrays.copyOf(stream, count), got);
        assertEquals(expectedAsks, asked, "reads asked for " + count + " bytes");
        int steps = count / SIZE * SIZE;
        assertEquals(count > steps ? count + 100 : count, peer.served(),
                "the bytes that left the kernel: C's fills would take the same");
        long reads = peer.reads();
        assertArrayEquals(Arrays.copyOfRange(stream, count, count + 5),
                buffer.receiveCount(5, new byte[0], peer, Timeout.Clock.unlimited()),
                "the bytes after the count come next");
        assertEquals(count > steps ? reads : reads + 1, (long) peer.reads(),
                "after a tail, what followed it is already in the buffer, as in C");
    }
}
