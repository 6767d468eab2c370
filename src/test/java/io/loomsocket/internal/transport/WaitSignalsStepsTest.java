package io.loomsocket.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.spi.SelectorProvider;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A direction's {@link WaitSignals} step by step: a wake is seen once, it reaches a platform
 * waiter's selector while one waits (and not after), and close's wait for a platform waiter
 * returns at once when none waits, when the waiter leaves, or at its limit of a second, which
 * an interrupt of the closing thread does not shorten.
 */
class WaitSignalsStepsTest {
    private final WaitSignals signals = new WaitSignals();
    private final CountingSelector selector = new CountingSelector();

    @AfterEach
    void spendPermitAndFlag() {
        Thread.interrupted();
        Parking.clearPermit();
    }

    @Test
    void aWakeIsSeenOnce() {
        assertFalse(signals.takeWake());
        signals.wake();
        assertTrue(signals.takeWake());
        assertFalse(signals.takeWake());
    }

    @Test
    void aWakeReachesThePlatformWaitersSelectorOnlyWhileItWaits() {
        signals.wake();
        assertEquals(0, selector.wakeups.get());
        assertTrue(signals.takeWake());
        signals.platformWaitStarts(selector);
        signals.wake();
        assertEquals(1, selector.wakeups.get());
        assertTrue(signals.takeWake());
        signals.wakePlatformWaiter(); // close's: the waiter looks at its channel again
        assertEquals(2, selector.wakeups.get());
        assertFalse(signals.takeWake(), "no wake asked for");
        signals.platformWaitEnded();
        signals.wake();
        signals.wakePlatformWaiter();
        assertEquals(2, selector.wakeups.get(), "the waiter is gone");
        assertTrue(signals.takeWake());
    }

    @Test
    void theWaitForAPlatformWaiterReturnsAtOnceWhenNoneWaits() {
        Thread.currentThread().interrupt();
        long start = System.nanoTime();
        signals.awaitPlatformWaiterGone();
        assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(500));
        assertTrue(Thread.interrupted(), "the flag stays set");
    }

    /**
     * The closing thread, interrupted as it starts, waits parked (not cut short by the interrupt)
     * after waking the waiter's selector, and returns when the waiter leaves, its flag set. The
     * waiter's leaving must unpark it: without, it would return only at its limit of a second,
     * so a wait of less than 900 ms says it was unparked (tried again a few times when the
     * machine is too busy to tell).
     */
    @Test
    void theWaitForAPlatformWaiterEndsWhenTheWaiterLeaves() throws Exception {
        for (int attempt = 1; ; attempt++) {
            WaitSignals direction = new WaitSignals();
            CountingSelector waitersSelector = new CountingSelector();
            direction.platformWaitStarts(waitersSelector);
            AtomicLong waited = new AtomicLong(-1);
            AtomicInteger flagAfter = new AtomicInteger(-1);
            Thread closer = Thread.ofPlatform().daemon().name("closer").start(() -> {
                Thread.currentThread().interrupt();
                long start = System.nanoTime();
                direction.awaitPlatformWaiterGone();
                waited.set(System.nanoTime() - start);
                flagAfter.set(Thread.currentThread().isInterrupted() ? 1 : 0);
            });
            Parking.awaitParkedOrEnded(closer, direction);
            boolean parked = closer.isAlive();
            direction.platformWaitEnded();
            Parking.join(closer);
            assertTrue(waitersSelector.wakeups.get() >= 1, "the waiter's selector was woken");
            assertEquals(1, flagAfter.get(), "the closing thread's flag stays set");
            if (parked && waited.get() < TimeUnit.MILLISECONDS.toNanos(900)) {
                return;
            }
            assertTrue(attempt < 3, "the wait lasted " + waited.get() / 1_000_000
                    + " ms: the waiter's leaving did not unpark it");
        }
    }

    /**
     * A closing thread that was not interrupted is not interrupted by the wait; one interrupted
     * while it waits keeps going (parked, not spinning) and keeps its flag.
     */
    @Test
    void theWaitForAPlatformWaiterKeepsTheClosingThreadsInterruptAsItWas() throws Exception {
        for (int attempt = 1; attempt <= 3; attempt++) {
            for (boolean interruptWhileParked : new boolean[] {false, true}) {
                WaitSignals direction = new WaitSignals();
                direction.platformWaitStarts(new CountingSelector());
                AtomicInteger flagAfter = new AtomicInteger(-1);
                Thread closer = Thread.ofPlatform().daemon().name("closer").start(() -> {
                    direction.awaitPlatformWaiterGone();
                    flagAfter.set(Thread.currentThread().isInterrupted() ? 1 : 0);
                });
                Parking.awaitParkedOrEnded(closer, direction);
                if (interruptWhileParked && !closer.isAlive()) {
                    continue; // gave up (a second) before this thread saw it parked: again
                }
                if (interruptWhileParked) {
                    closer.interrupt();
                }
                direction.platformWaitEnded();
                Parking.join(closer);
                assertEquals(interruptWhileParked ? 1 : 0, flagAfter.get(), "the closing"
                        + " thread's flag, interrupted while parked: " + interruptWhileParked);
                if (interruptWhileParked) {
                    return;
                }
            }
        }
        throw new AssertionError("the closing thread was never seen parked before it gave up");
    }

    /**
     * A waiter that never leaves (its thread stuck): the closing thread gives up after a second,
     * not before even when interrupted, and a waiter's late leaving does not unpark it then.
     */
    @Test
    void theWaitForAPlatformWaiterGivesUpAfterASecond() {
        signals.platformWaitStarts(selector);
        Thread.currentThread().interrupt();
        long start = System.nanoTime();
        signals.awaitPlatformWaiterGone();
        long waited = System.nanoTime() - start;
        assertTrue(Thread.interrupted(), "the flag stays set");
        assertTrue(waited >= TimeUnit.SECONDS.toNanos(1), "gave up after " + waited + " ns");
        assertTrue(waited < TimeUnit.SECONDS.toNanos(20), "gave up after " + waited + " ns");
        assertTrue(selector.wakeups.get() >= 1);
        Parking.clearPermit();
        signals.platformWaitEnded();
        long parkStart = System.nanoTime();
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        assertTrue(System.nanoTime() - parkStart >= TimeUnit.MILLISECONDS.toNanos(50),
                "a closing thread that gave up was unparked by the waiter's late leaving");
    }

    /** A selector that counts its wakeups and selects nothing. */
    static final class CountingSelector extends Selector {
        final AtomicInteger wakeups = new AtomicInteger();

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public SelectorProvider provider() {
            return null;
        }

        @Override
        public Set<SelectionKey> keys() {
            return Set.of();
        }

        @Override
        public Set<SelectionKey> selectedKeys() {
            return Set.of();
        }

        @Override
        public int selectNow() {
            return 0;
        }

        @Override
        public int select(long timeout) {
            return 0;
        }

        @Override
        public int select() {
            return 0;
        }

        @Override
        public Selector wakeup() {
            wakeups.incrementAndGet();
            return this;
        }

        @Override
        public void close() {
        }
    }
}
