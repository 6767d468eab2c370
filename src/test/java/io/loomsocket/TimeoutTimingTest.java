package io.loomsocket;

import static io.loomsocket.LoopbackSupport.assertAbout;
import static io.loomsocket.LoopbackSupport.secondsSince;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The verified trickle table of reference 2.19: the peer sends one byte every 0.3 s (at 0.3,
 * 0.6, 0.9, 1.2 and 1.5 s) and the client calls {@code receive(5)} under each setting. Times are
 * checked within +/- 0.15 s.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TimeoutTimingTest {
    private static final long STEP_NANOS = 300_000_000L;

    @ParameterizedTest(name = "B={0} T={1}: {2} at {3} s, \"{4}\"")
    @CsvSource(value = {
        // block, total, outcome, seconds, data or partial
        "0.5, -1, timeout, 0.50, x",
        "1.0, -1, timeout, 1.00, xxx",
        "0.5, 3, ok, 1.50, xxxxx",
        "0.2, 3, timeout, 0.20, ''",
        "-1, 1, timeout, 1.00, xxx",
        "-1, 2, ok, 1.50, xxxxx",
        "5, 1, timeout, 1.00, xxx"}, emptyValue = "")
    void receiveFiveBytesOfATrickle(double block, double total, String outcome, double seconds,
            String bytes) throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.settimeout(block, "b");
            peer.client.settimeout(total, "t");
            long start = System.nanoTime();
            peer.script(p -> {
                for (int k = 1; k <= 6; k++) {
                    LoopbackSupport.sleepUntil(start + k * STEP_NANOS);
                    p.send("x");
                }
            });
            if (outcome.equals("ok")) {
                assertEquals(bytes, peer.client.receiveString(5));
            } else {
                ReceiveException e = assertThrows(ReceiveException.class,
                        () -> peer.client.receive(5));
                double took = secondsSince(start);
                assertEquals(outcome, e.getMessage());
                assertEquals(bytes, e.partialString(), "partial");
                assertAbout(seconds, took, "receive(5)");
                return;
            }
            assertAbout(seconds, secondsSince(start), "receive(5)");
        }
    }
}
