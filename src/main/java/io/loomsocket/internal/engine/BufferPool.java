package io.loomsocket.internal.engine;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Receive buffers that no socket holds. A socket whose buffer is empty gives it back before it
 * waits for data and takes one when data has come, so that an idle connection (the usual state
 * of most connections of a server) costs no 8 KiB array; a busy one takes and gives one back
 * per wait, two compare-and-sets. The pool keeps at most {@link #SLOTS} arrays; more are left
 * to the garbage collector.
 */
final class BufferPool {
    /** Enough for the receives that run at once on a machine's carriers, with room to spare. */
    static final int SLOTS = 64;

    private static final AtomicReferenceArray<byte[]> FREE = new AtomicReferenceArray<>(SLOTS);

    private BufferPool() {}

    /**
     * A buffer of {@link ReceiveBuffer#SIZE} bytes: a pooled one, or a new one. Both ends look
     * from the first slot, so the free buffers gather at the front and a busy server, whose
     * buffers are mostly lent out, finds one in the first slot or two.
     */
    static byte[] take() {
        for (int slot = 0; slot < SLOTS; slot++) {
            if (FREE.get(slot) != null) {
                byte[] buffer = FREE.getAndSet(slot, null);
                if (buffer != null) {
                    return buffer;
                }
            }
        }
        return new byte[ReceiveBuffer.SIZE];
    }

    /** Gives {@code buffer} back; its bytes are stale and may be overwritten at any time. */
    static void give(byte[] buffer) {
        for (int slot = 0; slot < SLOTS; slot++) {
            if (FREE.get(slot) == null && FREE.compareAndSet(slot, null, buffer)) {
                return;
            }
        }
    }
}
