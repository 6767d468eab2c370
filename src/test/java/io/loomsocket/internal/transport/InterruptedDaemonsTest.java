package io.loomsocket.internal.transport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The library's own threads (pollers, deadline timer) ignore interrupts: a program launcher
 * such as {@code exec:java} interrupts every daemon thread when the program ends, and a thread
 * that then loops on a park or a select that returns at once would burn a core for ever.
 */
class InterruptedDaemonsTest {
    @Test
    @Timeout(30)
    void interruptedLibraryThreadsStayIdle() throws Exception {
        List<Thread> threads = new ArrayList<>(Poller.threads());
        threads.add(DeadlineTimer.PROCESS.thread());
        Thread.sleep(200); // let start-up work settle
        long before = processCpuMillis();
        for (int round = 0; round < 10; round++) {
            for (Thread thread : threads) {
                thread.interrupt();
            }
            Thread.sleep(100);
        }
        long cpuMillis = processCpuMillis() - before;
        for (Thread thread : threads) {
            assertTrue(thread.isAlive(), thread + " died");
        }
        // A spinning thread takes about 1000 ms of CPU in this second; idle ones take a few.
        assertTrue(cpuMillis < 300, "process CPU over 1 s after interrupting " + threads
                + ": " + cpuMillis + " ms");
    }

    /** User and system CPU time of this process, from /proc/self/stat (clock ticks of 10 ms). */
    private static long processCpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }
}
