package io.loomsocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.timing.TimedTest;
import io.loomsocket.timing.Timing;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * {@code close()} and {@code Thread.interrupt()} from another thread while a receive, a send,
 * an accept or a connect waits: the waiting call ends at once (within {@link #PROMPT}), with
 * the partial or the last index exact. After a close the object says {@code "closed"}; after
 * an interrupt it is still usable and the flag stays set. Each test waits until the call is
 * really parked before it acts.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WakeUpTest {
    /** How soon a woken call must end; observed well under a millisecond. */
    private static final double PROMPT = 0.5;

    private static double secondsSince(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void assertPrompt(long start, String what) {
        Timing.assertAtMost(PROMPT, secondsSince(start), what + ", woken");
    }

    // ---- receive ----------------------------------------------------------------------------

    @TimedTest
    void closeWakesAReceiveWithItsPartial() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("par");
            BlockedCall<byte[]> line =
                    BlockedCall.start(() -> peer.client.receive("*l", LoopbackSupport.bytes(">")))
                            .awaitParked();
            long start = System.nanoTime();
            peer.client.close();
            ReceiveException e = line.failure(ReceiveException.class);
            assertPrompt(start, "the receive");
            assertEquals("closed", e.getMessage());
            assertEquals(">par", e.partialString(), "the prefix and every byte consumed");
        }
    }

    @TimedTest
    void interruptWakesAReceiveWithItsPartialAndTheSocketGoesOn() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("0123456789");
            boolean[] flag = new boolean[1];
            BlockedCall<byte[]> count = BlockedCall.start(() -> {
                try {
                    return peer.client.receive(20);
                } finally {
                    flag[0] = Thread.interrupted();
                }
            }).awaitParked();
            long start = System.nanoTime();
            count.thread().interrupt();
            ReceiveException e = count.failure(ReceiveException.class);
            assertPrompt(start, "the receive");
            assertEquals(TcpException.Kind.INTERRUPTED, e.kind());
            assertEquals("0123456789", e.partialString());
            assertTrue(flag[0], "the interrupt flag stays set");
            peer.send("abcdefghij");
            assertEquals("0123456789abcdefghij", peer.client.receiveString(20, e.partialString()));
        }
    }

    // ---- send -------------------------------------------------------------------------------

    /** The peer reads nothing until the close; then it reads exactly the bytes reported sent. */
    @TimedTest
    void closeWakesASendWithItsLastIndexExact() throws Exception {
        byte[] data = noise(64 << 20);
        try (Peer peer = Peer.connected()) {
            BlockedCall<Long> send = BlockedCall.start(() -> peer.client.send(data)).awaitParked();
            long start = System.nanoTime();
            peer.client.close();
            SendException e = send.failure(SendException.class);
            assertPrompt(start, "the send");
            assertEquals("closed", e.getMessage());
            long last = e.lastIndex();
            assertTrue(last > 0 && last < data.length, "last index " + last);
            byte[] arrived = readToTheEnd(peer.socket.getInputStream());
            assertEquals(last, arrived.length, "the peer got exactly the bytes reported sent");
            assertArrayEquals(Arrays.copyOf(data, (int) last), arrived);
        }
    }

    @TimedTest
    void interruptWakesASendAndResumingLosesNothing() throws Exception {
        byte[] data = noise(64 << 20);
        try (Peer peer = Peer.connected()) {
            BlockedCall<Long> send = BlockedCall.start(() -> peer.client.send(data)).awaitParked();
            long start = System.nanoTime();
            send.thread().interrupt();
            SendException e = send.failure(SendException.class);
            assertPrompt(start, "the send");
            assertEquals(TcpException.Kind.INTERRUPTED, e.kind());
            assertEquals("interrupted", e.getMessage());
            long last = e.lastIndex();
            assertTrue(last > 0 && last < data.length, "last index " + last);
            assertEquals(last, peer.client.getstats().sent());
            BlockedCall<byte[]> reader =
                    BlockedCall.start(() -> peer.socket.getInputStream().readNBytes(data.length));
            assertEquals(data.length, peer.client.send(data, last + 1));
            assertArrayEquals(data, reader.get(), "in order, once");
        }
    }

    // ---- accept -----------------------------------------------------------------------------

    @TimedTest
    void closeWakesAnAccept() throws Exception {
        try (TcpServer server = Tcp.bind(LoopbackSupport.V4, 0)) {
            BlockedCall<TcpClient> accept = BlockedCall.start(server::accept).awaitParked();
            long start = System.nanoTime();
            server.close();
            TcpException e = accept.failure(TcpException.class);
            assertPrompt(start, "the accept");
            assertEquals("closed", e.getMessage());
        }
    }

    @TimedTest
    void interruptWakesAnAcceptAndTheServerStillAccepts() throws Exception {
        try (TcpServer server = Tcp.bind(LoopbackSupport.V4, 0)) {
            BlockedCall<TcpClient> accept = BlockedCall.start(server::accept).awaitParked();
            long start = System.nanoTime();
            accept.thread().interrupt();
            TcpException e = accept.failure(TcpException.class);
            assertPrompt(start, "the accept");
            assertEquals(TcpException.Kind.INTERRUPTED, e.kind());
            try (TcpClient client = Tcp.connect(LoopbackSupport.V4, server.getsockname().port())) {
                server.settimeout(5);
                try (TcpClient accepted = server.accept()) {
                    client.send("x\n");
                    assertEquals("x", accepted.receiveString());
                }
            }
        }
    }

    // ---- connect ----------------------------------------------------------------------------

    /** A listener whose accept queue is full drops SYNs, so the connect waits. */
    @TimedTest
    void closeWakesAConnect() throws Exception {
        try (LoopbackSupport.FullBacklog full = new LoopbackSupport.FullBacklog();
                TcpMaster master = Tcp.tcp4()) {
            BlockedCall<TcpClient> connect =
                    BlockedCall.start(() -> master.connect(LoopbackSupport.V4, full.port))
                            .awaitParked();
            long start = System.nanoTime();
            master.close();
            TcpException e = connect.failure(TcpException.class);
            assertPrompt(start, "the connect");
            assertEquals("closed", e.getMessage());
            assertEquals(-1, master.getfd());
        }
    }

    @TimedTest
    void interruptWakesAConnect() throws Exception {
        try (LoopbackSupport.FullBacklog full = new LoopbackSupport.FullBacklog();
                TcpMaster master = Tcp.tcp4()) {
            BlockedCall<TcpClient> connect =
                    BlockedCall.start(() -> master.connect(LoopbackSupport.V4, full.port))
                            .awaitParked();
            long start = System.nanoTime();
            connect.thread().interrupt();
            TcpException e = connect.failure(TcpException.class);
            assertPrompt(start, "the connect");
            assertEquals(TcpException.Kind.INTERRUPTED, e.kind());
            assertEquals("tcp{client}", master.className());
            assertTrue(master.getfd() >= 0, "the socket is kept");
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static byte[] noise(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    private static byte[] readToTheEnd(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
