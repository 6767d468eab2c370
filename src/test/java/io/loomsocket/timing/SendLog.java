package io.loomsocket.timing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * When a peer's sends began and ended: the record a test needs to tell its peer's pace, which
 * load can break, from the timeout under test. A byte sent in a write that ended before a moment
 * had surely arrived by then (loopback delivers before the write returns); one whose write began
 * after it surely had not.
 */
public final class SendLog {
    /** A send to record. */
    public interface Send {
        /** Sends. */
        void run() throws Exception;
    }

    private final ReentrantLock lock = new ReentrantLock();
    /** Per send: when it began, when it ended, and 1 once it has ended. */
    private final List<long[]> sends = new ArrayList<>();

    /**
     * Runs {@code send} and records when it began (before it begins, so that a send under way
     * is known) and when it ended.
     */
    public void send(Send send) throws Exception {
        long[] record = {System.nanoTime(), 0, 0};
        lock.lock();
        try {
            sends.add(record);
        } finally {
            lock.unlock();
        }
        try {
            send.run();
        } finally {
            long ended = System.nanoTime();
            lock.lock();
            try {
                record[1] = ended;
                record[2] = 1;
            } finally {
                lock.unlock();
            }
        }
    }

    private List<long[]> copy() {
        lock.lock();
        try {
            List<long[]> out = new ArrayList<>();
            for (long[] record : sends) {
                out.add(record.clone());
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** How many sends were recorded. */
    public int count() {
        return copy().size();
    }

    /**
     * How many sends surely ended before {@code nanos}: their bytes had all arrived by then. A
     * bound from below, for a check that must not fail on what load did: a result must hold at
     * least these. Waits until {@code nanos} has passed, so that no send before it is missed.
     */
    public int endedBefore(long nanos) throws InterruptedException {
        awaitPassed(nanos);
        int n = 0;
        for (long[] send : copy()) {
            if (send[2] == 1 && send[1] - nanos < 0) {
                n++;
            }
        }
        return n;
    }

    /**
     * How many sends may have ended before {@code nanos}: those that had begun by then and have
     * ended before it or not said yet when. A bound from above, for a proof that load broke a
     * premise: fewer than expected here means that the peer surely sent fewer. Waits until
     * {@code nanos} has passed, so that no send before it is missed.
     */
    public int mayHaveEndedBefore(long nanos) throws InterruptedException {
        awaitPassed(nanos);
        int n = 0;
        for (long[] send : copy()) {
            if (send[0] - nanos < 0 && (send[2] == 0 || send[1] - nanos < 0)) {
                n++;
            }
        }
        return n;
    }

    /** Sleeps until {@code nanos} is a little way in the past. */
    private static void awaitPassed(long nanos) throws InterruptedException {
        long left = nanos + 5_000_000L - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000L, (int) (left % 1_000_000L));
        }
    }

    /**
     * How many sends had begun before {@code nanos}: no byte of a later one can have arrived by
     * then. A send under way counts as begun.
     */
    public int begunBefore(long nanos) {
        int n = 0;
        for (long[] send : copy()) {
            if (send[0] - nanos < 0) {
                n++;
            }
        }
        return n;
    }

    /** When send {@code index} (from 0) began. */
    public long began(int index) {
        return copy().get(index)[0];
    }

    /**
     * The longest stretch within [{@code from}, {@code to}] in which no recorded send was under
     * way, in seconds: a silence of the peer that nothing it sent can have broken. Sends are
     * taken in the order they were recorded, one thread's in turn.
     */
    public double longestSilence(long from, long to) {
        long quietSince = from;
        long longest = 0;
        for (long[] send : copy()) {
            long began = send[0];
            if (began - to >= 0) {
                break;
            }
            if (began - quietSince > longest) {
                longest = began - quietSince;
            }
            if (send[2] == 0) {
                return longest / 1e9; // under way until now: no silence after it began
            }
            if (send[1] - quietSince > 0) {
                quietSince = send[1];
            }
        }
        if (to - quietSince > longest) {
            longest = to - quietSince;
        }
        return longest / 1e9;
    }
}
