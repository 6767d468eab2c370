package io.loomsocket.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No message over TLS waits for the peer's delayed acknowledgement under Nagle's algorithm
 * either: a TLS send that kept the first step of 8192 bytes (LuaSec's) for every message left
 * the rest of it held in the kernel until the peer's delayed ACK, 40 ms or more; it now keeps
 * the step only when the peer may have closed, and pushes the rest out when it does.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TlsNagleTest {
    private static final int TRIPS = 10;
    /** Far below what a stall in one direction adds (10 x 40 ms), far above the noise. */
    private static final long MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    @ParameterizedTest(name = "{0}-byte messages")
    @ValueSource(ints = {8193, 9000, 16384, 65537})
    void requestResponseOverTlsWithNagleOnDoesNotWaitForDelayedAcks(int size) throws Exception {
        assertNoStall(size, false);
    }

    /**
     * The same with one byte of the next request always waiting at the echoing end when it
     * answers: its send reads the record on to see whether the peer has closed, and goes out
     * without the first step. (A send that keeps the step pushes out what Nagle's algorithm
     * holds through the socket's own transport, whose stall {@code NagleTest} measures;
     * {@code TlsSendStepTest} checks that a TLS send asks for that push.)
     */
    @ParameterizedTest(name = "{0}-byte messages")
    @ValueSource(ints = {8193, 16384})
    void aTlsSendThatKeepsTheFirstStepDoesNotWaitForDelayedAcksEither(int size)
            throws Exception {
        assertNoStall(size, true);
    }

    /** Nagle's algorithm on against TCP_NODELAY, side by side; up to three attempts. */
    private static void assertNoStall(int size, boolean ahead) throws Exception {
        long nagle = 0;
        long noDelay = 0;
        for (int attempt = 0; attempt < 3; attempt++) {
            nagle = roundTrips(size, ahead, false);
            noDelay = roundTrips(size, ahead, true);
            if (nagle - noDelay < MARGIN_NANOS) {
                return;
            }
        }
        throw new AssertionError(TRIPS + " round trips of " + size + " bytes each way over TLS"
                + " took " + nagle / 1_000_000 + " ms with Nagle's algorithm, "
                + noDelay / 1_000_000 + " ms without");
    }

    private static long roundTrips(int size, boolean ahead, boolean noDelay) throws Exception {
        try (TlsPair tls = TlsPair.open()) {
            assertEquals(false, tls.client().getoption("tcp-nodelay"));
            tls.client().setoption("tcp-nodelay", noDelay);
            tls.server().setoption("tcp-nodelay", noDelay);
            Thread echo = Thread.startVirtualThread(() -> {
                try {
                    for (int i = 0; i < TRIPS + 1; i++) {
                        tls.server().send(tls.server().receive(size));
                    }
                } catch (Exception e) {
                    // the test ends the connection
                }
            });
            byte[] message = new byte[size];
            Arrays.fill(message, (byte) 'm');
            if (ahead) {
                tls.client().send("m");
            }
            tls.client().send(message); // the first exchange leaves the slow start behind
            tls.client().receive(size);
            long start = System.nanoTime();
            for (int i = 0; i < TRIPS; i++) {
                tls.client().send(message);
                assertEquals(size, tls.client().receive(size).length);
            }
            long took = System.nanoTime() - start;
            echo.join(10_000);
            return took;
        }
    }
}
