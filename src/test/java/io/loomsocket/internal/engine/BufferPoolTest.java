package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The pool of receive arrays, each test on a pool of its own: an array given back is lent to
 * one taker only, a full pool drops what is given beyond its slots, and an empty one makes new
 * arrays.
 */
@org.junit.jupiter.api.Timeout(value = 10, unit = TimeUnit.SECONDS)
class BufferPoolTest {
    @Test
    void anEmptyPoolMakesNewArraysOfTheBufferSize() {
        BufferPool pool = new BufferPool(4);
        byte[] a = pool.take();
        byte[] b = pool.take();
        assertEquals(ReceiveBuffer.SIZE, a.length);
        assertEquals(ReceiveBuffer.SIZE, b.length);
        assertTrue(a != b, "another array");
    }

    @Test
    void anArrayGivenBackIsLentOnceOnly() {
        BufferPool pool = new BufferPool(4);
        byte[] a = new byte[ReceiveBuffer.SIZE];
        pool.give(a);
        assertTrue(a == pool.take(), "the same array");
        assertTrue(a != pool.take(), "one array in one slot, not in every free one");
    }

    @Test
    void arraysComeBackInTheOrderOfTheSlots() {
        BufferPool pool = new BufferPool(4);
        byte[] a = new byte[ReceiveBuffer.SIZE];
        byte[] b = new byte[ReceiveBuffer.SIZE];
        pool.give(a);
        pool.give(b);
        assertTrue(a == pool.take(), "the same array");
        pool.give(a);
        assertTrue(a == pool.take(), "the first slot again");
        assertTrue(b == pool.take(), "the same array");
    }

    /** The process-wide pool's size: 64 arrays kept, the 65th given back is dropped. */
    @Test
    void aFullPoolDropsWhatIsGivenBeyondItsSlots() {
        BufferPool pool = new BufferPool(BufferPool.SLOTS);
        List<byte[]> given = new ArrayList<>();
        for (int i = 0; i <= BufferPool.SLOTS; i++) {
            byte[] array = new byte[ReceiveBuffer.SIZE];
            given.add(array);
            pool.give(array);
        }
        Set<byte[]> taken = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < BufferPool.SLOTS; i++) {
            taken.add(pool.take());
        }
        assertEquals(Set.copyOf(given.subList(0, BufferPool.SLOTS)).size(), taken.size());
        assertTrue(given.subList(0, BufferPool.SLOTS).stream().allMatch(taken::contains),
                "the first 64 come back");
        byte[] next = pool.take();
        assertTrue(given.stream().noneMatch(array -> array == next), "the 65th was dropped");
    }

    /** Threads taking and giving at once never hold the same array together. */
    @Test
    void noArrayIsLentToTwoTakersAtOnce() throws InterruptedException {
        BufferPool pool = new BufferPool(2);
        Set<byte[]> lent = ConcurrentHashMap.newKeySet();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < 20_000; i++) {
                        byte[] array = pool.take();
                        assertNotNull(array);
                        assertTrue(lent.add(array), "an array lent twice");
                        lent.remove(array);
                        pool.give(array);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }
}
