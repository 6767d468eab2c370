package io.loomsocket;

import static io.loomsocket.LoopbackSupport.receiveFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.timing.SendLog;
import io.loomsocket.timing.TimedTest;
import io.loomsocket.timing.Timing;
import io.loomsocket.timing.TimingMiss;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Peers that misbehave: one that resets in the middle of a line, one that half-closes, a
 * slowloris that trickles a line byte by byte, and a slow reader. Each failure carries exactly
 * the bytes consumed or sent, and a total timeout fires within {@link #LATE} of its time
 * whatever the peer does (later is a {@link TimingMiss}; earlier fails).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PeerFaultsTest {
    /** How late a timeout may fire on a loaded machine; observed within a millisecond. */
    private static final double LATE = 0.25;

    private static double secondsSince(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void assertOnTime(double expected, long start, String what) {
        double seconds = secondsSince(start);
        Timing.assertAtLeast(expected - 0.01, seconds, what);
        Timing.assertAtMost(expected + LATE, seconds, what);
    }

    // ---- resets -----------------------------------------------------------------------------

    /** The reset arrives while the receive waits for the rest of the line. */
    @Test
    void aResetMidLineEndsTheWaitingReceiveWithTheLineSoFar() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("first\nsec\r");
            assertEquals("first", peer.client.receiveString());
            BlockedCall<String> line =
                    BlockedCall.start(() -> peer.client.receiveString("*l", "pre:")).awaitParked();
            peer.reset();
            ReceiveException e = line.failure(ReceiveException.class);
            assertEquals("closed", e.getMessage());
            assertEquals("pre:sec", e.partialString(), "the prefix, then the bytes without CR");
            assertEquals(10, peer.client.getstats().received());
            receiveFails("closed", "", () -> peer.client.receive());
        }
    }

    /** A line longer than the buffer, cut by a reset: every byte before it is in the partial. */
    @Test
    void aResetAfterManyBufferFillsKeepsEveryByteOfTheLine() throws Exception {
        try (Peer peer = Peer.connected()) {
            byte[] line = LoopbackSupport.rawLine(100_000);
            peer.send(line);
            BlockedCall<byte[]> receive = BlockedCall.start(() -> peer.client.receive())
                    .awaitParked();
            peer.reset();
            ReceiveException e = receive.failure(ReceiveException.class);
            assertEquals("closed", e.getMessage());
            assertArrayEquals(line, e.partial());
        }
    }

    // ---- half-close -------------------------------------------------------------------------

    /**
     * The peer shuts its output down and goes on reading: its lines, then a clean end of
     * stream, come through, and everything sent to it afterwards still arrives.
     */
    @Test
    void aPeerThatHalfClosesStillReadsEverythingSentToIt() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("one\ntail").finish();
            assertEquals("one", peer.client.receiveString());
            receiveFails("closed", "tail", () -> peer.client.receive());
            receiveFails("closed", "", () -> peer.client.receive("*a"));
            byte[] data = new byte[3 << 20];
            new Random(1).nextBytes(data);
            BlockedCall<byte[]> reader =
                    BlockedCall.start(() -> peer.socket.getInputStream().readNBytes(data.length));
            assertEquals(data.length, peer.client.send(data));
            assertArrayEquals(data, reader.get());
            peer.client.shutdown("send");
            assertEquals(-1, peer.socket.getInputStream().read(), "our end of stream reaches it");
        }
    }

    // ---- slowloris --------------------------------------------------------------------------

    /**
     * A slowloris sends a byte every 20 ms and never the LF: the block timeout, which caps each
     * wait once a total is set, never fires; the total does, on time, and the partial holds
     * every byte consumed, in order. The peer's sends are recorded: a block timeout that fired
     * after the peer was silent for 0.1 s is right, and only load makes such a silence (a miss).
     */
    @TimedTest
    void aTotalTimeoutStopsASlowlorisOnTimeAndLosesNoByte() throws Exception {
        try (Peer peer = Peer.connected()) {
            AtomicInteger written = new AtomicInteger();
            SendLog sends = new SendLog();
            Peer.Script trickle = peer.script(p -> {
                while (true) {
                    byte[] next = {(byte) ('a' + written.get() % 26)};
                    sends.send(() -> p.send(next));
                    written.incrementAndGet();
                    Thread.sleep(20);
                }
            });
            peer.client.settimeout(0.1);
            peer.client.settimeout(0.6, "t");
            long start = System.nanoTime();
            ReceiveException e = assertThrows(ReceiveException.class,
                    () -> peer.client.receive());
            long end = System.nanoTime();
            double silence = sends.longestSilence(start, end);
            if (silence >= 0.1 && (end - start) / 1e9 < 0.6) {
                throw new TimingMiss(String.format("the peer was silent for %.3f s, longer than"
                        + " the block timeout, which fired at %.3f s", silence,
                        (end - start) / 1e9));
            }
            assertOnTime(0.6, start, "the total timeout");
            assertEquals("timeout", e.getMessage());
            if (e.partialLength() < 10) {
                int inTime = sends.mayHaveEndedBefore(start + 500_000_000L);
                if (inTime < 10) {
                    throw new TimingMiss("the peer sent " + inTime + " bytes in the first 0.5 s"
                            + " instead of about 25");
                }
            }
            assertTrue(e.partialLength() >= 10, "the trickle went on: " + e.partialLength());
            peer.close();
            trickle.join();
            assertEquals(e.partialLength(), peer.client.getstats().received());
            for (int i = 0; i < e.partialLength(); i++) {
                assertEquals('a' + i % 26, e.partial()[i], "byte " + i);
            }
        }
    }

    // ---- slow reader ------------------------------------------------------------------------

    /**
     * A peer that reads 8 KiB every 10 ms: a send of 32 MiB stops at its total timeout, on
     * time, and the index it reports is exact: resuming from it, the peer gets every byte once.
     */
    @TimedTest
    void aTotalTimeoutStopsASendToASlowReaderOnTimeWithTheIndexExact() throws Exception {
        byte[] data = new byte[32 << 20];
        new Random(2).nextBytes(data);
        try (Peer peer = Peer.connected()) {
            byte[] got = new byte[data.length];
            AtomicInteger read = new AtomicInteger();
            AtomicInteger pace = new AtomicInteger(10);
            Peer.Script reader = peer.script(p -> {
                InputStream in = p.socket.getInputStream();
                while (read.get() < got.length) {
                    int n = in.read(got, read.get(), Math.min(8192, got.length - read.get()));
                    if (n < 0) {
                        return;
                    }
                    read.addAndGet(n);
                    Thread.sleep(pace.get());
                }
            });
            peer.client.settimeout(0.8, "t");
            long start = System.nanoTime();
            SendException e = assertThrows(SendException.class, () -> peer.client.send(data));
            assertOnTime(0.8, start, "the total timeout");
            assertEquals("timeout", e.getMessage());
            long last = e.lastIndex();
            assertTrue(last > 0 && last < data.length, "last index " + last);
            assertEquals(last, peer.client.getstats().sent());
            pace.set(0);
            peer.client.settimeout(-1);
            peer.client.settimeout(-1, "t");
            assertEquals(data.length, peer.client.send(data, last + 1));
            reader.join();
            assertEquals(data.length, read.get());
            assertTrue(Arrays.equals(data, got), "every byte once, in order");
        }
    }
}
