package io.loomsocket;

import static io.loomsocket.LoopbackSupport.V4;
import static io.loomsocket.LoopbackSupport.assertAbout;
import static io.loomsocket.LoopbackSupport.raises;
import static io.loomsocket.LoopbackSupport.secondsSince;
import static io.loomsocket.LoopbackSupport.sendFails;
import static io.loomsocket.LoopbackSupport.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.timing.TimedTest;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code send}: index arithmetic, the bytes on the wire, errors and chunking (reference 2.2, 3.2). */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SendTest {

    /** The verified table of 2.2 with data "abc", and what the peer must receive. */
    @ParameterizedTest(name = "send(\"abc\", {0}, {1}) -> {2}, wire \"{3}\"")
    @CsvSource(value = {
        "1, -1, 3, abc",
        "2, -1, 3, bc",
        "2, 2, 2, b",
        "-1, -1, 3, c",
        "-2, -2, 2, b",
        "0, -1, 3, abc",
        "-10, -1, 3, abc",
        "4, -1, 3, ''",
        "5, -1, 4, ''",
        "3, 1, 2, ''",
        "1, 10, 3, abc",
        "1, 0, 0, ''",
        "1, -4, 0, ''"}, emptyValue = "")
    void abcTable(long i, long j, long expected, String wire) throws Exception {
        try (Peer peer = Peer.connected()) {
            assertEquals(expected, peer.client.send("abc", i, j));
            assertEquals(wire.length(), peer.client.getstats().sent());
            peer.client.shutdown("send");
            assertEquals(wire, text(peer.readAll()));
        }
    }

    @Test
    void defaultIndicesSendEverything() throws Exception {
        try (Peer peer = Peer.connected()) {
            assertEquals(3, peer.client.send("abc"));
            assertEquals(3, peer.client.send("abc", 2));
            assertEquals(3, peer.client.send(LoopbackSupport.bytes("xyz")));
            assertEquals(3, peer.client.send(LoopbackSupport.bytes("xyz"), -2));
            assertEquals(2, peer.client.send(LoopbackSupport.bytes("xyz"), 2, 2));
            assertEquals(3, peer.client.send("123"), "send(123) sends the digits");
            peer.client.shutdown("send");
            assertEquals("abcbcxyzyzy123", text(peer.readAll()));
        }
    }

    @Test
    void emptyData() throws Exception {
        try (Peer peer = Peer.connected()) {
            assertEquals(0, peer.client.send(""));
            assertEquals(2, peer.client.send("", 3));
            assertEquals(0, peer.client.getstats().sent());
        }
    }

    @Test
    void nullDataRaises() throws Exception {
        try (Peer peer = Peer.connected()) {
            raises(IllegalArgumentException.class, "string expected, got no value",
                    () -> peer.client.send((String) null));
            raises(IllegalArgumentException.class, "string expected, got no value",
                    () -> peer.client.send((byte[]) null));
        }
    }

    @Test
    void emptyRangeSucceedsEvenOnAClosedSocket() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.close();
            assertEquals(2, peer.client.send("abc", 3, 1));
            assertEquals(4, peer.client.send("abc", 5));
            assertEquals(0, peer.client.send(""));
            assertEquals(0, peer.client.getstats().sent());
        }
    }

    @Test
    void afterALocalCloseSendFailsClosedAtTheByteBeforeTheRange() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.close();
            sendFails("closed", 1, () -> peer.client.send("zzzz", 2));
            sendFails("closed", 0, () -> peer.client.send("zzzz"));
        }
    }

    @Test
    void sendingToAClosedPeerFailsClosedAfterTheFirstChunk() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.hangUp();
            byte[] data = new byte[100_000];
            Arrays.fill(data, (byte) 'x');
            sendFails("closed", 8192, () -> peer.client.send(data));
            assertEquals(8192, peer.client.getstats().sent(),
                    "sent counts the bytes of the failed call");
            sendFails("closed", 0, () -> peer.client.send("abc"));
        }
    }

    @Test
    void repeatedSendsToAClosedPeerEventuallyFailClosed() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.hangUp();
            SendException failure = null;
            for (int round = 0; round < 10 && failure == null; round++) {
                try {
                    peer.client.send("some bytes");
                } catch (SendException e) {
                    failure = e;
                }
            }
            assertTrue(failure != null, "a send failed");
            assertEquals("closed", failure.getMessage());
        }
    }

    @Test
    void sendingToAResetPeerFailsClosed() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.reset();
            sendFails("closed", 0, () -> peer.client.send("abc"));
        }
    }

    @Test
    void sendOnAClientWhoseConnectFailedFailsClosed() throws Exception {
        try (LoopbackSupport.RefusingPort closed = new LoopbackSupport.RefusingPort();
                TcpMaster master = Tcp.tcp4()) {
            LoopbackSupport.fails("connection refused", () -> master.connect(V4, closed.port));
            TcpClient client = master.asClient();
            sendFails("closed", 0, () -> client.send("x"));
            sendFails("closed", 2, () -> client.send("abcd", 3));
        }
    }

    @Test
    void largeSendArrivesByteExact() throws Exception {
        byte[] data = LoopbackSupport.noise(2_000_003, 21);
        try (Peer peer = Peer.connected()) {
            AtomicReference<byte[]> received = new AtomicReference<>();
            Peer.Script reader = peer.script(p -> received.set(p.readAll()));
            assertEquals(data.length, peer.client.send(data));
            peer.client.shutdown("send");
            reader.join();
            assertArrayEquals(data, received.get());
            assertEquals(data.length, peer.client.getstats().sent());
        }
    }

    @TimedTest
    void blockTimeoutOnAPeerThatNeverReadsThenResumeFromTheLastIndex() throws Exception {
        byte[] data = LoopbackSupport.noise(32 * 1024 * 1024, 99);
        try (Peer peer = Peer.connected()) {
            peer.client.settimeout(0.5);
            long start = System.nanoTime();
            SendException e = org.junit.jupiter.api.Assertions.assertThrows(SendException.class,
                    () -> peer.client.send(data));
            double took = secondsSince(start);
            assertEquals("timeout", e.getMessage());
            assertAbout(0.5, took, "send of 32 MB with block timeout 0.5");
            long last = e.lastIndex();
            assertTrue(last > 0 && last < data.length, "last index " + last);
            assertEquals(last, peer.client.getstats().sent());

            AtomicReference<byte[]> received = new AtomicReference<>();
            Peer.Script reader = peer.script(p -> received.set(p.readAll()));
            peer.client.settimeout(-1);
            assertEquals(data.length, peer.client.send(data, last + 1));
            peer.client.shutdown("send");
            reader.join();
            assertEquals(data.length, received.get().length, "no byte lost or repeated");
            assertArrayEquals(data, received.get());
            assertEquals(data.length, peer.client.getstats().sent());
        }
    }

    @TimedTest
    void totalTimeoutOnAPeerThatNeverReads() throws Exception {
        byte[] data = new byte[32 * 1024 * 1024];
        try (Peer peer = Peer.connected()) {
            peer.client.settimeout(0.4, "t");
            long start = System.nanoTime();
            SendException e = org.junit.jupiter.api.Assertions.assertThrows(SendException.class,
                    () -> peer.client.send(data));
            assertAbout(0.4, secondsSince(start), "send of 32 MB with total timeout 0.4");
            assertEquals("timeout", e.getMessage());
            assertEquals(TcpException.Kind.TIMEOUT, e.kind());
            assertEquals(peer.client.getstats().sent(), e.lastIndex());
        }
    }

    @Test
    void nonBlockingSendLoopDeliversEverything() throws Exception {
        byte[] data = LoopbackSupport.noise(8_000_000, 13);
        try (Peer peer = Peer.connected()) {
            AtomicReference<byte[]> received = new AtomicReference<>();
            Peer.Script reader = peer.script(p -> {
                Thread.sleep(300);
                received.set(p.readAll());
            });
            peer.client.settimeout(0);
            long last = 0;
            int timeouts = 0;
            while (last < data.length) {
                try {
                    last = peer.client.send(data, last + 1);
                } catch (SendException e) {
                    assertEquals("timeout", e.getMessage());
                    assertTrue(e.lastIndex() >= last);
                    last = e.lastIndex();
                    timeouts++;
                    Thread.sleep(2);
                }
            }
            assertTrue(timeouts > 0, "8 MB does not fit in the socket buffers");
            peer.client.shutdown("send");
            reader.join();
            assertArrayEquals(data, received.get());
        }
    }

    @Test
    void sendOnANonClientRaises() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0)) {
            raises(IllegalStateException.class, "tcp{client} expected", server::asClient);
        }
    }
}
