package io.loomsocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.timing.TimedTest;
import io.loomsocket.timing.Timing;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A send to a peer that stops reading returns "timeout" at its block timeout with the index of
 * the last byte the kernel took, and the socket stays usable: resuming from the next byte
 * delivers the whole stream exactly once, in order.
 */
class SendTimeoutTest {
    private static final int SIZE = 50_000_000;

    @TimedTest
    @Timeout(60)
    void blockTimeoutStopsTheSendAndResumingLosesNothing() throws Exception {
        byte[] data = new byte[SIZE];
        new Random(20261125L).nextBytes(data);
        try (Loopback pair = Loopback.open()) {
            pair.client().settimeout(0.5);
            long started = System.nanoTime();
            SendException e = assertThrows(SendException.class, () -> pair.client().send(data));
            double seconds = (System.nanoTime() - started) / 1e9;

            assertEquals("timeout", e.getMessage());
            assertTrue(e.isTimeout());
            long last = e.lastIndex();
            assertTrue(last >= 1 && last < SIZE, "last index " + last);
            Timing.assertAtLeast(0.4, seconds, "a send with block timeout 0.5");
            Timing.assertAtMost(2.0, seconds, "a send with block timeout 0.5");
            assertEquals(last, pair.client().getstats().sent());

            CompletableFuture<byte[]> received = new CompletableFuture<>();
            Thread.startVirtualThread(() -> {
                try {
                    received.complete(pair.peer().receive(SIZE));
                } catch (Throwable t) {
                    received.completeExceptionally(t);
                }
            });
            pair.client().settimeout(-1);
            assertEquals(SIZE, pair.client().send(data, last + 1));
            byte[] got = received.get(30, TimeUnit.SECONDS);
            assertEquals(SIZE, got.length);
            assertTrue(Arrays.equals(data, got), "the peer received the stream in order, once");
            assertEquals(SIZE, pair.client().getstats().sent());
        }
    }

    @Test
    @Timeout(30)
    void zeroTimeoutSendsWhatFitsAndLoopingWithLastPlusOneFinishes() throws Exception {
        byte[] data = new byte[5_000_000];
        new Random(7).nextBytes(data);
        try (Loopback pair = Loopback.open()) {
            CompletableFuture<byte[]> received = new CompletableFuture<>();
            Thread.startVirtualThread(() -> {
                try {
                    Thread.sleep(300);
                    received.complete(pair.peer().receive(data.length));
                } catch (Throwable t) {
                    received.completeExceptionally(t);
                }
            });
            pair.client().settimeout(0);
            long last = 0;
            int timeouts = 0;
            while (last < data.length) {
                try {
                    last = pair.client().send(data, last + 1);
                } catch (SendException e) {
                    assertTrue(e.isTimeout(), e.getMessage());
                    last = e.lastIndex();
                    timeouts++;
                    Thread.sleep(1);
                }
            }
            assertTrue(timeouts > 0, "a 5 MB send with timeout 0 must hit a full buffer");
            assertArrayEquals(data, received.get(20, TimeUnit.SECONDS));
        }
    }
}
