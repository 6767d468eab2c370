package io.loomsocket.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.SendException;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random send sizes, send timeouts and peer read pacing over TLS: every plaintext byte arrives
 * exactly once and in order, each failed send's last index lies between where it started and
 * its end and never goes back, and the indices add up to the bytes sent (and to getstats).
 */
class TlsSendPropertyTest {
    @Property(tries = 6)
    void plaintextArrivesOnceInOrderAndTheLastIndicesAddUp(
            @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 1, max = 100_000) Integer> sizes,
            @ForAll @DoubleRange(min = 0.0, max = 0.05) double timeout,
            @ForAll @IntRange(min = 1024, max = 70_000) int readSize,
            @ForAll @IntRange(min = 0, max = 3) int pauseMillis,
            @ForAll long seed) throws Exception {
        Random random = new Random(seed);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (TlsPair tls = TlsPair.open()) {
            // Small kernel buffers, so that sends block and time out in the middle of records.
            tls.client().setoption("send-buffer-size", 8192);
            tls.server().setoption("recv-buffer-size", 8192);
            int total = sizes.stream().mapToInt(Integer::intValue).sum();
            CompletableFuture<byte[]> received = new CompletableFuture<>();
            Thread.startVirtualThread(() -> {
                try {
                    ByteArrayOutputStream got = new ByteArrayOutputStream();
                    tls.server().settimeout(20);
                    while (got.size() < total) {
                        got.writeBytes(tls.server().receive(Math.min(readSize, total - got.size())));
                        if (pauseMillis > 0) {
                            Thread.sleep(pauseMillis);
                        }
                    }
                    received.complete(got.toByteArray());
                } catch (Throwable t) {
                    received.completeExceptionally(t);
                }
            });
            tls.client().settimeout(timeout);
            long sent = 0;
            for (int size : sizes) {
                byte[] data = new byte[size];
                random.nextBytes(data);
                expected.writeBytes(data);
                long last = 0;
                while (last < size) {
                    try {
                        long done = tls.client().send(data, last + 1);
                        assertEquals(size, done);
                        last = done;
                    } catch (SendException e) {
                        assertEquals("wantwrite", e.getMessage());
                        assertTrue(e.lastIndex() >= last && e.lastIndex() < size,
                                "last index " + e.lastIndex() + " after " + last + " of " + size);
                        last = e.lastIndex();
                    }
                }
                sent += last;
            }
            assertEquals(total, sent);
            assertEquals(total, tls.client().getstats().sent());
            assertArrayEquals(expected.toByteArray(), received.get(60, TimeUnit.SECONDS));
        }
    }
}
