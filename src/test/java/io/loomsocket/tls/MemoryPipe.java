package io.loomsocket.tls;

import io.loomsocket.internal.engine.IoFailure;
import io.loomsocket.internal.engine.Timeout;
import io.loomsocket.internal.engine.Transport;
import io.loomsocket.internal.tls.TlsIo;
import java.io.ByteArrayOutputStream;
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

/**
 * Two transports joined in memory, for {@link TlsIo}s on both: what one end writes, the other
 * reads, in any number of reads; each end logs its writes and its reads.
 */
final class MemoryPipe {
    final ReentrantLock lock = new ReentrantLock();
    final Condition arrived = lock.newCondition();
    final End clientEnd = new End(this, "client");
    final End serverEnd = new End(this, "server");

    MemoryPipe() {
        clientEnd.peer = serverEnd;
        serverEnd.peer = clientEnd;
    }

    /**
     * Runs the handshake of both ends (the server's on a virtual thread). With {@code
     * readTicket}, the client then reads the server's session ticket, so that nothing of the
     * handshake is left between the two; without, the ticket waits unread, as it does for a
     * client that only sends.
     */
    static void handshake(TlsIo client, TlsIo server, boolean readTicket) throws Exception {
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
        if (readTicket) {
            byte[] none = new byte[1];
            if (client.readNow(none, 0, 1) != 0) {
                throw new AssertionError("data after the handshake");
            }
        }
    }

    /** A TLS 1.3 client engine that trusts the test CA, for "localhost". */
    static SSLEngine clientEngine() throws Exception {
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
    static int records(byte[] bytes) {
        int count = 0;
        for (int at = 0; at + 5 <= bytes.length; count++) {
            at += 5 + ((bytes[at + 3] & 0xFF) << 8 | (bytes[at + 4] & 0xFF));
        }
        return count;
    }

    /** The lengths of the TLS records {@code bytes} holds, from their headers. */
    static List<Integer> recordLengths(byte[] bytes) {
        List<Integer> lengths = new ArrayList<>();
        for (int at = 0; at + 5 <= bytes.length; ) {
            int length = (bytes[at + 3] & 0xFF) << 8 | (bytes[at + 4] & 0xFF);
            lengths.add(length);
            at += 5 + length;
        }
        return lengths;
    }

    /**
     * One end: its incoming bytes, and a log of its writes ("W") and of its reads that took
     * bytes ("R"). Its peer may end its stream ({@link #endFromPeer}); it answers {@link
     * #peerMayHaveClosed} as the socket's own transport does (anything unread, or the end), and
     * counts {@link #flushHeld} and {@link #wakeReader} calls.
     */
    static final class End implements Transport {
        final MemoryPipe pipe;
        final String name;
        End peer;
        final ByteArrayOutputStream incoming = new ByteArrayOutputStream();
        int taken;
        boolean ended;
        boolean woken;
        int wakes;
        int flushes;
        final List<String> log = new ArrayList<>();
        final List<byte[]> writes = new ArrayList<>();

        End(MemoryPipe pipe, String name) {
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

        List<byte[]> writes() {
            pipe.lock.lock();
            try {
                return List.copyOf(writes);
            } finally {
                pipe.lock.unlock();
            }
        }

        /** Bytes that arrived and were not read yet. */
        int unread() {
            pipe.lock.lock();
            try {
                return incoming.size() - taken;
            } finally {
                pipe.lock.unlock();
            }
        }

        int flushes() {
            pipe.lock.lock();
            try {
                return flushes;
            } finally {
                pipe.lock.unlock();
            }
        }

        int wakes() {
            pipe.lock.lock();
            try {
                return wakes;
            } finally {
                pipe.lock.unlock();
            }
        }

        /** The peer ends its stream: once what arrived is read, reads say {@link #CLOSED}. */
        void endFromPeer() {
            pipe.lock.lock();
            try {
                ended = true;
                pipe.arrived.signalAll();
            } finally {
                pipe.lock.unlock();
            }
        }

        @Override
        public int read(byte[] dst, int off, int len, Timeout.Clock clock) throws IoFailure {
            return Transport.readWaiting(this, dst, off, len, clock);
        }

        @Override
        public int readNow(byte[] dst, int off, int len) {
            pipe.lock.lock();
            try {
                byte[] all = incoming.toByteArray();
                int count = Math.min(len, all.length - taken);
                if (count == 0 && ended) {
                    return CLOSED;
                }
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
                while (incoming.size() == taken && !ended && !woken) {
                    if (left <= 0) {
                        throw IoFailure.timeout();
                    }
                    left = pipe.arrived.awaitNanos(left);
                }
                woken = false;
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

        @Override
        public boolean peerMayHaveClosed() {
            pipe.lock.lock();
            try {
                return ended || incoming.size() > taken;
            } finally {
                pipe.lock.unlock();
            }
        }

        @Override
        public void flushHeld() {
            pipe.lock.lock();
            try {
                flushes++;
            } finally {
                pipe.lock.unlock();
            }
        }

        @Override
        public void wakeReader() {
            pipe.lock.lock();
            try {
                wakes++;
                woken = true;
                pipe.arrived.signalAll();
            } finally {
                pipe.lock.unlock();
            }
        }
    }
}
