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
 * <p>Invariants (ARCHITECTURE.md, "The invariants of the waits"; checked by
 * {@code DeadlineTimerScheduleTest} and {@code WaitSlotScheduleTest}):
 * <ul>
 *   <li>D1. A slot's {@link WaitSlot#armedDeadline} is published (compare-and-set) before its
 *       entry is put in the map, and it is cleared only by compare-and-set: by the timer, after
 *       it removed the entry, or by {@link #disarm}. So while the slot names an entry, that entry
 *       is in the map, or is being put there by the slot's own waiter, or has been removed by
 *       the timer, which is about to clear it and wake the slot: a wait that keeps the armed
 *       entry is woken no later than that entry's deadline.</li>
 *   <li>D2. Every entry in the map is its slot's armed entry, or is about to be removed by the
 *       thread that replaced it (the slot's waiter, or {@link #disarm}): no entry outlives its
 *       place in the slot for longer than that thread's next step, so a retired slot leaves
 *       nothing behind.</li>
 *   <li>D3. Only the timer removes an entry whose deadline passed, and it wakes the slot after
 *       each one it removed.</li>
 * </ul>
 *
 * <p>The process has one timer ({@link #PROCESS}), whose daemon platform thread starts at the
 * first deadline armed; entries are kept in deadline order in a concurrent skip list, so arming
 * and cancelling cost O(log n). A timer made for a test has no thread: the test calls {@link
 * #fireDue} itself.
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

    /** The process's timer; its thread starts at the first deadline armed. */
    static final DeadlineTimer PROCESS = new DeadlineTimer(true);

    private final ConcurrentSkipListMap<Entry, WaitSlot> entries = new ConcurrentSkipListMap<>();
    private final AtomicLong sequence = new AtomicLong();
    /** Whether this timer runs a thread of its own (false: a test calls {@link #fireDue}). */
    private final boolean threaded;
    /** Held while the thread starts (package-private: a test holds it to stall a first arm). */
    final ReentrantLock startLock = new ReentrantLock();
    /** Started at the first arm of a threaded timer; never replaced once set. */
    private volatile Thread thread; // need startLock to set

    DeadlineTimer(boolean threaded) {
        this.threaded = threaded;
    }

    /** How many deadlines are armed now (visible for testing). */
    int armedCount() {
        return entries.size();
    }

    /** Whether {@code entry} is armed in this timer (visible for testing). */
    boolean holds(Entry entry) {
        return entries.containsKey(entry);
    }

    /** The timer's thread, started if needed (visible for testing). */
    Thread thread() {
        return started();
    }

    /**
     * Makes sure {@code slot}'s waiter is woken no later than {@code deadlineNanos}: keeps the
     * slot's armed entry when that is not later (D1 says it will fire), otherwise arms a new one
     * in its place. Called by the slot's waiter only, one at a time.
     */
    void arm(WaitSlot slot, long deadlineNanos) {
        while (true) {
            Entry armed = slot.armedDeadline;
            if (armed != null && armed.deadlineNanos() - deadlineNanos <= 0) {
                return;
            }
            Entry entry = new Entry(deadlineNanos, sequence.incrementAndGet());
            if (!slot.replaceArmedDeadline(armed, entry)) {
                continue; // the timer fired it or the slot was retired meanwhile: look again
            }
            entries.put(entry, slot);
            if (armed != null) {
                entries.remove(armed); // D2: replaced, so it goes
            }
            if (slot.armedDeadline != entry || !slot.isLive()) {
                // Retired (or fired) between the publication and the put: D2 for this entry.
                slot.replaceArmedDeadline(entry, null);
                entries.remove(entry);
                return;
            }
            if (threaded) {
                Thread timer = started();
                Map.Entry<Entry, WaitSlot> first = entries.firstEntry();
                if (first != null && first.getKey() == entry) {
                    LockSupport.unpark(timer); // it sleeps until a later deadline, or for ever
                }
            }
            return;
        }
    }

    /** Forgets the slot's armed entry: the slot is retired (its socket closed or moved on). */
    void disarm(WaitSlot slot) {
        Entry armed;
        while ((armed = slot.armedDeadline) != null) {
            if (slot.replaceArmedDeadline(armed, null)) {
                entries.remove(armed);
                return;
            }
        }
    }

    /**
     * Removes every entry whose deadline has passed, waking its slot (D3).
     *
     * @return the nanoseconds until the next deadline, or -1 when none is armed
     */
    long fireDue() {
        while (true) {
            Map.Entry<Entry, WaitSlot> first = entries.firstEntry();
            if (first == null) {
                return -1;
            }
            long waitNanos = first.getKey().deadlineNanos() - System.nanoTime();
            if (waitNanos > 0) {
                return waitNanos;
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

    /**
     * The thread, started now if needed. Not class initialisation: a virtual thread that waits
     * for another's first use waits on a lock, unpinned.
     */
    private Thread started() {
        Thread running = thread;
        if (running != null) {
            return running;
        }
        startLock.lock();
        try {
            if (thread == null) {
                Thread created = Thread.ofPlatform().name("loomsocket-deadlines").daemon(true)
                        .unstarted(this::run);
                created.start();
                thread = created;
            }
            return thread;
        } finally {
            startLock.unlock();
        }
    }

    private void run() {
        while (true) {
            Thread.interrupted(); // an interrupt must not turn the parks below into a spin
            long waitNanos = fireDue();
            if (waitNanos < 0) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, waitNanos);
            }
        }
    }
}
