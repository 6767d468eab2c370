package io.loomsocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No message waits for the peer's delayed acknowledgement under Nagle's algorithm (on by
 * default, as in LuaSocket). A send that C LuaSocket would cut into an 8192-byte write and the
 * rest made the rest wait, in request/response traffic, until the peer's delayed ACK: 40 ms or
 * more per message, where one write is one segment and goes at once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NagleTest {
    private static final int TRIPS = 10;
    /**
     * How much longer than the same exchange with TCP_NODELAY the exchange with Nagle's algorithm
     * may take: far below what a stall in one direction adds (10 x 40 ms), far above the noise.
     */
    private static final long MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    @ParameterizedTest(name = "{0}-byte messages")
    @ValueSource(ints = {8193, 9000, 16384, 65537, 262145})
    void requestResponseWithNagleOnDoesNotWaitForDelayedAcks(int size) throws Exception {
        assertNoStall(size, false);
    }

    /**
     * The same with one byte of the next request always waiting at the echoing end when it
     * answers (the stream is one byte ahead): there the send keeps LuaSocket's first step, as it
     * must for a peer that may have closed, and pushes out the rest that Nagle's algorithm holds.
     */
    @ParameterizedTest(name = "{0}-byte messages")
    @ValueSource(ints = {8193, 9000, 16384, 65537})
    void aSendThatKeepsTheFirstStepDoesNotWaitForDelayedAcksEither(int size) throws Exception {
        assertNoStall(size, true);
    }

    /**
     * The exchange with Nagle's algorithm on takes about as long as with TCP_NODELAY, measured
     * side by side (a busy machine slows both); up to three attempts.
     */
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
        throw new AssertionError(TRIPS + " round trips of " + size + " bytes each way took "
                + nagle / 1_000_000 + " ms with Nagle's algorithm, " + noDelay / 1_000_000
                + " ms without");
    }

    /**
     * The time of {@link #TRIPS} exchanges of a {@code size}-byte message each way; with {@code
     * ahead}, the client's stream runs one byte ahead of the echo's reads.
     */
    private static long roundTrips(int size, boolean ahead, boolean noDelay) throws Exception {
        try (Loopback pair = Loopback.open()) {
            assertEquals(false, pair.client().getoption("tcp-nodelay"));
            pair.client().setoption("tcp-nodelay", noDelay);
            pair.peer().setoption("tcp-nodelay", noDelay);
            Thread echo = Thread.startVirtualThread(() -> {
                try {
                    for (int i = 0; i < TRIPS + 1; i++) {
                        pair.peer().send(pair.peer().receive(size));
                    }
                } catch (TcpException e) {
                    // the test ends the connection
                }
            });
            byte[] message = new byte[size];
            Arrays.fill(message, (byte) 'm');
            if (ahead) {
                pair.client().send("m");
            }
            pair.client().send(message); // the first exchange leaves the slow start behind
            pair.client().receive(size);
            long start = System.nanoTime();
            for (int i = 0; i < TRIPS; i++) {
                pair.client().send(message);
                assertEquals(size, pair.client().receive(size).length);
            }
            long took = System.nanoTime() - start;
            echo.join(10_000);
            return took;
        }
    }

    /**
     * A byte that a send's probe read took from the kernel is still there for a select: it is
     * readable at once, and the receive after it gets the byte.
     */
    @Test
    void aByteTheSendsProbeTookIsReadableToSelect() throws Exception {
        try (Loopback pair = Loopback.open()) {
            pair.peer().send("x");
            Selected first = Tcp.select(java.util.List.of(pair.client()), null,
                    java.time.Duration.ofSeconds(5));
            assertEquals(java.util.List.of(pair.client()), first.readable(), "the byte came");
            pair.client().settimeout(0);
            assertEquals("x", pair.client().receiveString(1));
            pair.client().settimeout(-1);
            pair.peer().send("y");
            Thread.sleep(50); // loopback: the byte is in the client's kernel buffer by now
            pair.client().send(new byte[20_000]); // the probe reads "y" out of the kernel
            Selected ready = Tcp.select(java.util.List.of(pair.client()), null,
                    java.time.Duration.ofSeconds(5));
            assertEquals(java.util.List.of(pair.client()), ready.readable(),
                    "the byte the probe took is readable");
            pair.client().settimeout(0);
            assertEquals("y", pair.client().receiveString(1));
            assertEquals(20_000, pair.peer().receive(20_000).length);
        }
    }

    @Test
    void pushingOutHeldBytesLeavesATcpNodelaySetByTheUserOn() throws Exception {
        try (Loopback pair = Loopback.open()) {
            pair.client().setoption("tcp-nodelay", true);
            pair.peer().send("x"); // so that the send keeps C's first step and takes two writes
            pair.client().send(new byte[20_000]);
            assertEquals(true, pair.client().getoption("tcp-nodelay"));
            pair.client().setoption("tcp-nodelay", false);
            pair.client().send(new byte[20_000]);
            assertEquals(false, pair.client().getoption("tcp-nodelay"));
            assertEquals(40_000, pair.peer().receive(40_000).length);
            assertEquals("x", pair.client().receiveString(1));
        }
    }

    @Test
    void aTcpNodelayInheritedFromTheListenerStaysOn() throws Exception {
        try (TcpServer server = Tcp.bind("127.0.0.1", 0)) {
            server.setoption("tcp-nodelay", true);
            try (TcpClient client = Tcp.connect("127.0.0.1", server.getsockname().port());
                    TcpClient accepted = server.accept()) {
                client.send("x");
                accepted.send(new byte[20_000]);
                assertEquals(true, accepted.getoption("tcp-nodelay"));
                assertEquals(20_000, client.receive(20_000).length);
            }
        }
    }
}
