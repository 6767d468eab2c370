package io.loomsocket.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.internal.engine.IoFailure;
import io.loomsocket.internal.engine.Timeout;
import io.loomsocket.internal.engine.Transport;
import io.loomsocket.internal.tls.TlsIo;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * How {@link TlsIo} lays records on the transport below it, seen from an in-memory transport
 * that logs every write and every read: the records of one handshake flight go out in one
 * write, and whole records already read come up together, each unwrapped straight into a
 * receive buffer that holds them.
 */
@org.junit.jupiter.api.Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class TlsIoRecordsTest {
    /** Each flight of a TLS 1.3 handshake is one write: no two writes without a read between. */
    @Test
    void aHandshakeFlightIsOneWrite() throws Exception {
        Pipe pipe = new Pipe();
        TlsIo client = new TlsIo(clientEngine(), pipe.clientEnd);
        TlsIo server = new TlsIo(EngineFor.server(null, "TLSv1.3"), pipe.serverEnd);
        handshake(client, server);

        for (End end : List.of(pipe.clientEnd, pipe.serverEnd)) {
            List<String> log = end.log();
            assertTrue(log.contains("W") && log.contains("R"), end.name + ": " + log);
            for (int i = 1; i < log.size(); i++) {
                assertTrue(!(log.get(i).equals("W") && log.get(i - 1).equals("W")),
                        end.name + " wrote twice without reading between: " + log);
            }
        }
        // The server's first flight: ServerHello, ChangeCipherSpec and the encrypted rest, which
        // the engine wraps as three records, in the one write.
        byte[] flight = pipe.serverEnd.writes.get(0);
        assertTrue(records(flight) >= 3, "records in the server's first write: "
                + records(flight));
    }

    /**
     * Three records the peer sent, all read from the transport at once, come up in one read into
     * a buffer that holds them; into a buffer too short for a record they come up in order
     * through the plaintext buffer.
     */
    @Test
    void wholeRecordsComeUpTogetherIntoALargeBuffer() throws Exception {
        Pipe pipe = new Pipe();
        TlsIo client = new TlsIo(clientEngine(), pipe.clientEnd);
        TlsIo server = new TlsIo(EngineFor.server(null, "TLSv1.3"), pipe.serverEnd);
        handshake(client, server);

        for (String word : List.of("one", "two", "three")) {
            client.write(bytes(word), 0, word.length(), Timeout.Clock.unlimited());
        }
        byte[] big = new byte[64 * 1024];
        int count = server.read(big, 10, big.length - 10, Timeout.Clock.unlimited());
        assertEquals("onetwothree", new String(big, 10, count, StandardCharsets.ISO_8859_1));

        for (String word : List.of("four", "five", "six")) {
            client.write(bytes(word), 0, word.length(), Timeout.Clock.unlimited());
        }
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] small = new byte[2];
        while (got.size() < "fourfivesix".length()) {
            int n = server.read(small, 0, small.length, Timeout.Clock.unlimited());
            got.write(small, 0, n);
        }
        assertEquals("fourfivesix", got.toString(StandardCharsets.ISO_8859_1));

        // A full record (16 KiB of plaintext) and a short one, both read at once: one read into a
        // buffer that holds both returns both.
        byte[] full = new byte[16 * 1024];
        Arrays.fill(full, (byte) 'f');
        client.write(full, 0, full.length, Timeout.Clock.unlimited());
        client.write(bytes("0123456789"), 0, 10, Timeout.Clock.unlimited());
        byte[] into = new byte[32 * 1024];
        int both = server.read(into, 0, into.length, Timeout.Clock.unlimited());
        assertEquals(full.length + 10, both);
        assertArrayEquals(full, Arrays.copyOf(into, full.length));
        assertEquals("0123456789", new String(into, full.length, 10, StandardCharsets.ISO_8859_1));

        // Two records read at once; a short read leaves the rest of the first in the plaintext
        // buffer, and the next read, however large, returns that rest first, alone.
        client.write(bytes("abcdefghij"), 0, 10, Timeout.Clock.unlimited());
        client.write(bytes("XYZ"), 0, 3, Timeout.Clock.unlimited());
        assertEquals(4, server.read(into, 0, 4, Timeout.Clock.unlimited()));
        assertEquals("abcd", new String(into, 0, 4, StandardCharsets.ISO_8859_1));
        int rest = server.read(into, 0, into.length, Timeout.Clock.unlimited());
        assertEquals("efghij", new String(into, 0, rest, StandardCharsets.ISO_8859_1));
        int last = server.read(into, 0, into.length, Timeout.Clock.unlimited());
        assertEquals("XYZ", new String(into, 0, last, StandardCharsets.ISO_8859_1));
    }

    /**
     * The peer's last data and its close_notify, read at once, come up in one read; the stream
     * then ends, and a send after it (TLS 1.3 lets a side write on after the peer's
     * close_notify) still goes out.
     */
    @Test
    void aSendAfterTheLastDataAndTheCloseNotifyCameUpTogether() throws Exception {
        Pipe pipe = new Pipe();
        TlsIo client = new TlsIo(clientEngine(), pipe.clientEnd);
        TlsIo server = new TlsIo(EngineFor.server(null, "TLSv1.3"), pipe.serverEnd);
        handshake(client, server);

        client.write(bytes("last"), 0, 4, Timeout.Clock.unlimited());
        client.closeOutbound(TimeUnit.SECONDS.toNanos(5));
        byte[] into = new byte[8192];
        assertEquals(4, server.read(into, 0, into.length, Timeout.Clock.unlimited()));
        assertEquals(5, server.write(bytes("reply"), 0, 5, Timeout.Clock.unlimited()));
        assertEquals(Transport.CLOSED, server.read(into, 0, into.length,
                Timeout.Clock.unlimited()));
        assertEquals(5, client.read(into, 0, into.length, Timeout.Clock.unlimited()));
        assertEquals("reply", new String(into, 0, 5, StandardCharsets.ISO_8859_1));
    }

    /**
     * A send once the engine has closed its sending side (as JSSE does when a JDK peer closes a
     * TLS 1.3 connection: user_canceled, then close_notify) fails "closed" at once: the engine
     * wraps no data any more, and a write that returned 0 would have the send loop forever.
     */
    @Test
    void aSendAfterTheEngineClosedItsSendingSideFailsClosed() throws Exception {
        Pipe pipe = new Pipe();
        TlsIo client = new TlsIo(clientEngine(), pipe.clientEnd);
        TlsIo server = new TlsIo(EngineFor.server(null, "TLSv1.3"), pipe.serverEnd);
        handshake(client, server);

        server.engine().closeOutbound();
        IoFailure failure = org.junit.jupiter.api.Assertions.assertThrows(IoFailure.class,
                () -> server.write(bytes("late"), 0, 4, Timeout.Clock.unlimited()));
        assertEquals("closed", failure.getMessage());
        byte[] into = new byte[64];
        assertEquals(Transport.CLOSED, client.read(into, 0, into.length,
                Timeout.Clock.unlimited()));
    }

    private static void handshake(TlsIo client, TlsIo server) throws Exception {
        CompletableFuture<Void> serverSide = new CompletableFuture<>();
        Thread.startVirtualThread(() -> {
            try {
                server.handshake(Timeout.Clock.unlimited());
                serverSide.complete(null);
            } catch (Throwable t) {
                serverSide.completeExceptionally(t);
            }
        });
        client.handshake(Timeout.Clock.unlimited());
        serverSide.get(30, TimeUnit.SECONDS);
        // The server's session ticket, read and consumed by the client: nothing of the
        // handshake is left between the two.
        byte[] none = new byte[1];
        assertEquals(0, client.readNow(none, 0, 1));
    }

    private static SSLEngine clientEngine() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", PemForTests.chain(TestCerts.get().ca())[0]);
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        SSLEngine engine = context.createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(new String[] {"TLSv1.3"});
        return engine;
    }

    /** The count of TLS records {@code bytes} holds, from their headers. */
    private static int records(byte[] bytes) {
        int count = 0;
        for (int at = 0; at + 5 <= bytes.length; count++) {
            at += 5 + ((bytes[at + 3] & 0xFF) << 8 | (bytes[at + 4] & 0xFF));
        }
        return count;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Two ends joined in memory: what one writes, the other reads, in any number of reads. */
    private static final class Pipe {
        final ReentrantLock lock = new ReentrantLock();
        final Condition arrived = lock.newCondition();
        final End clientEnd = new End(this, "client");
        final End serverEnd = new End(this, "server");

        Pipe() {
            clientEnd.peer = serverEnd;
            serverEnd.peer = clientEnd;
        }
    }

    /**
     * One end: its incoming bytes, and a log of its writes ("W") and of its reads that took
     * bytes ("R").
     */
    private static final class End implements Transport {
        final Pipe pipe;
        final String name;
        End peer;
        final ByteArrayOutputStream incoming = new ByteArrayOutputStream();
        int taken;
        final List<String> log = new ArrayList<>();
        final List<byte[]> writes = new ArrayList<>();

        End(Pipe pipe, String name) {
            this.pipe = pipe;
            this.name = name;
        }

        List<String> log() {
            pipe.lock.lock();
            try {
                return List.copyOf(log);
            } finally {
                pipe.lock.unlock();
            }
        }

        @Override
        public int read(byte[] dst, int off, int len, Timeout.Clock clock) throws IoFailure {
            while (true) {
                int count = readNow(dst, off, len);
                if (count != 0) {
                    return count;
                }
                awaitReadable(clock);
            }
        }

        @Override
        public int readNow(byte[] dst, int off, int len) {
            pipe.lock.lock();
            try {
                byte[] all = incoming.toByteArray();
                int count = Math.min(len, all.length - taken);
                System.arraycopy(all, taken, dst, off, count);
                taken += count;
                if (count > 0) {
                    log.add("R");
                }
                return count;
            } finally {
                pipe.lock.unlock();
            }
        }

        @Override
        public void awaitReadable(Timeout.Clock clock) throws IoFailure {
            pipe.lock.lock();
            try {
                long left = TimeUnit.SECONDS.toNanos(30);
                while (incoming.size() == taken) {
                    if (left <= 0) {
                        throw IoFailure.timeout();
                    }
                    left = pipe.arrived.awaitNanos(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw IoFailure.timeout();
            } finally {
                pipe.lock.unlock();
            }
        }

        @Override
        public int write(byte[] src, int off, int len, Timeout.Clock clock) {
            pipe.lock.lock();
            try {
                log.add("W");
                writes.add(Arrays.copyOfRange(src, off, off + len));
                peer.incoming.write(src, off, len);
                pipe.arrived.signalAll();
                return len;
            } finally {
                pipe.lock.unlock();
            }
        }
    }
}
