package io.loomsocket;

import static io.loomsocket.LoopbackSupport.V4;
import static io.loomsocket.LoopbackSupport.assertAbout;
import static io.loomsocket.LoopbackSupport.receiveFails;
import static io.loomsocket.LoopbackSupport.secondsSince;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.timing.SendLog;
import io.loomsocket.timing.TimedTest;
import io.loomsocket.timing.Timing;
import io.loomsocket.timing.TimingMiss;
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

    /**
     * A peer that sends an "x" every 0.12 s: the JDK's read timeout of 0.3 s never fires, while
     * loomsocket's deadline ends the line at 0.5 s. The peer's sends are recorded: a timeout of
     * the JDK's read comes only after a silence of 0.3 s, which only load can make (a miss).
     */
    @TimedTest
    void soTimeoutIsPerReadSoATricklingPeerIsNeverCutOff() throws Exception {
        try (JdkPair jdk = JdkPair.open()) {
            jdk.reader.setSoTimeout(300);
            SendLog sends = new SendLog();
            long start = System.nanoTime();
            Thread.startVirtualThread(() -> trickle(jdk.writer, 12, sends));
            String line;
            try {
                line = jdk.lines().readLine();
            } catch (SocketTimeoutException e) {
                double silence = sends.longestSilence(start, System.nanoTime());
                if (silence >= 0.3) {
                    throw new TimingMiss(String.format("the peer was silent for %.3f s, longer"
                            + " than the JDK's read timeout", silence));
                }
                throw e;
            }
            assertEquals("x".repeat(12), line);
            assertTrue(secondsSince(start) > 1.0, "readLine ran " + secondsSince(start)
                    + " s, far past its 0.3 s timeout");
        }
        try (Peer peer = Peer.connected()) {
            SendLog sends = new SendLog();
            Thread.startVirtualThread(() -> trickle(peer.socket, 12, sends));
            long start = System.nanoTime();
            peer.client.setDeadline(Duration.ofMillis(500));
            ReceiveException e = assertThrows(ReceiveException.class, peer.client::receive);
            long end = System.nanoTime();
            double took = (end - start) / 1e9;
            assertEquals("timeout", e.getMessage());
            Timing.assertAtLeast(0.45, took, "the line under a 0.5 s deadline");
            Timing.assertAtMost(1.0, took, "the line under a 0.5 s deadline, long before the 1.5 s"
                    + " it goes on for");
            String partial = e.partialString();
            assertTrue(partial.matches("x*") && partial.length() <= sends.begunBefore(end),
                    "the partial: " + partial);
            if (partial.isEmpty() && sends.mayHaveEndedBefore(start + 450_000_000L) == 0) {
                throw new TimingMiss("the peer's first \"x\", due at 0.12 s, came after 0.45 s");
            }
            if (partial.length() > 5) {
                throw new TimingMiss("the partial: " + partial + ", after " + took + " s: late");
            }
            assertTrue(partial.matches("x{1,5}"), "the partial: " + partial);
        }
    }

    /** Writes one "x" every 0.12 s, {@code count} times, then a LF; records the sends. */
    private static void trickle(Socket socket, int count, SendLog sends) {
        try {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < count; i++) {
                Thread.sleep(120);
                sends.send(() -> {
                    out.write('x');
                    out.flush();
                });
            }
            out.write('\n');
            out.flush();
        } catch (Exception e) {
            // the test is over
        }
    }

    @TimedTest
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
