package io.loomsocket;

import static io.loomsocket.LoopbackSupport.assertAbout;
import static io.loomsocket.LoopbackSupport.bytes;
import static io.loomsocket.LoopbackSupport.secondsSince;
import static io.loomsocket.LoopbackSupport.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.timing.SendLog;
import io.loomsocket.timing.TimedTest;
import io.loomsocket.timing.TimingMiss;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code inputStream()} and {@code outputStream()}: the JDK's stream classes over a client. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StreamViewsTest {

    @Test
    void aReadReturnsWhatHasArrivedAndMinusOneAtTheEnd() throws Exception {
        try (Peer peer = Peer.connected()) {
            InputStream in = peer.client.inputStream();
            assertSame(in, peer.client.inputStream(), "one stream per client");
            peer.send("abc");
            byte[] b = new byte[100];
            assertEquals(3, in.read(b, 10, 90));
            assertEquals("abc", text(java.util.Arrays.copyOfRange(b, 10, 13)));
            assertEquals(0, in.read(b, 0, 0), "a length of 0 returns at once");
            peer.send("d").finish();
            assertEquals('d', in.read());
            assertEquals(-1, in.read());
            assertEquals(-1, in.read(b));
            assertEquals(0, in.readAllBytes().length, "an ended stream reads as empty, not closed");
        }
    }

    @TimedTest
    void aReadTimeoutIsASocketTimeoutExceptionAndLosesNothing() throws Exception {
        try (Peer peer = Peer.connected()) {
            InputStream in = peer.client.inputStream();
            peer.client.settimeout(0.2);
            long start = System.nanoTime();
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, in::read);
            assertAbout(0.2, secondsSince(start), "read with block timeout 0.2");
            assertEquals(0, e.bytesTransferred);
            ReceiveException cause = assertInstanceOf(ReceiveException.class, e.getCause());
            assertEquals("timeout", cause.getMessage());
            peer.send("x");
            assertEquals('x', in.read());
        }
    }

    @Test
    void bytesThatLoopingReadsTookBeforeATimeoutAreReadAgainNext() throws Exception {
        try (Peer peer = Peer.connected()) {
            InputStream in = peer.client.inputStream();
            peer.client.settimeout(0.2);
            peer.send("1234");
            assertThrows(SocketTimeoutException.class, () -> in.readNBytes(10));
            assertEquals(4, in.available(), "the four bytes are held for the next read");
            peer.send("56");
            assertThrows(SocketTimeoutException.class, () -> in.readAllBytes());
            byte[] into = new byte[10];
            assertThrows(SocketTimeoutException.class, () -> in.readNBytes(into, 0, 10));
            assertThrows(SocketTimeoutException.class, () -> in.skip(10));
            peer.send("7890");
            assertEquals("1234567890", text(in.readNBytes(10)), "nothing lost, nothing repeated");
            assertEquals(10, peer.client.getstats().received());
        }
    }

    /**
     * A byte every 50 ms, read one at a time: the deadline ends the reads at 0.4 s, after about
     * 8 bytes. Fewer than 5 is a miss when the record shows why: the peer sent fewer before the
     * deadline, or a read came 0.15 s or more after the one before (a starved thread).
     */
    @TimedTest
    void theDeadlineLimitsStreamReadsAcrossCalls() throws Exception {
        try (Peer peer = Peer.connected()) {
            SendLog sends = new SendLog();
            peer.script(p -> {
                for (int i = 0; i < 50; i++) {
                    sends.send(() -> p.send("x"));
                    Thread.sleep(50);
                }
            });
            InputStream in = peer.client.inputStream();
            peer.client.settimeout(1);
            long start = System.nanoTime();
            peer.client.setDeadline(Duration.ofMillis(400));
            int got = 0;
            long last = start;
            long longestGap = 0;
            try {
                while (true) {
                    got += in.read() < 0 ? 0 : 1;
                    long now = System.nanoTime();
                    longestGap = Math.max(longestGap, now - last);
                    last = now;
                }
            } catch (SocketTimeoutException e) {
                assertAbout(0.4, secondsSince(start), "reads under a 0.4 s deadline");
            }
            assertTrue(got <= sends.begunBefore(System.nanoTime()), got + " bytes, more than sent");
            int sentInTime = sends.mayHaveEndedBefore(start + 400_000_000L);
            if (got < 5 && (sentInTime < 5 || longestGap >= 150_000_000L)) {
                throw new TimingMiss(String.format("%d bytes read: the peer sent %d before the"
                        + " deadline, and the reads came up to %.3f s apart", got, sentInTime,
                        longestGap / 1e9));
            }
            if (got > 10) {
                throw new TimingMiss(got + " bytes read: the deadline fired late");
            }
            assertTrue(got >= 5, got + " bytes");
        }
    }

    @Test
    void aResetAndALocalCloseAreClosedNotTheEnd() throws Exception {
        try (Peer peer = Peer.connected()) {
            InputStream in = peer.client.inputStream();
            peer.send("kept");
            Thread.sleep(50);
            assertEquals('k', in.read());
            peer.client.close();
            assertEquals("ept", text(in.readNBytes(3)), "the buffer outlives close (LuaSocket)");
            TcpException e = assertThrows(TcpException.class, in::read);
            assertEquals("closed", e.getMessage());
        }
        try (Peer peer = Peer.connected()) {
            peer.reset();
            TcpException e = assertThrows(TcpException.class,
                    () -> peer.client.inputStream().read());
            assertEquals("closed", e.getMessage());
        }
    }

    @Test
    void closingTheInputShutsReceivingOnlyAndLaterReadsFail() throws Exception {
        try (Peer peer = Peer.connected()) {
            InputStream in = peer.client.inputStream();
            in.close();
            in.close();
            TcpException e = assertThrows(TcpException.class, in::read);
            assertEquals("closed", e.getMessage());
            LoopbackSupport.receiveFails("closed", "", () -> peer.client.receiveSome(1));
            peer.client.send("still sending\n");
            assertEquals("still sending\n", text(peer.read(14)));
        }
    }

    @Test
    void aWriteTimeoutSaysHowMuchWasWrittenAndResumingLosesNothing() throws Exception {
        byte[] data = LoopbackSupport.noise(20_000_000, 77);
        try (Loopback pair = Loopback.open()) {
            OutputStream out = pair.client().outputStream();
            assertSame(out, pair.client().outputStream());
            pair.client().settimeout(0.3);
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class,
                    () -> out.write(data, 1000, data.length - 1000));
            int written = e.bytesTransferred;
            assertTrue(written > 0 && written < data.length - 1000, written + " bytes written");
            assertEquals(written, pair.client().getstats().sent());
            assertInstanceOf(SendException.class, e.getCause());

            CompletableFuture<byte[]> received = new CompletableFuture<>();
            Thread.startVirtualThread(() -> {
                try {
                    received.complete(pair.peer().receive(data.length - 1000));
                } catch (Throwable t) {
                    received.completeExceptionally(t);
                }
            });
            pair.client().settimeout(-1);
            out.write(data, 1000 + written, data.length - 1000 - written);
            out.flush();
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 1000, data.length),
                    received.get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void closingTheOutputEndsThePeersStreamAndTheClientStillReceives() throws Exception {
        try (Peer peer = Peer.connected()) {
            OutputStream out = peer.client.outputStream();
            out.write(bytes("last words"));
            out.close();
            out.close();
            assertEquals("last words", text(peer.readAll()), "the peer saw the end of the stream");
            SendException e = assertThrows(SendException.class, () -> out.write(1));
            assertEquals("closed", e.getMessage());
            peer.send("reply\n");
            assertEquals("reply", peer.client.receiveString());
        }
    }

    @Test
    void theJdksStreamClassesWorkOnTop() throws Exception {
        try (Loopback pair = Loopback.open()) {
            pair.client().settimeout(5);
            pair.peer().settimeout(5);
            try (DataOutputStream data = new DataOutputStream(pair.client().outputStream())) {
                data.writeInt(0x12345678);
                data.writeUTF("héllo");
            }
            DataInputStream in = new DataInputStream(pair.peer().inputStream());
            assertEquals(0x12345678, in.readInt());
            assertEquals("héllo", in.readUTF());
            assertEquals(-1, in.read(), "closing the DataOutputStream ended the stream");

            pair.peer().send("line one\r\nline two\n");
            BufferedReader lines = new BufferedReader(new InputStreamReader(
                    pair.client().inputStream(), StandardCharsets.UTF_8));
            assertEquals("line one", lines.readLine());
            assertEquals("line two", lines.readLine());
        }
        try (Loopback pair = Loopback.open()) {
            byte[] text = "compressible ".repeat(10_000).getBytes(StandardCharsets.UTF_8);
            Thread writer = Thread.startVirtualThread(() -> {
                try (GZIPOutputStream gzip = new GZIPOutputStream(pair.client().outputStream())) {
                    gzip.write(text);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (GZIPInputStream gunzip = new GZIPInputStream(pair.peer().inputStream())) {
                assertArrayEquals(text, gunzip.readAllBytes());
            }
            writer.join();
            assertTrue(pair.client().getstats().sent() < text.length / 10, "it was compressed");
        }
    }
}
