package io.loomsocket.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exploration: runs TLS echo variants interleaved and prints, per variant and round, the rate,
 * CPU and context switches per round trip, and the CPU and switches of each OS thread group.
 *
 * <p>Usage: TlsProbe connections seconds rounds kind[:timeout],...
 */
final class TlsProbe {
    private TlsProbe() {}

    public static void main(String[] args) throws Exception {
        int connections = Integer.parseInt(args[0]);
        double seconds = Double.parseDouble(args[1]);
        int rounds = Integer.parseInt(args[2]);
        List<String> variants = List.of(args[3].split(","));
        TlsBench.makeKeys();
        long sleeper = Long.getLong("probe.sleeper", 0);
        if (sleeper > 0) {
            Thread.ofPlatform().daemon(true).name("probe-sleeper").start(() -> {
                while (true) {
                    java.util.concurrent.locks.LockSupport.parkNanos(sleeper);
                }
            });
        }
        for (String v : variants) {
            String[] p = v.split(":");
            TlsBench.echo(p[0], p.length > 1, connections / 2, 1);
        }
        for (int r = 0; r < rounds; r++) {
            for (String v : variants) {
                String[] p = v.split(":");
                Map<String, long[]>[] snap = new Map[2];
                long[] when = new long[2];
                TlsBench.windowHook = start -> {
                    snap[start ? 0 : 1] = threads();
                    when[start ? 0 : 1] = System.nanoTime();
                };
                String load = Files.readString(Path.of("/proc/loadavg")).trim();
                double[] res = TlsBench.echo(p[0], p.length > 1, connections, seconds);
                double trips = res[0] * (when[1] - when[0]) / 1e9;
                Map<String, long[]> diff = new TreeMap<>();
                long vol = 0;
                long invol = 0;
                for (var e : snap[1].entrySet()) {
                    long[] b = snap[0].getOrDefault(e.getKey(), new long[6]);
                    long[] d = new long[6];
                    for (int i = 0; i < 6; i++) {
                        d[i] = e.getValue()[i] - b[i];
                    }
                    vol += d[2];
                    invol += d[3];
                    String comm = e.getKey().substring(e.getKey().indexOf(' ') + 1);
                    String group = comm.startsWith("ForkJoinPool") ? e.getKey()
                            : comm.replaceAll("[0-9]+$", "#");
                    long[] g = diff.computeIfAbsent(group, k -> new long[6]);
                    for (int i = 0; i < 6; i++) {
                        g[i] += d[i];
                    }
                }
                StringBuilder sb = new StringBuilder();
                long runq = 0;
                long run = 0;
                for (var e : diff.entrySet()) {
                    long[] g = e.getValue();
                    if ((g[0] + g[1]) * 10_000.0 / trips < 0.2 && (g[2] + g[3]) / trips < 0.01) {
                        continue;
                    }
                    sb.append(String.format(Locale.ROOT, " [%s run %.1fus runq %.1fus vol %.2f inv %.2f]",
                            e.getKey(), g[4] / 1e3 / trips, g[5] / 1e3 / trips, g[2] / trips,
                            g[3] / trips));
                    runq += g[5];
                    run += g[4];
                }
                System.out.printf(Locale.ROOT, "%-16s round %d rt/s %7.0f cpu/rt %5.1f us "
                        + "vol/rt %.2f inv/rt %.2f; JVM on CPU %.2f cores, runnable-waiting %.2f threads; load %s%n   %s%n", v, r, res[0], res[1],
                        vol / trips, invol / trips, run / (double) (when[1] - when[0]),
                        runq / (double) (when[1] - when[0]), load, sb);
            }
        }
        System.exit(0);
    }

    /** Per thread ("tid comm"): utime ticks, stime ticks, voluntary, involuntary switches. */
    private static Map<String, long[]> threads() {
        Map<String, long[]> map = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
                    long[] v = new long[6];
                    v[0] = Long.parseLong(f[11]);
                    v[1] = Long.parseLong(f[12]);
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            v[2] = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                            v[3] = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                    String[] sched = Files.readString(task.resolve("schedstat")).trim().split(" ");
                    v[4] = Long.parseLong(sched[0]);
                    v[5] = Long.parseLong(sched[1]);
                    map.put(task.getFileName() + " " + comm, v);
                } catch (IOException | RuntimeException e) {
                    // gone
                }
            }
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
        return map;
    }
}
