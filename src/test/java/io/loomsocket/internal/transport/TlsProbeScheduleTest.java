package io.loomsocket.internal.transport;

import static io.loomsocket.internal.transport.Schedules.assertFinds;
import static io.loomsocket.internal.transport.Schedules.check;
import static io.loomsocket.internal.transport.Schedules.concurrently;
import static io.loomsocket.internal.transport.Schedules.explore;

import io.loomsocket.internal.engine.IoFailure;
import io.loomsocket.internal.engine.Timeout;
import io.loomsocket.internal.engine.Transport;
import io.loomsocket.internal.tls.TlsIo;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * Every interleaving (up to {@link Schedules#INVOCATIONS}) of a receive over the TLS layer, a
 * record arriving, and a send asking whether the peer may have closed, which reads the record
 * on into the layer: the receive returns the record's plaintext and never sleeps on the kernel
 * while the record waits in the layer (the invariant in {@link TlsIo}'s class comment). The
 * kernel here is an in-memory transport whose wait, like the socket's, returns for bytes, or
 * for a wake asked before or during it.
 */
class TlsProbeScheduleTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.ISO_8859_1);

    // Shared by the scenario's threads: static, so that the model checker sees every access.
    private static Kernel kernel;
    private static TlsIo tls;
    private static volatile byte[] received;

    private static void newConnection(boolean wakes) throws Exception {
        kernel = new Kernel(wakes);
        tls = new TlsIo(new PlainRecordEngine(), kernel);
        tls.handshake(Timeout.Clock.unlimited()); // none: the engine needs no handshake
        received = null;
    }

    private static void receive() throws Exception {
        byte[] into = new byte[64];
        int count = tls.read(into, 0, into.length, Timeout.Clock.unlimited());
        received = Arrays.copyOf(into, count);
    }

    /**
     * Puts buffers in the TLS layer's pools before the checker runs: a pool's search of its
     * slots, empty, is a loop of 64 reads of shared memory, which the checker takes for a
     * thread spinning on a lock.
     */
    private static void fillThePools() throws Exception {
        newConnection(true);
        kernel.arrive(PlainRecordEngine.record(HELLO));
        byte[] into = new byte[2]; // shorter than the record: through the plaintext buffer too
        int got = 0;
        while (got < HELLO.length) {
            got += tls.read(into, 0, into.length, Timeout.Clock.unlimited());
        }
    }

    @Test
    void aReceiveIsNeverLeftAsleepOnARecordASendReadOn() throws Exception {
        fillThePools();
        explore(() -> {
            newConnection(true);
            concurrently(() -> receive(),
                    () -> kernel.arrive(PlainRecordEngine.record(HELLO)),
                    () -> tls.peerMayHaveClosed());
            check(Arrays.equals(HELLO, received), () -> "received " + Arrays.toString(received));
        });
    }

    /** The same without the wake: the checker finds the receive asleep with its record read. */
    @Test
    void canaryWithoutTheWakeTheReceiveSleeps() throws Exception {
        fillThePools();
        String found = assertFinds(() -> {
            newConnection(false);
            concurrently(() -> receive(),
                    () -> kernel.arrive(PlainRecordEngine.record(HELLO)),
                    () -> tls.peerMayHaveClosed());
            check(Arrays.equals(HELLO, received), () -> "received " + Arrays.toString(received));
        }).getMessage();
        // Asleep in the kernel's wait, after the send read the record on, not anywhere else.
        check(found.contains("hung") && found.contains("awaitUninterruptibly")
                && found.contains("peerMayHaveClosed"), () -> found);
    }

    /**
     * The kernel's side of one connection, in memory: bytes that arrived and were not read; a
     * wait that returns for bytes or for a wake (kept for the next wait when nobody waits, as
     * the socket's wake is); the probe of {@code ChannelIo}, which reports anything unread.
     */
    private static final class Kernel implements Transport {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private final boolean wakes;
        private byte[] unread = new byte[0];
        private boolean woken;

        Kernel(boolean wakes) {
            this.wakes = wakes;
        }

        void arrive(byte[] bytes) {
            lock.lock();
            try {
                byte[] more = Arrays.copyOf(unread, unread.length + bytes.length);
                System.arraycopy(bytes, 0, more, unread.length, bytes.length);
                unread = more;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public int read(byte[] dst, int off, int len, Timeout.Clock clock) throws IoFailure {
            return Transport.readWaiting(this, dst, off, len, clock);
        }

        @Override
        public int readNow(byte[] dst, int off, int len) {
            lock.lock();
            try {
                int count = Math.min(len, unread.length);
                System.arraycopy(unread, 0, dst, off, count);
                unread = Arrays.copyOfRange(unread, count, unread.length);
                return count;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void awaitReadable(Timeout.Clock clock) {
            lock.lock();
            try {
                while (unread.length == 0 && !woken) {
                    changed.awaitUninterruptibly();
                }
                woken = false;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public int write(byte[] src, int off, int len, Timeout.Clock clock) {
            return len;
        }

        @Override
        public boolean peerMayHaveClosed() {
            lock.lock();
            try {
                return unread.length > 0;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void wakeReader() {
            if (!wakes) {
                return;
            }
            lock.lock();
            try {
                woken = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
