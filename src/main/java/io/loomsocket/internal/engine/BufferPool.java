package io.loomsocket.internal.engine;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Receive buffers that no socket holds. A socket whose buffer is empty gives it back before it
 * waits for data and takes one when data has come, so that an idle connection (the usual state
 * of most connections of a server) costs no 8 KiB array; a busy one takes and gives one back
 * per wait, two compare-and-sets. A pool keeps at most its number of slots; more arrays are
 * left to the garbage collector.
 *
 * <p>Every socket uses {@link #SHARED}; tests make pools of their own, so that what one test
 * leaves in a pool cannot decide another's outcome.
 */
final class BufferPool {
    /** Enough for the receives that run at once on a machine's carriers, with room to spare. */
    static final int SLOTS = 64;

    /** The process-wide pool of the receive buffers of every socket. */
    static final BufferPool SHARED = new BufferPool(SLOTS);

    private final AtomicReferenceArray<byte[]> free;

    /** An empty pool that keeps at most {@code slots} arrays. */
    BufferPool(int slots) {
        free = new AtomicReferenceArray<>(slots);
    }

    /**
     * A buffer of {@link ReceiveBuffer#SIZE} bytes: a pooled one, or a new one. Both ends look
     * from the first slot, so the free buffers gather at the front and a busy server, whose
     * buffers are mostly lent out, finds one in the first slot or two.
     */
    byte[] take() {
        for (int slot = 0; slot < free.length(); slot++) {
            // A plain read first: an empty slot costs no write.
            if (free.get(slot) != null) {
                byte[] buffer = free.getAndSet(slot, null);
                if (buffer != null) {
                    return buffer;
                }
            }
        }
        return new byte[ReceiveBuffer.SIZE];
    }

    /** Gives {@code buffer} back; its bytes are stale and may be overwritten at any time. */
    void give(byte[] buffer) {
        for (int slot = 0; slot < free.length(); slot++) {
            if (free.get(slot) == null && free.compareAndSet(slot, null, buffer)) {
                return;
            }
        }
    }
}
