package io.loomsocket;

import static io.loomsocket.LoopbackSupport.V4;
import static io.loomsocket.LoopbackSupport.assertAbout;
import static io.loomsocket.LoopbackSupport.fails;
import static io.loomsocket.LoopbackSupport.receiveFails;
import static io.loomsocket.LoopbackSupport.secondsSince;
import static io.loomsocket.LoopbackSupport.sendFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.timing.SendLog;
import io.loomsocket.timing.TimedTest;
import io.loomsocket.timing.Timing;
import io.loomsocket.timing.TimingMiss;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code setDeadline}: one limit across every call of a connection, beside block and total. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class DeadlineTest {

    /**
     * A line every 0.15 s never trips a per-call total of 0.4 s, but the deadline ends it. The
     * peer's sends are recorded: a peer that load kept silent for the total, or that sent
     * fewer lines before the deadline than it should, broke the test's premise (a miss).
     */
    @TimedTest
    void aDeadlineCutsOffAPeerThatKeepsEachCallShort() throws Exception {
        try (Peer peer = Peer.connected()) {
            SendLog sends = new SendLog();
            peer.script(p -> {
                for (int i = 0; i < 40; i++) {
                    Thread.sleep(150);
                    String line = "line " + i + "\n";
                    sends.send(() -> p.send(line));
                }
            });
            peer.client.settimeout(0.4, "t");
            long start = System.nanoTime();
            peer.client.setDeadline(Duration.ofMillis(800));
            int lines = 0;
            ReceiveException e;
            long call;
            while (true) {
                call = System.nanoTime();
                try {
                    peer.client.receiveString();
                    lines++;
                } catch (ReceiveException failure) {
                    e = failure;
                    break;
                }
            }
            long end = System.nanoTime();
            assertEquals("timeout", e.getMessage());
            double took = (end - start) / 1e9;
            double silence = sends.longestSilence(call, end);
            if (took <= 0.75 && silence >= 0.4) {
                throw new TimingMiss(String.format("the peer was silent for %.3f s, longer than"
                        + " the total timeout, which fired at %.3f s", silence, took));
            }
            Timing.assertAtLeast(0.75, took, "the receives under a 0.8 s deadline");
            Timing.assertAtMost(1.5, took, "the receives under a 0.8 s deadline");
            assertTrue(lines <= sends.begunBefore(end), lines + " lines, more than were sent");
            if (lines < 3) {
                int inTime = sends.mayHaveEndedBefore(start + 800_000_000L);
                if (inTime < 3) {
                    throw new TimingMiss("the peer sent " + inTime + " lines before the deadline"
                            + " instead of 5");
                }
            }
            assertTrue(lines >= 3, lines + " lines before the deadline");
            if (lines > 6) {
                throw new TimingMiss(lines + " lines before the 0.8 s deadline, which fired at "
                        + took + " s: late");
            }
        }
    }

    @TimedTest
    void aWaitThatWouldRunPastTheDeadlineEndsThereWithItsPartial() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("abc");
            peer.client.settimeout(5);
            peer.client.settimeout(5, "t");
            long start = System.nanoTime();
            peer.client.setDeadline(Duration.ofMillis(300));
            receiveFails("timeout", "pre-abc",
                    () -> peer.client.receive(10, LoopbackSupport.bytes("pre-")));
            assertAbout(0.3, secondsSince(start), "receive(10) under a 0.3 s deadline");
        }
    }

    @Test
    void onceTheDeadlineHasPassedBufferedDataStayUnreadAndNothingIsSent() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("ready\nmore\n");
            assertEquals("ready", peer.client.receiveString());
            assertTrue(peer.client.dirty());
            peer.client.setDeadline(Duration.ZERO);
            long received = peer.client.getstats().received();

            receiveFails("timeout", "pre",
                    () -> peer.client.receive("*l", LoopbackSupport.bytes("pre")));
            receiveFails("timeout", "", () -> peer.client.receive(0));
            receiveFails("timeout", "long", () -> peer.client.receiveString(2, "long"));
            assertThrows(ReceiveException.class, () -> peer.client.receiveSome(10));
            sendFails("timeout", 2, () -> peer.client.send("abcdef", 3));
            sendFails("timeout", 6, () -> peer.client.send("abcdef", 7));

            assertTrue(peer.client.dirty(), "nothing was consumed");
            assertEquals(received, peer.client.getstats().received());
            assertEquals(0, peer.client.getstats().sent());
            assertEquals(0, peer.available(), "nothing was sent");

            peer.client.setDeadline(null);
            assertEquals("more", peer.client.receiveString(), "cleared: the data are still there");
            assertEquals(6, peer.client.send("abcdef"));
            assertEquals("abcdef", LoopbackSupport.text(peer.read(6)));
        }
    }

    @TimedTest
    void aSendStopsAtTheDeadlineWithItsLastIndexAndResumesLosslessly() throws Exception {
        byte[] data = new byte[20_000_000];
        new Random(10).nextBytes(data);
        try (Loopback pair = Loopback.open()) {
            long start = System.nanoTime();
            pair.client().setDeadline(Duration.ofMillis(400));
            SendException e = assertThrows(SendException.class, () -> pair.client().send(data));
            assertAbout(0.4, secondsSince(start), "send under a 0.4 s deadline");
            assertEquals("timeout", e.getMessage());
            long last = e.lastIndex();
            assertTrue(last >= 1 && last < data.length, "last index " + last);

            CompletableFuture<byte[]> received = new CompletableFuture<>();
            Thread.startVirtualThread(() -> {
                try {
                    received.complete(pair.peer().receive(data.length));
                } catch (Throwable t) {
                    received.completeExceptionally(t);
                }
            });
            pair.client().setDeadline(Duration.ofSeconds(15));
            assertEquals(data.length, pair.client().send(data, last + 1));
            assertArrayEquals(data, received.get(15, TimeUnit.SECONDS));
        }
    }

    @TimedTest
    void acceptAndConnectHonourTheDeadline() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0); TcpMaster master = Tcp.tcp4()) {
            long start = System.nanoTime();
            server.setDeadline(Duration.ofMillis(250));
            fails("timeout", server::accept);
            assertAbout(0.25, secondsSince(start), "accept under a 0.25 s deadline");

            master.setDeadline(Duration.ofMillis(-1));
            fails("timeout", () -> master.connect(V4, 1));
            assertEquals("tcp{client}", master.className(), "a connect makes a client whatever");
        }
    }

    @Test
    void anAcceptedClientStartsWithoutTheServersDeadline() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0)) {
            server.setDeadline(Duration.ofSeconds(5));
            try (TcpClient client = Tcp.connect(V4, server.getsockname().port());
                    TcpClient accepted = server.accept()) {
                server.setDeadline(Duration.ZERO);
                client.send("hi\n");
                assertEquals("hi", accepted.receiveString());
            }
        }
    }

    @Test
    void aDeadlineIsPerObjectAndAnotherThreadCanMoveIt() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.setDeadline(Duration.ofSeconds(30));
            BlockedCall<String> line = BlockedCall.start(() -> peer.client.receiveString())
                    .awaitParked();
            peer.client.setDeadline(Duration.ofMillis(100));
            // The receive under way keeps the deadline it started with; the next one sees the new.
            peer.send("one\n");
            assertEquals("one", line.get());
            Thread.sleep(150);
            receiveFails("timeout", "", () -> peer.client.receive());
        }
    }
}
