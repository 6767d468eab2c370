package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.TcpException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link Timeout#start} hands an operation, and {@link Timeout.Clock#lock}: the wait for an
 * operation's lock counts against its timeouts, a block timeout of 0 never waits, and an
 * interrupt ends the wait with the thread's flag still set.
 */
@org.junit.jupiter.api.Timeout(value = 10, unit = TimeUnit.SECONDS)
class TimeoutClockTest {
    private static final long SECOND = 1_000_000_000L;

    private final ReentrantLock lock = new ReentrantLock();
    private Thread holder;
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseTheLock() throws InterruptedException {
        release.countDown();
        if (holder != null) {
            holder.join();
        }
        Thread.interrupted();
    }

    @Test
    void theSettersAreWhatTheGettersReturn() {
        Timeout timeout = new Timeout();
        assertEquals(-1, timeout.blockSeconds());
        assertEquals(-1, timeout.totalSeconds());
        timeout.setBlockSeconds(1.5);
        timeout.setTotalSeconds(2.5);
        assertEquals(1.5, timeout.blockSeconds());
        assertEquals(2.5, timeout.totalSeconds());
    }

    /** Only "nothing set" is the unlimited clock; a zero is a limit, the strictest one. */
    @Test
    void anyTimeoutSetGivesALimitedClock() {
        Timeout timeout = new Timeout();
        timeout.setBlockSeconds(0);
        Timeout.Clock blockZero = timeout.start();
        assertNotSame(Timeout.Clock.unlimited(), blockZero);
        assertTrue(blockZero.neverWaits());
        assertEquals(0, blockZero.waitNanos());

        timeout.setBlockSeconds(-1);
        timeout.setTotalSeconds(0);
        Timeout.Clock totalZero = timeout.start();
        assertNotSame(Timeout.Clock.unlimited(), totalZero);
        assertEquals(0, totalZero.waitNanos(), "a total of 0 allows no wait");

        timeout.setTotalSeconds(5);
        long wait = timeout.start().waitNanos();
        assertTrue(wait <= 5 * SECOND && wait > 4 * SECOND, "a total alone limits: " + wait);
    }

    @Test
    void theImmediateClockNeverWaits() {
        Timeout.Clock immediate = Timeout.Clock.immediate();
        assertTrue(immediate.neverWaits());
        assertEquals(0, immediate.waitNanos());
    }

    @Test
    void aFreeLockIsTakenOnceWhateverTheClock() throws IoFailure {
        for (Timeout.Clock clock : new Timeout.Clock[] {Timeout.Clock.unlimited(),
                Timeout.Clock.immediate(), new Timeout.Clock(5, -1, System.nanoTime())}) {
            clock.lock(lock);
            assertEquals(1, lock.getHoldCount(), "held once, not twice");
            lock.unlock();
            assertFalse(lock.isLocked());
        }
    }

    @Test
    void aBlockTimeoutOfZeroFailsAtOnceOnAHeldLock() throws InterruptedException {
        holdLockElsewhere();
        Timeout.Clock clock = new Timeout.Clock(0, 30, System.nanoTime());
        assertTimeout(() -> clock.lock(lock), System.nanoTime(), 0, SECOND);
        assertFalse(lock.isHeldByCurrentThread());
    }

    /** No wait allowed: "timeout" even for an interrupted thread, whose flag stays set. */
    @Test
    void aBlockTimeoutOfZeroIsATimeoutEvenWhenInterrupted() throws InterruptedException {
        holdLockElsewhere();
        Thread.currentThread().interrupt();
        assertTimeout(() -> Timeout.Clock.immediate().lock(lock), System.nanoTime(), 0, SECOND);
        assertTrue(Thread.interrupted());
    }

    @Test
    void aTimeThatHasRunOutFailsAtOnceOnAHeldLock() throws InterruptedException {
        holdLockElsewhere();
        Timeout.Clock clock = new Timeout.Clock(30, 0, System.nanoTime());
        assertTimeout(() -> clock.lock(lock), System.nanoTime(), 0, SECOND);
    }

    @Test
    void aHeldLockIsWaitedForAsLongAsTheTimeoutAllows() throws InterruptedException {
        holdLockElsewhere();
        long start = System.nanoTime();
        Timeout.Clock clock = new Timeout.Clock(0.2, -1, start);
        assertTimeout(() -> clock.lock(lock), start, SECOND / 5, 5 * SECOND);
        assertFalse(lock.isHeldByCurrentThread());
    }

    @Test
    void aLockReleasedInTimeIsTaken() throws Exception {
        for (Timeout.Clock clock : new Timeout.Clock[] {Timeout.Clock.unlimited(),
                new Timeout.Clock(5, -1, System.nanoTime())}) {
            CountDownLatch held = new CountDownLatch(1);
            Thread briefHolder = Thread.startVirtualThread(() -> {
                lock.lock();
                held.countDown();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    lock.unlock();
                }
            });
            held.await();
            clock.lock(lock);
            assertEquals(1, lock.getHoldCount());
            lock.unlock();
            briefHolder.join();
        }
    }

    @Test
    void anInterruptEndsAnUnlimitedWaitAndKeepsTheFlag() throws InterruptedException {
        holdLockElsewhere();
        Thread.currentThread().interrupt();
        IoFailure failure = assertThrows(IoFailure.class,
                () -> Timeout.Clock.unlimited().lock(lock));
        assertEquals(TcpException.Kind.INTERRUPTED, failure.kind());
        assertEquals("interrupted", failure.getMessage());
        assertTrue(Thread.interrupted(), "the flag is still set");
    }

    @Test
    void anInterruptEndsATimedWaitAndKeepsTheFlag() throws InterruptedException {
        holdLockElsewhere();
        Thread.currentThread().interrupt();
        IoFailure failure = assertThrows(IoFailure.class,
                () -> new Timeout.Clock(5, -1, System.nanoTime()).lock(lock));
        assertEquals(TcpException.Kind.INTERRUPTED, failure.kind());
        assertTrue(Thread.interrupted(), "the flag is still set");
    }

    private void holdLockElsewhere() throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        holder = Thread.startVirtualThread(() -> {
            lock.lock();
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        });
        held.await();
    }

    /**
     * {@code call} fails "timeout" at least {@code minNanos}, and at most {@code maxNanos}, after
     * {@code start}.
     */
    private static void assertTimeout(ThrowingCall call, long start, long minNanos, long maxNanos) {
        IoFailure failure = assertThrows(IoFailure.class, call::run);
        long took = System.nanoTime() - start;
        assertEquals(TcpException.Kind.TIMEOUT, failure.kind());
        assertEquals("timeout", failure.getMessage());
        assertTrue(took >= minNanos && took <= maxNanos, "failed after " + took + " ns");
    }

    private interface ThrowingCall {
        void run() throws IoFailure;
    }
}
