package io.loomsocket.soak;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** CPU time of a process (Linux's {@code /proc}) and of this JVM's Java threads. */
final class CpuTime {
    /** Clock ticks per second ({@code USER_HZ}): 100 on every Linux build this runs on. */
    private static final long TICKS_PER_SECOND = 100;

    private CpuTime() {}

    /**
     * The CPU time of process {@code pid}, every thread of it (the JIT's and the collector's
     * too), in nanoseconds at the resolution of a clock tick (10 ms).
     */
    static long ofProcess(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // After "pid (comm) " come proc(5)'s fields from the third on: utime and stime are
        // its 14th and 15th.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }

    /**
     * The CPU time of each of this JVM's live Java threads, in nanoseconds, by thread id: the
     * carriers of the virtual threads (and so the virtual poller), the platform threads, the
     * library's timer and poller threads, but not the JIT compilers or the collector, whose
     * work comes and goes with what ran before.
     */
    static Map<Long, Long> ofJavaThreads() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> times = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long nanos = threads.getThreadCpuTime(id);
            if (nanos >= 0) {
                times.put(id, nanos);
            }
        }
        return times;
    }

    /**
     * The CPU time the Java threads used since {@code before} ({@link #ofJavaThreads}): each
     * live thread's gain, a thread started since counted whole. A thread that ended meanwhile
     * (an idle carrier retires after a while) takes its time with it.
     */
    static long ofJavaThreadsSince(Map<Long, Long> before) {
        long total = 0;
        for (Map.Entry<Long, Long> now : ofJavaThreads().entrySet()) {
            total += Math.max(0, now.getValue() - before.getOrDefault(now.getKey(), 0L));
        }
        return total;
    }

    /** The calling platform thread's CPU time in nanoseconds. */
    static long ofThisThread() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** The machine's load average over 1, 5 and 15 minutes, as {@code /proc/loadavg} has it. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
