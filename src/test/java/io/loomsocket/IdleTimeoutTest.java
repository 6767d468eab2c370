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

import io.loomsocket.timing.TimedTest;
import io.loomsocket.timing.TimingMiss;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code setIdleTimeout}: a limit on each wait that moving bytes renew, as {@code setSoTimeout}
 * gives, beside the block and total timeouts and the deadline; for receive, send, accept and
 * connect.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IdleTimeoutTest {

    /**
     * "abcdefghi\n", a byte every 0.1 s from {@code first}, on a schedule (a late byte does not
     * push the next one back); returns when each byte went, in nanoseconds (0: not yet).
     */
    private static AtomicLongArray drip(Peer peer, long first) {
        AtomicLongArray sentAt = new AtomicLongArray(10);
        peer.script(p -> {
            for (int i = 1; i <= 10; i++) {
                LoopbackSupport.sleepUntil(first + i * 100_000_000L);
                p.send(i < 10 ? String.valueOf((char) ('a' + i - 1)) : "\n");
                sentAt.set(i - 1, System.nanoTime());
            }
        });
        return sentAt;
    }

    /**
     * A miss when the peer left a gap of {@code limitNanos} or more between {@code from} and
     * its sends (or until now, for a send not made yet): then a busy machine, not the socket,
     * let the idle timeout run out.
     */
    private static void missIfThePeerPaused(AtomicLongArray sentAt, long from, long limitNanos) {
        long previous = from;
        for (int i = 0; i < sentAt.length(); i++) {
            long at = sentAt.get(i) == 0 ? System.nanoTime() : sentAt.get(i);
            if (at - previous >= limitNanos) {
                throw new TimingMiss("the peer's send " + (i + 1) + " came "
                        + (at - previous) / 1_000_000 + " ms after the one before");
            }
            if (sentAt.get(i) == 0) {
                return;
            }
            previous = at;
        }
    }

    @TimedTest
    void bytesThatKeepComingRenewIt() throws Exception {
        try (Peer peer = Peer.connected()) {
            long start = System.nanoTime();
            AtomicLongArray sentAt = drip(peer, start);
            peer.client.setIdleTimeout(Duration.ofMillis(400));
            String line;
            try {
                line = peer.client.receiveString();
            } catch (ReceiveException e) {
                missIfThePeerPaused(sentAt, start, 400_000_000L);
                throw e;
            }
            assertEquals("abcdefghi", line);
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
    @TimedTest
    void theBlockTimeoutAloneStillEndsTheCallWhereBytesKeepComing() throws Exception {
        try (Peer peer = Peer.connected()) {
            long first = System.nanoTime();
            AtomicLongArray sentAt = new AtomicLongArray(4);
            peer.script(p -> {
                for (int i = 1; i <= 4; i++) {
                    LoopbackSupport.sleepUntil(first + i * 500_000_000L);
                    p.send("abcd".substring(i - 1, i));
                    sentAt.set(i - 1, System.nanoTime());
                }
            });
            peer.client.setIdleTimeout(Duration.ofMillis(750));
            peer.client.settimeout(1.25);
            ReceiveException e = assertThrows(ReceiveException.class, peer.client::receive);
            assertAbout(1.25, secondsSince(first), "the block timeout, from the call's start");
            assertEquals(TcpException.Limit.BLOCK, e.limit());
            long second = sentAt.get(1);
            if (e.partialString().equals("a") && (second == 0 || second - first > 1_200_000_000L)) {
                throw new TimingMiss("the peer's second byte, due at 1.0 s, went at "
                        + (second == 0 ? "no time yet" : (second - first) / 1_000_000 + " ms"));
            }
            assertEquals("ab", e.partialString(), "the bytes of 0.5 s and 1.0 s");
        }
    }

    @TimedTest
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

    @TimedTest
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

    @TimedTest
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

    @TimedTest
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
            try {
                assertEquals(total, peer.client.send(data));
            } catch (SendException e) {
                if (e.limit() == TcpException.Limit.IDLE && secondsSince(start) > 0.6) {
                    throw new TimingMiss("the reader, due every 0.15 s, paused 0.4 s at "
                            + secondsSince(start) + " s: " + e);
                }
                throw e;
            }
            assertTrue(secondsSince(start) > 0.6, "longer than the idle time in all, each wait"
                    + " shorter: " + secondsSince(start));
            reader.join();
            assertArrayEquals(data, got[0]);
        }
    }

    @TimedTest
    void anAcceptWaitsNoLongerThanIt() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0)) {
            server.setIdleTimeout(Duration.ofMillis(200));
            long start = System.nanoTime();
            TcpException e = fails("timeout", server::accept);
            assertAbout(0.2, secondsSince(start), "an accept with nobody connecting");
            assertEquals(TcpException.Limit.IDLE, e.limit());
        }
    }

    @TimedTest
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

    @TimedTest
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
