package io.loomsocket;

import static io.loomsocket.LoopbackSupport.V4;
import static io.loomsocket.LoopbackSupport.assertAbout;
import static io.loomsocket.LoopbackSupport.receiveFails;
import static io.loomsocket.LoopbackSupport.secondsSince;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's "Why not just BufferedReader and Socket": each claim about the JDK, shown on a
 * plain {@code java.net.Socket} pair, beside what loomsocket does instead. If the JDK stopped
 * behaving so, the JDK half of the test would fail.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class WhyNotBufferedReaderTest {

    /** A connected pair of plain JDK sockets on loopback. */
    private record JdkPair(Socket reader, Socket writer) implements AutoCloseable {
        static JdkPair open() throws IOException {
            try (ServerSocket listener = new ServerSocket()) {
                listener.bind(new InetSocketAddress(InetAddress.getByName(V4), 0));
                Socket writer = new Socket();
                writer.connect(listener.getLocalSocketAddress(), 5000);
                return new JdkPair(listener.accept(), writer);
            }
        }

        void send(String text) throws IOException {
            writer.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            writer.getOutputStream().flush();
        }

        BufferedReader lines() throws IOException {
            return new BufferedReader(new InputStreamReader(reader.getInputStream(),
                    StandardCharsets.UTF_8));
        }

        @Override
        public void close() throws IOException {
            reader.close();
            writer.close();
        }
    }

    @Test
    void bufferedReaderDropsThePartialLineOnAReadTimeout() throws Exception {
        try (JdkPair jdk = JdkPair.open()) {
            jdk.reader.setSoTimeout(200);
            BufferedReader lines = jdk.lines();
            jdk.send("hel");
            assertThrows(SocketTimeoutException.class, lines::readLine);
            jdk.send("lo\n");
            assertEquals("lo", lines.readLine(), "the JDK lost \"hel\"");
        }
        try (Peer peer = Peer.connected()) {
            peer.client.settimeout(0.2);
            peer.send("hel");
            ReceiveException e = receiveFails("timeout", "hel", () -> peer.client.receive());
            peer.send("lo\n");
            assertEquals("hello", LoopbackSupport.text(peer.client.receive("*l", e.partial())));
        }
    }

    @Test
    void soTimeoutIsPerReadSoATricklingPeerIsNeverCutOff() throws Exception {
        try (JdkPair jdk = JdkPair.open()) {
            jdk.reader.setSoTimeout(300);
            Thread.startVirtualThread(() -> trickle(jdk.writer, 12));
            long start = System.nanoTime();
            assertEquals("x".repeat(12), jdk.lines().readLine());
            assertTrue(secondsSince(start) > 1.0, "readLine ran " + secondsSince(start)
                    + " s, far past its 0.3 s timeout");
        }
        try (Peer peer = Peer.connected()) {
            Thread.startVirtualThread(() -> trickle(peer.socket, 12));
            peer.client.setDeadline(Duration.ofMillis(500));
            long start = System.nanoTime();
            ReceiveException e = assertThrows(ReceiveException.class, peer.client::receive);
            double took = secondsSince(start);
            assertTrue(took > 0.45 && took < 1.0, "cut off at the 0.5 s deadline, long before the"
                    + " 1.5 s line was over: " + took + " s");
            assertEquals("timeout", e.getMessage());
            assertTrue(e.partialString().matches("x{1,5}"), "the partial: " + e.partialString());
        }
    }

    /** Writes one "x" every 0.12 s, {@code count} times, then a LF. */
    private static void trickle(Socket socket, int count) {
        try {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < count; i++) {
                Thread.sleep(120);
                out.write('x');
                out.flush();
            }
            out.write('\n');
            out.flush();
        } catch (IOException | InterruptedException e) {
            // the test is over
        }
    }

    @Test
    void aJdkSocketWriteHasNoTimeout() throws Exception {
        byte[] data = new byte[64 << 20];
        try (JdkPair jdk = JdkPair.open()) {
            jdk.writer.setSoTimeout(200); // read timeouts only: the write ignores it
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            Thread writer = Thread.startVirtualThread(() -> {
                try {
                    jdk.writer.getOutputStream().write(data);
                    outcome.set(new AssertionError("the write finished"));
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            assertTrue(!writer.join(Duration.ofSeconds(1)), "the write is still blocked after 1 s");
            assertNull(outcome.get(), "no timeout came");
            writer.interrupt();
            assertTrue(writer.join(Duration.ofSeconds(5)), "the interrupt ended the write");
            assertTrue(jdk.writer.isClosed(), "by closing the socket");
        }
        try (Loopback pair = Loopback.open()) {
            pair.client().settimeout(0.2);
            long start = System.nanoTime();
            SendException e = assertThrows(SendException.class, () -> pair.client().send(data));
            assertEquals("timeout", e.getMessage());
            assertAbout(0.2, secondsSince(start), "send with block timeout 0.2");
            assertTrue(e.lastIndex() > 0 && e.lastIndex() < data.length, "last " + e.lastIndex());
            assertEquals(e.lastIndex(), pair.client().getstats().sent(), "resume from last + 1");
        }
    }

    @Test
    void readLineEndsALineAtALoneCrWhereStarLIgnoresIt() throws Exception {
        try (JdkPair jdk = JdkPair.open()) {
            jdk.send("a\rb\r\nc\n");
            BufferedReader lines = jdk.lines();
            assertEquals("a", lines.readLine());
            assertEquals("b", lines.readLine());
            assertEquals("c", lines.readLine());
        }
        try (Peer peer = Peer.connected()) {
            peer.send("a\rb\r\nc\n");
            assertEquals("ab", peer.client.receiveString());
            assertEquals("c", peer.client.receiveString());
        }
    }
}
