package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.ReceiveException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The idle timeout runs from the last read that took bytes, through both ways a receive reads:
 * into the receive buffer, and straight into the result. Each read of the transport here takes
 * 400 ms, under an idle timeout of 1 s: renewed, every read finds about 1 s left; not renewed,
 * the second would find 0.6 s and the third 0.2 s.
 */
@org.junit.jupiter.api.Timeout(value = 20, unit = TimeUnit.SECONDS)
class IdleRenewalTest {
    private static final long SLOW_READ_MILLIS = 400;

    @Test
    void readsIntoTheBufferThatTakeBytesRenewTheIdleTimeout() throws ReceiveException {
        assertEveryReadFindsTheIdleTimeoutRenewed(3000, 1000);
    }

    @Test
    void readsStraightIntoTheResultThatTakeBytesRenewTheIdleTimeout() throws ReceiveException {
        assertEveryReadFindsTheIdleTimeoutRenewed(3 * ReceiveBuffer.SIZE, ReceiveBuffer.SIZE);
    }

    private static void assertEveryReadFindsTheIdleTimeoutRenewed(int total, int perRead)
            throws ReceiveException {
        Timeout timeout = new Timeout();
        timeout.setIdleNanos(TimeUnit.SECONDS.toNanos(1));
        Timeout.Clock clock = timeout.start();
        byte[] stream = new byte[total];
        Arrays.fill(stream, (byte) 'q');
        SlowReads transport = new SlowReads(stream, perRead, clock);
        byte[] got = new ReceiveBuffer(new Counters()).receiveCount(total, new byte[0], transport,
                clock);
        assertArrayEquals(stream, got);
        assertEquals(total / perRead, transport.idleLeft.size(), "reads");
        for (long left : transport.idleLeft) {
            assertTrue(left > TimeUnit.MILLISECONDS.toNanos(800), "idle time left " + left);
        }
    }

    /** Hands out {@code perRead} bytes a read, each read 400 ms long, noting the idle time left. */
    private static final class SlowReads implements Transport {
        private final byte[] stream;
        private final int perRead;
        private final Timeout.Clock clock;
        private int position;
        final List<Long> idleLeft = new ArrayList<>();

        SlowReads(byte[] stream, int perRead, Timeout.Clock clock) {
            this.stream = stream;
            this.perRead = perRead;
            this.clock = clock;
        }

        @Override
        public int read(byte[] dst, int off, int len, Timeout.Clock ignored) {
            return readNow(dst, off, len);
        }

        @Override
        public int readNow(byte[] dst, int off, int len) {
            if (position == stream.length) {
                return CLOSED;
            }
            idleLeft.add(clock.waitNanos());
            try {
                Thread.sleep(SLOW_READ_MILLIS);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            int count = Math.min(Math.min(len, perRead), stream.length - position);
            System.arraycopy(stream, position, dst, off, count);
            position += count;
            return count;
        }

        @Override
        public int write(byte[] src, int off, int len, Timeout.Clock ignored) {
            throw new UnsupportedOperationException("a read-only transport");
        }
    }
}
