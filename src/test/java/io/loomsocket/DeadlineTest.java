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

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code setDeadline}: one limit across every call of a connection, beside block and total. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class DeadlineTest {

    /** A line every 0.15 s never trips a per-call total of 0.4 s, but the deadline ends it. */
    @Test
    void aDeadlineCutsOffAPeerThatKeepsEachCallShort() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.script(p -> {
                for (int i = 0; i < 40; i++) {
                    Thread.sleep(150);
                    p.send("line " + i + "\n");
                }
            });
            peer.client.settimeout(0.4, "t");
            long start = System.nanoTime();
            peer.client.setDeadline(Duration.ofMillis(800));
            int lines = 0;
            ReceiveException e;
            while (true) {
                try {
                    peer.client.receiveString();
                    lines++;
                } catch (ReceiveException failure) {
                    e = failure;
                    break;
                }
            }
            assertEquals("timeout", e.getMessage());
            double took = secondsSince(start);
            assertTrue(took > 0.75 && took < 1.5, "cut off at the 0.8 s deadline, long before the"
                    + " 6 s the lines go on for: " + took + " s");
            assertTrue(lines >= 3 && lines <= 6, lines + " lines before the deadline");
        }
    }

    @Test
    void aWaitThatWouldRunPastTheDeadlineEndsThereWithItsPartial() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("abc");
            peer.client.settimeout(5);
            peer.client.settimeout(5, "t");
            peer.client.setDeadline(Duration.ofMillis(300));
            long start = System.nanoTime();
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

    @Test
    void aSendStopsAtTheDeadlineWithItsLastIndexAndResumesLosslessly() throws Exception {
        byte[] data = new byte[20_000_000];
        new Random(10).nextBytes(data);
        try (Loopback pair = Loopback.open()) {
            pair.client().setDeadline(Duration.ofMillis(400));
            long start = System.nanoTime();
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

    @Test
    void acceptAndConnectHonourTheDeadline() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0); TcpMaster master = Tcp.tcp4()) {
            server.setDeadline(Duration.ofMillis(250));
            long start = System.nanoTime();
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
            CompletableFuture<ReceiveException> failed = new CompletableFuture<>();
            Thread.startVirtualThread(() -> {
                try {
                    peer.client.receive();
                    failed.complete(null);
                } catch (ReceiveException e) {
                    failed.complete(e);
                }
            });
            Thread.sleep(200);
            peer.client.setDeadline(Duration.ofMillis(100));
            // The receive under way keeps the deadline it started with; the next one sees the new.
            peer.send("one\n");
            assertEquals(null, failed.get(5, TimeUnit.SECONDS));
            Thread.sleep(150);
            receiveFails("timeout", "", () -> peer.client.receive());
        }
    }
}
