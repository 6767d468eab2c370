package io.loomsocket.internal.tls;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.net.ssl.SSLEngine;

/**
 * The TLS transport's buffers that no connection holds. A connection takes its ciphertext and
 * plaintext buffers while bytes pass and gives them back as they empty, so an idle TLS
 * connection keeps none (about 50 KiB less than one that kept its three), as the plaintext path
 * gives back its receive buffer. Each pool keeps at most {@link #SLOTS} buffers.
 */
final class TlsBuffers {
    static final int SLOTS = 64;
    /**
     * Room for any record JSSE reads or writes by default (16 KiB, its header and expansion),
     * and for one record's plaintext: one size serves both, so both share a pool.
     */
    private static final int NET_SIZE = 16 * 1024 + 1024;

    /**
     * Room for the records of one write to the kernel: TlsIo.RECORDS_PER_WRITE of them and the
     * short one that may end a range, each wrapped with a whole packet's room free, so that no
     * write outgrows it (a grown array would not come back to the pool).
     */
    private static final int OUT_SIZE = (TlsIo.RECORDS_PER_WRITE + 1) * NET_SIZE;

    private static final AtomicReferenceArray<ByteBuffer> NET = new AtomicReferenceArray<>(SLOTS);
    private static final AtomicReferenceArray<byte[]> OUT = new AtomicReferenceArray<>(SLOTS);

    private TlsBuffers() {}

    /** An empty buffer for ciphertext, in write mode, at least the session's packet size. */
    static ByteBuffer takeNet(SSLEngine engine) {
        int size = engine.getSession().getPacketBufferSize();
        ByteBuffer pooled = size <= NET_SIZE ? take(NET) : null;
        return pooled != null ? pooled.clear() : ByteBuffer.allocate(Math.max(size, NET_SIZE));
    }

    /** An empty buffer for plaintext, in write mode, at least the session's application size. */
    static ByteBuffer takeApp(SSLEngine engine) {
        int size = engine.getSession().getApplicationBufferSize();
        ByteBuffer pooled = size <= NET_SIZE ? take(NET) : null;
        return pooled != null ? pooled.clear() : ByteBuffer.allocate(Math.max(size, NET_SIZE));
    }

    /** An array for outgoing ciphertext of at least {@code size} bytes. */
    static byte[] takeOut(int size) {
        if (size <= OUT_SIZE) {
            for (int slot = 0; slot < SLOTS; slot++) {
                if (OUT.get(slot) != null) {
                    byte[] array = OUT.getAndSet(slot, null);
                    if (array != null) {
                        return array;
                    }
                }
            }
        }
        return new byte[Math.max(size, OUT_SIZE)];
    }

    /** Gives {@code buffer} back to its pool (if it is of a pooled size); returns null. */
    static ByteBuffer give(ByteBuffer buffer) {
        if (buffer.capacity() == NET_SIZE && buffer.hasArray()) {
            give(NET, buffer);
        }
        return null;
    }

    /** Gives an output array back; returns null. */
    static byte[] giveOut(byte[] array) {
        if (array.length == OUT_SIZE) {
            for (int slot = 0; slot < SLOTS; slot++) {
                if (OUT.get(slot) == null && OUT.compareAndSet(slot, null, array)) {
                    break;
                }
            }
        }
        return null;
    }

    private static ByteBuffer take(AtomicReferenceArray<ByteBuffer> pool) {
        for (int slot = 0; slot < SLOTS; slot++) {
            if (pool.get(slot) != null) {
                ByteBuffer buffer = pool.getAndSet(slot, null);
                if (buffer != null) {
                    return buffer;
                }
            }
        }
        return null;
    }

    private static void give(AtomicReferenceArray<ByteBuffer> pool, ByteBuffer buffer) {
        for (int slot = 0; slot < SLOTS; slot++) {
            if (pool.get(slot) == null && pool.compareAndSet(slot, null, buffer)) {
                return;
            }
        }
    }
}
