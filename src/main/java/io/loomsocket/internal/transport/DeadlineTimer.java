package io.loomsocket.internal.transport;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes waiting sockets at their deadlines, so that a wait with a timeout can block without a
 * timer of its own. A timed park or a timed {@code select} arms a JDK timer on every wait, which
 * costs a hand-off to the JDK's timer thread each time; here a slot keeps one armed deadline
 * across waits, and the next wait reuses it while it is not later than its own deadline. A
 * deadline that passes early for the current wait just wakes it to re-arm. So a socket that
 * waits many times within one timeout costs the timer one entry, not one per wait.
 *
 * <p>One daemon platform thread for the process, started at the first timed wait; entries are
 * kept in deadline order in a concurrent skip list, so arming and cancelling cost O(log n).
 */
final class DeadlineTimer {
    /** One armed deadline of one slot. Ordered by deadline (as nanoTime differences), then age. */
    record Entry(long deadlineNanos, long sequence) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry other) {
            long byDeadline = deadlineNanos - other.deadlineNanos;
            if (byDeadline != 0) {
                return byDeadline < 0 ? -1 : 1;
            }
            return Long.compare(sequence, other.sequence);
        }
    }

    private static final ReentrantLock START_LOCK = new ReentrantLock();
    /** Started at the first timed wait; never replaced once set. */
    private static volatile DeadlineTimer instance; // need START_LOCK to set

    private final ConcurrentSkipListMap<Entry, WaitSlot> entries = new ConcurrentSkipListMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Thread thread;

    private DeadlineTimer() {
        thread = Thread.ofPlatform().name("loomsocket-deadlines").daemon(true).unstarted(this::run);
        thread.start();
    }

    /**
     * The timer, started now if needed. Not class initialisation: a virtual thread that waits
     * for another's first use waits on a lock, unpinned.
     */
    static DeadlineTimer get() {
        DeadlineTimer timer = instance;
        if (timer != null) {
            return timer;
        }
        START_LOCK.lock();
        try {
            if (instance == null) {
                instance = new DeadlineTimer();
            }
            return instance;
        } finally {
            START_LOCK.unlock();
        }
    }

    /** How many deadlines are armed now, in the whole process (visible for testing). */
    static int armedCount() {
        DeadlineTimer timer = instance;
        return timer == null ? 0 : timer.entries.size();
    }

    /** The timer's thread, started if needed (visible for testing). */
    static Thread thread() {
        return get().thread;
    }

    /**
     * Makes sure {@code slot} is woken no later than {@code deadlineNanos}: keeps its armed
     * entry when that is not later, otherwise arms a new one.
     */
    static void arm(WaitSlot slot, long deadlineNanos) {
        Entry armed = slot.armedDeadline;
        if (armed == null || armed.deadlineNanos() - deadlineNanos > 0) {
            DeadlineTimer timer = get();
            slot.armedDeadline = timer.schedule(slot, deadlineNanos);
            if (armed != null) {
                timer.entries.remove(armed); // no entry may outlive its place in the slot
            }
        }
    }

    /** Forgets the slot's armed entry: its socket is closed. */
    static void disarm(WaitSlot slot) {
        Entry armed = slot.armedDeadline;
        DeadlineTimer timer = instance;
        if (armed != null && timer != null) {
            slot.armedDeadline = null;
            timer.entries.remove(armed);
        }
    }

    private Entry schedule(WaitSlot slot, long deadlineNanos) {
        Entry entry = new Entry(deadlineNanos, sequence.incrementAndGet());
        entries.put(entry, slot);
        if (entries.firstKey() == entry) {
            LockSupport.unpark(thread); // it sleeps until a later deadline
        }
        return entry;
    }

    private void run() {
        while (true) {
            Thread.interrupted(); // an interrupt must not turn the parks below into a spin
            Map.Entry<Entry, WaitSlot> first = entries.firstEntry();
            if (first == null) {
                LockSupport.park(this);
                continue;
            }
            long waitNanos = first.getKey().deadlineNanos() - System.nanoTime();
            if (waitNanos > 0) {
                LockSupport.parkNanos(this, waitNanos);
                continue;
            }
            if (entries.remove(first.getKey()) != null) {
                try {
                    first.getValue().deadlinePassed(first.getKey());
                } catch (RuntimeException | Error e) {
                    // One failed wake-up (a selector closing under it) must not stop every
                    // other socket's timeouts; the waiter it was for is woken by close.
                }
            }
        }
    }
}
