package io.loomsocket.differential;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How long the calling OS thread has waited, ready to run, for a processor: the second field
 * of Linux's {@code /proc/thread-self/schedstat}. Over a step, it is the delay that load added
 * to the step while the thread had work to do; a thread parked or asleep does not accrue it, so
 * a wait (a timeout that fires late, or never) adds nothing to it.
 *
 * <p>On a virtual thread, the OS thread is its carrier: a virtual thread that parks may come
 * back on another carrier, whose count says nothing about the step, so a step that ends on
 * another carrier than it began on counts no delay. One that parks and comes back on the same
 * carrier counts what the carrier waited for meanwhile, running other threads: load too, which
 * also delays the peers and timers the step waits for.
 */
final class RunQueueDelay {
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");

    /** The thread and its count at one moment; null fields when Linux does not say. */
    record Mark(String thread, long waitedNanos) {
        /** The delay since {@code start} on the same thread, in seconds; 0 when unknown. */
        double secondsSince(Mark start) {
            if (thread == null || !thread.equals(start.thread) || waitedNanos < start.waitedNanos) {
                return 0;
            }
            return (waitedNanos - start.waitedNanos) / 1e9;
        }
    }

    private RunQueueDelay() {}

    /** The calling OS thread's count now. */
    static Mark now() {
        try {
            String thread = Files.readSymbolicLink(THREAD_SELF).toString();
            String[] fields = Files.readString(THREAD_SELF.resolve("schedstat"),
                    StandardCharsets.US_ASCII).trim().split(" ");
            return new Mark(thread, Long.parseLong(fields[1]));
        } catch (IOException | RuntimeException e) {
            return new Mark(null, 0);
        }
    }
}
