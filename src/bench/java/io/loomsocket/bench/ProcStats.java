package io.loomsocket.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Linux process counters read from /proc: context switches, CPU time, descriptors, RSS. */
final class ProcStats {
    private ProcStats() {}

    /** Voluntary plus involuntary context switches of every live thread of {@code pid}. */
    static long contextSwitches(long pid) {
        long total = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")
                                || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            total += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException e) {
                    // The thread ended while we were reading; its switches are lost either way.
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return total;
    }

    /** This JVM's CPU time (all threads), in nanoseconds. */
    static long ownCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }

    /** Open descriptors of this process. */
    static long ownDescriptors() {
        try (var stream = Files.list(Path.of("/proc/self/fd"))) {
            return stream.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** This process's resident set size in bytes. */
    static long ownRssBytes() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
            for (String line : lines) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return -1;
    }

    /** CPU time (utime + stime) of {@code pid} in nanoseconds, at clock-tick resolution. */
    static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // Fields after "pid (comm) ": utime and stime are fields 14 and 15 of proc(5).
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * (1_000_000_000L / TICKS);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Clock ticks per second (USER_HZ); 100 on every Linux build this runs on. */
    private static final long TICKS = 100;

    /** VmRSS of {@code pid} in bytes, or -1. */
    static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return -1;
    }

    /** Open descriptors of {@code pid}, or -1. */
    static long descriptors(long pid) {
        try (var stream = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return stream.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** This process's descriptor limits as "soft/hard", from /proc/self/limits. */
    static String ownDescriptorLimit() {
        long[] limit = descriptorLimit("self");
        return limit == null ? "unknown" : limit[0] + "/" + limit[1];
    }

    /** The soft and hard descriptor limits of a process ("self" or a pid), or null. */
    static long[] descriptorLimit(String pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                    return new long[] {parseLimit(f[0]), parseLimit(f[1])};
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return null;
    }

    private static long parseLimit(String value) {
        return value.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(value);
    }
}
