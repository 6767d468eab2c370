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
}
