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
    private static void drip(Peer peer) {
        peer.script(p -> {
            for (char c = 'a'; c < 'j'; c++) {
                Thread.sleep(100);
                p.send(String.valueOf(c));
            }
            Thread.sleep(100);
            p.send("\n");
        });
    }

    @Test
    void bytesThatKeepComingRenewIt() throws Exception {
        try (Peer peer = Peer.connected()) {
            drip(peer);
            peer.client.setIdleTimeout(Duration.ofMillis(400));
            long start = System.nanoTime();
            assertEquals("abcdefghi", peer.client.receiveString());
            assertAbout(1.0, secondsSince(start), "a receive of a line trickled over 1 s");
        }
    }

    @Test
    void theBlockTimeoutAloneStillEndsTheCallWhereBytesKeepComing() throws Exception {
        try (Peer peer = Peer.connected()) {
            drip(peer);
            peer.client.setIdleTimeout(Duration.ofMillis(400));
            peer.client.settimeout(0.45);
            long start = System.nanoTime();
            ReceiveException e = assertThrows(ReceiveException.class, peer.client::receive);
            assertAbout(0.45, secondsSince(start), "the block timeout, from the call's start");
            assertEquals(TcpException.Limit.BLOCK, e.limit());
            assertEquals("abcd", e.partialString());
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
            drip(peer);
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
