package io.loomsocket;

import static io.loomsocket.LoopbackSupport.V4;
import static io.loomsocket.LoopbackSupport.assertAbout;
import static io.loomsocket.LoopbackSupport.fails;
import static io.loomsocket.LoopbackSupport.receiveFails;
import static io.loomsocket.LoopbackSupport.secondsSince;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code setIdleTimeout}: a limit on each wait that moving bytes renew, as {@code setSoTimeout}
 * gives, beside the block and total timeouts and the deadline; for receive, send, accept and
 * connect.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IdleTimeoutTest {

    /** A byte every 0.1 s, the LF after 1 s. */
    /**
     * "abcdefghi\n", a byte every 0.1 s from {@code first}, on a schedule (a late byte does not
     * push the next one back).
     */
    private static void drip(Peer peer, long first) {
        peer.script(p -> {
            for (int i = 1; i <= 10; i++) {
                LoopbackSupport.sleepUntil(first + i * 100_000_000L);
                p.send(i < 10 ? String.valueOf((char) ('a' + i - 1)) : "\n");
            }
        });
    }

    @Test
    void bytesThatKeepComingRenewIt() throws Exception {
        try (Peer peer = Peer.connected()) {
            long start = System.nanoTime();
            drip(peer, start);
            peer.client.setIdleTimeout(Duration.ofMillis(400));
            assertEquals("abcdefghi", peer.client.receiveString());
            assertTrue(secondsSince(start) >= 0.95, "a receive of a line trickled over 1 s took "
                    + secondsSince(start) + " s");
        }
    }

    /**
     * A byte every 0.5 s, on a schedule from one start (a late byte does not push the next one
     * back): the idle timeout of 0.75 s never runs out, the block timeout of 1.25 s does, each
     * at least 0.25 s from any byte's arrival, so that a busy machine does not change the
     * partial.
     */
    @Test
    void theBlockTimeoutAloneStillEndsTheCallWhereBytesKeepComing() throws Exception {
        try (Peer peer = Peer.connected()) {
            long first = System.nanoTime();
            peer.script(p -> {
                for (int i = 1; i <= 4; i++) {
                    LoopbackSupport.sleepUntil(first + i * 500_000_000L);
                    p.send("abcd".substring(i - 1, i));
                }
            });
            peer.client.setIdleTimeout(Duration.ofMillis(750));
            peer.client.settimeout(1.25);
            ReceiveException e = assertThrows(ReceiveException.class, peer.client::receive);
            assertAbout(1.25, secondsSince(first), "the block timeout, from the call's start");
            assertEquals(TcpException.Limit.BLOCK, e.limit());
            assertEquals("ab", e.partialString(), "the bytes of 0.5 s and 1.0 s");
        }
    }

    @Test
    void silenceEndsTheWaitWithThePartial() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("par");
            peer.client.setIdleTimeout(Duration.ofMillis(300));
            long start = System.nanoTime();
            ReceiveException e = receiveFails("timeout", "par", () -> peer.client.receive());
            assertAbout(0.3, secondsSince(start), "a receive the peer left silent");
            assertEquals(TcpException.Limit.IDLE, e.limit());
            peer.send("tial\n");
            assertEquals("partial", LoopbackSupport.text(peer.client.receive("*l", e.partial())));
        }
    }

    @Test
    void itRunsFromTheLastByteNotFromTheCallsStart() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.script(p -> {
                Thread.sleep(250);
                p.send("a");
            });
            peer.client.setIdleTimeout(Duration.ofMillis(400));
            long start = System.nanoTime();
            receiveFails("timeout", "a", () -> peer.client.receive());
            assertAbout(0.65, secondsSince(start), "0.25 s to the byte, then 0.4 s of silence");
        }
    }

    @Test
    void theDeadlineStillEndsItAndSaysSo() throws Exception {
        try (Peer peer = Peer.connected()) {
            drip(peer, System.nanoTime());
            peer.client.setIdleTimeout(Duration.ofMillis(400));
            peer.client.setDeadline(Duration.ofMillis(350));
            long start = System.nanoTime();
            ReceiveException e = assertThrows(ReceiveException.class, peer.client::receive);
            assertAbout(0.35, secondsSince(start), "the deadline, before the line's end");
            assertEquals(TcpException.Limit.DEADLINE, e.limit());
        }
    }

    @Test
    void aSendToAPeerThatStopsReadingEndsAfterTheIdleTimeWithTheLastIndex() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.setoption("send-buffer-size", 65536);
            peer.client.setIdleTimeout(Duration.ofMillis(300));
            long start = System.nanoTime();
            SendException e = assertThrows(SendException.class,
                    () -> peer.client.send(new byte[16 << 20]));
            assertTrue(secondsSince(start) >= 0.29, "at least the idle time: " + secondsSince(start));
            assertEquals(TcpException.Limit.IDLE, e.limit());
            assertTrue(e.lastIndex() > 0 && e.lastIndex() < 16 << 20, "last " + e.lastIndex());
            assertEquals(e.lastIndex(), peer.client.getstats().sent());
        }
    }

    @Test
    void aSendToAReaderThatKeepsReadingSlowlyGoesOn() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.setoption("send-buffer-size", 65536);
            peer.socket.setReceiveBufferSize(65536);
            int total = 512 << 10;
            byte[] data = new byte[total];
            for (int i = 0; i < total; i++) {
                data[i] = (byte) i;
            }
            byte[][] got = new byte[1][];
            Peer.Script reader = peer.script(p -> {
                InputStream in = p.socket.getInputStream();
                java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
                byte[] piece = new byte[64 << 10];
                while (all.size() < total) {
                    Thread.sleep(150); // a burst of reading every 0.15 s
                    int n = in.read(piece);
                    if (n < 0) {
                        break;
                    }
                    all.write(piece, 0, n);
                }
                got[0] = all.toByteArray();
            });
            peer.client.setIdleTimeout(Duration.ofMillis(400));
            long start = System.nanoTime();
            assertEquals(total, peer.client.send(data));
            assertTrue(secondsSince(start) > 0.6, "longer than the idle time in all, each wait"
                    + " shorter: " + secondsSince(start));
            reader.join();
            assertArrayEquals(data, got[0]);
        }
    }

    @Test
    void anAcceptWaitsNoLongerThanIt() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0)) {
            server.setIdleTimeout(Duration.ofMillis(200));
            long start = System.nanoTime();
            TcpException e = fails("timeout", server::accept);
            assertAbout(0.2, secondsSince(start), "an accept with nobody connecting");
            assertEquals(TcpException.Limit.IDLE, e.limit());
        }
    }

    @Test
    void aConnectWaitsNoLongerThanIt() throws Exception {
        try (LoopbackSupport.FullBacklog full = new LoopbackSupport.FullBacklog();
                TcpMaster master = Tcp.tcp4()) {
            master.setIdleTimeout(Duration.ofMillis(200));
            long start = System.nanoTime();
            TcpException e = fails("timeout", () -> master.connect(V4, full.port));
            assertAbout(0.2, secondsSince(start), "a connect whose SYN the full queue dropped");
            assertEquals(TcpException.Limit.IDLE, e.limit());
        }
    }

    @Test
    void theStreamViewTimesOutAsASocketTimeoutException() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.setIdleTimeout(Duration.ofMillis(200));
            InputStream in = peer.client.inputStream();
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, in::read);
            assertEquals(TcpException.Limit.IDLE, ((TcpException) e.getCause()).limit());
            peer.send("x");
            assertEquals('x', in.read());
        }
    }

    @Test
    void anAcceptedClientStartsWithout() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0)) {
            server.setIdleTimeout(Duration.ofSeconds(5));
            try (TcpClient client = Tcp.connect(V4, server.getsockname().port());
                    TcpClient accepted = server.accept()) {
                accepted.settimeout(0.3, "t");
                long start = System.nanoTime();
                TcpException e = fails("timeout", accepted::receive);
                assertEquals(TcpException.Limit.TOTAL, e.limit(), "no idle timeout inherited");
                assertAbout(0.3, secondsSince(start), "the total timeout alone");
            }
        }
    }

    @Test
    void nullRemovesIt() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.setIdleTimeout(Duration.ofMillis(100));
            peer.client.setIdleTimeout(null);
            peer.client.settimeout(0.3);
            TcpException e = fails("timeout", peer.client::receive);
            assertEquals(TcpException.Limit.BLOCK, e.limit());
        }
    }
}
