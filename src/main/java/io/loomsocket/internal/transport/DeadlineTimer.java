package io.loomsocket.internal.transport;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

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

    private static final class Holder {
        static final DeadlineTimer INSTANCE = new DeadlineTimer();
    }

    private final ConcurrentSkipListMap<Entry, WaitSlot> entries = new ConcurrentSkipListMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Thread thread;

    private DeadlineTimer() {
        thread = new Thread(this::run, "loomsocket-deadlines");
        thread.setDaemon(true);
        thread.start();
    }

    static DeadlineTimer get() {
        return Holder.INSTANCE;
    }

    /**
     * Makes sure {@code slot} is woken no later than {@code deadlineNanos}: keeps its armed
     * entry when that is not later, otherwise arms a new one.
     */
    static void arm(WaitSlot slot, long deadlineNanos) {
        Entry armed = slot.armedDeadline;
        if (armed == null || armed.deadlineNanos() - deadlineNanos > 0) {
            slot.armedDeadline = get().schedule(slot, deadlineNanos);
        }
    }

    /** Forgets the slot's armed entry: its socket is closed. */
    static void disarm(WaitSlot slot) {
        Entry armed = slot.armedDeadline;
        if (armed != null) {
            slot.armedDeadline = null;
            get().entries.remove(armed);
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
