package io.loomsocket.internal.transport;

import static java.nio.channels.SelectionKey.OP_ACCEPT;
import static java.nio.channels.SelectionKey.OP_READ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * A timed wait arms its deadline between its look at the slot and its park, and the first arm
 * of a timer starts the timer's thread under a lock, where a thread may park: several threads
 * whose first timed waits come at once (a JDK's first sockets, when the first use's own timed
 * wait did not arm) queue there. An unpark that comes meanwhile, from the poller that found the
 * channel ready, is taken by the lock's park and not by the wait's: the wait must still see
 * that the slot is no longer its own. (Defect: it parked after the arm without looking again;
 * the poller had handed the state back to ARMED, so the deadline timer, finding no thread in
 * the state, woke nobody, and a connect under a 10 s timeout waited for ever.)
 */
@org.junit.jupiter.api.Timeout(value = 30, threadMode = ThreadMode.SEPARATE_THREAD)
class ParkInsideAWaitTest {
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** A timed wait on one slot: a receive, a send, an accept or a connect. */
    @FunctionalInterface
    private interface Wait {
        boolean await(WaitSlot slot) throws Exception;
    }

    @Test
    void readinessWhileASocketsWaitArmsItsDeadlineEndsTheWait() throws Exception {
        readinessWhileArming(slot -> slot.await(new WaitSignals(), OP_READ, WAIT_NANOS));
    }

    @Test
    void readinessWhileASelectArmsItsDeadlineEndsTheWait() throws Exception {
        readinessWhileArming(slot -> SelectWait.awaitSlots(new WaitSlot[] {slot},
                new int[] {OP_READ}, new WaitSignals[] {new WaitSignals()}, WAIT_NANOS));
    }

    private static void readinessWhileArming(Wait wait) throws Exception {
        FakeKey key = new FakeKey();
        DeadlineTimer timer = new DeadlineTimer(true);
        WaitSlot slot = new WaitSlot(key, OP_READ | OP_ACCEPT, () -> { }, timer);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread waiter;
        timer.startLock.lock();
        try {
            waiter = Thread.ofVirtual().name("waiter").start(() -> {
                try {
                    outcome.set(wait.await(slot));
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            // The waiter is the slot's, and parks in its arm, for the timer's start lock.
            until(() -> timer.startLock.hasQueuedThread(waiter)
                    && waiter.getState() == Thread.State.WAITING, "the waiter parks in its arm");
            assertEquals("WAITING", slot.stateName(), "the waiter is the slot's state");
            slot.ready(); // the poller: the channel is ready; state to ARMED, then an unpark
            // The unpark ran the waiter (a virtual thread is runnable from the unpark on),
            // and its lock, still held, parked it again: the unpark is spent.
            until(() -> waiter.getState() == Thread.State.WAITING,
                    "the waiter parks again for the lock");
        } finally {
            timer.startLock.unlock();
        }
        // The deadline (1 s) passes meanwhile: the timer then finds no thread in the state.
        waiter.join(TimeUnit.SECONDS.toMillis(10));
        if (waiter.isAlive()) {
            waiter.interrupt(); // lets it go: it looks at the state again
            waiter.join();
            fail("the wait did not end 10 s after the readiness (its deadline was 1 s): it"
                    + " parked after its arm with the state no longer its own");
        }
        assertEquals(Boolean.TRUE, outcome.get(), "the wait ends by the readiness");
        assertEquals("ARMED", slot.stateName(), "the slot is left ARMED, its interest in");
    }

    /** Waits (10 s at most) until {@code condition} holds; fails naming {@code what} if not. */
    private static void until(BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within 10 s: " + what);
            }
            Thread.sleep(1);
        }
    }
}
