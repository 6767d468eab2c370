package io.loomsocket.internal.transport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.timing.TimedTest;
import io.loomsocket.timing.TimingMiss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;

/**
 * The library's own threads (pollers, deadline timer) ignore interrupts: a program launcher
 * such as {@code exec:java} interrupts every daemon thread when the program ends, and a thread
 * that then loops on a park or a select that returns at once would burn a core for ever.
 */
class InterruptedDaemonsTest {
    /**
     * A spinning thread takes about 1000 ms of CPU in a second on an idle machine, idle ones a
     * few; on a busy one, a spinning thread gets only its share. So a thread of the test spins
     * beside them as a reference, and the threads a library thread runs on (its own platform
     * threads, and the carriers of its virtual ones) must take less than half of what it took,
     * and no more than 300 ms. A reference that got under 100 ms says the machine was too busy
     * to tell: a timing miss.
     */
    @TimedTest
    @Timeout(30)
    void interruptedLibraryThreadsStayIdle() throws Exception {
        List<Thread> threads = new ArrayList<>(Poller.threads());
        threads.add(DeadlineTimer.PROCESS.thread());
        Thread.sleep(200); // let start-up work settle
        AtomicBoolean spinning = new AtomicBoolean(true);
        long[] spun = new long[1];
        Thread reference = Thread.ofPlatform().daemon().name("reference-spinner").start(() -> {
            long start = threadCpuNanos();
            while (spinning.get()) {
                Thread.onSpinWait();
            }
            spun[0] = threadCpuNanos() - start;
        });
        long before = libraryCpuNanos();
        for (int round = 0; round < 10; round++) {
            for (Thread thread : threads) {
                thread.interrupt();
            }
            Thread.sleep(100);
        }
        spinning.set(false);
        reference.join();
        long referenceMillis = spun[0] / 1_000_000;
        long cpuMillis = (libraryCpuNanos() - before) / 1_000_000;
        for (Thread thread : threads) {
            assertTrue(thread.isAlive(), thread + " died");
        }
        if (referenceMillis < 100) {
            throw new TimingMiss("a spinning thread got " + referenceMillis + " ms of CPU in the"
                    + " second: too busy a machine to tell a spinning thread from an idle one");
        }
        assertTrue(cpuMillis < Math.min(300, referenceMillis / 2), "the library's threads and"
                + " the carriers took " + cpuMillis + " ms of CPU over 1 s after interrupting "
                + threads + ", beside a spinning thread's " + referenceMillis + " ms");
    }

    /** The CPU time of the calling thread, from /proc/thread-self/schedstat. */
    private static long threadCpuNanos() {
        try {
            return Long.parseLong(Files.readString(Path.of("/proc/thread-self/schedstat"))
                    .trim().split(" ")[0]);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The CPU time of the threads a library thread runs on: the library's platform threads
     * (named loomsocket-...) and the carriers of virtual threads (ForkJoinPool-...), from each
     * thread's /proc/self/task/TID/schedstat; Linux keeps 15 characters of a thread's name.
     */
    private static long libraryCpuNanos() throws IOException {
        long sum = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    if (name.startsWith("loomsocket") || name.startsWith("ForkJoinPool")) {
                        sum += Long.parseLong(Files.readString(task.resolve("schedstat")).trim()
                                .split(" ")[0]);
                    }
                } catch (IOException e) {
                    // the thread has ended
                }
            }
        }
        return sum;
    }
}
