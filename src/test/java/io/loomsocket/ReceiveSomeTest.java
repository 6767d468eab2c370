package io.loomsocket;

import static io.loomsocket.LoopbackSupport.assertAbout;
import static io.loomsocket.LoopbackSupport.raises;
import static io.loomsocket.LoopbackSupport.receiveFails;
import static io.loomsocket.LoopbackSupport.secondsSince;
import static io.loomsocket.LoopbackSupport.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.timing.TimedTest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code receiveSome(max)}: whatever has arrived, up to max bytes (not in LuaSocket). */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ReceiveSomeTest {

    @Test
    void itReturnsWhatHasArrivedWithoutWaitingForMax() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("abc");
            assertEquals("abc", text(peer.client.receiveSome(100)));
        }
    }

    /** With no timeout at all, a wait here would never end: the test's limit would catch it. */
    @Test
    void bufferedBytesComeBackWithoutWaitingEvenWithNoTimeout() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("line\nrest");
            Thread.sleep(50);
            assertEquals("line", peer.client.receiveString());
            assertEquals("re", text(peer.client.receiveSome(2)));
            assertEquals("st", text(peer.client.receiveSome(8192)));
        }
    }

    @TimedTest
    void withNothingBufferedItWaitsUnderTheTimeoutsAndConsumesNothingOnFailure() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.settimeout(0.2);
            long start = System.nanoTime();
            receiveFails("timeout", "", () -> peer.client.receiveSome(10));
            assertAbout(0.2, secondsSince(start), "receiveSome with block timeout 0.2");
            peer.client.settimeout(-1);
            peer.script(p -> {
                Thread.sleep(200);
                p.send("late");
            });
            assertEquals("late", text(peer.client.receiveSome(10)));
        }
    }

    @Test
    void theEndOfTheStreamIsClosedAndBadMaxesAreRefused() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("x").finish();
            assertEquals("x", text(peer.client.receiveSome(10)));
            receiveFails("closed", "", () -> peer.client.receiveSome(10));
            raises(IllegalArgumentException.class, "receiveSome needs a max of at least 1: 0",
                    () -> peer.client.receiveSome(0));
            raises(IllegalStateException.class, "tcp{client} expected",
                    () -> Tcp.tcp().asClient().receiveSome(1));
        }
    }

    @Test
    void atMostOneBufferComesBackPerCall() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send(new byte[100_000]);
            Thread.sleep(50);
            int got = peer.client.receiveSome(1_000_000).length;
            assertTrue(got >= 1 && got <= 8192, got + " bytes");
        }
    }

    /** A relay, the use it is for: copy whatever arrives, and pass the end of stream on. */
    @Test
    void aRelayCopiesAStreamExactlyAndPassesTheEndOn() throws Exception {
        byte[] data = LoopbackSupport.noise(1_000_000, 35);
        try (Loopback in = Loopback.open(); Loopback out = Loopback.open()) {
            CompletableFuture<Long> relayed = new CompletableFuture<>();
            Thread.startVirtualThread(() -> {
                long total = 0;
                try {
                    while (true) {
                        total = out.client().send(in.peer().receiveSome(8192));
                    }
                } catch (ReceiveException e) {
                    out.client().shutdown("send"); // "closed": the source has finished
                    relayed.complete(out.client().getstats().sent());
                } catch (Throwable t) {
                    relayed.completeExceptionally(t);
                }
            });
            Thread.startVirtualThread(() -> {
                try {
                    in.client().send(data);
                    in.client().shutdown("send");
                } catch (TcpException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertArrayEquals(data, out.peer().receive("*a"));
            assertEquals(data.length, relayed.get(10, TimeUnit.SECONDS));
        }
    }
}
