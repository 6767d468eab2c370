package io.loomsocket.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The echo server benchmark: every server mode of {@link EchoServer} against the same {@link
 * LoadGen}, at each connection count, in interleaved runs (run 1 of every mode, then run 2...),
 * each run in fresh processes; then loomsocket alone at the largest count under a lower
 * descriptor limit.
 */
final class Echo {
    private Echo() {}

    static final String LOOM = "loomsocket";
    static final String JDK = "jdk-vt";
    static final String NETTY = "netty";
    static final String TIMEOUT = "-timeout";

    static String run(Config cfg) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int connections : cfg.echoConnections) {
            b.append(runSize(cfg, connections));
        }
        if (cfg.echoLimitCheck > 0 && !cfg.echoConnections.isEmpty()) {
            b.append(limitCheck(cfg));
        }
        return b.toString();
    }

    static String caseName(int connections) {
        return "echo-" + (connections % 1000 == 0 ? connections / 1000 + "k" : connections);
    }

    /** Round trips per connection: about {@code cfg.echoTrips * 1000} in all, 10 at least. */
    static int trips(Config cfg, int connections) {
        return Math.max(10, (int) ((long) cfg.echoTrips * 1000 / connections));
    }

    private static String runSize(Config cfg, int connections) throws Exception {
        int trips = trips(cfg, connections);
        int warmup = Math.max(5, trips / 2);
        Map<String, List<EchoRun.Sample>> samples = new LinkedHashMap<>();
        String loadStart = Main.loadAverage();
        for (int round = 0; round < cfg.echoRounds; round++) {
            for (String mode : cfg.echoModes) {
                progress(cfg, caseName(connections) + " " + mode + " run " + (round + 1));
                EchoRun.Sample s = runOrReport(cfg, mode, connections, warmup, trips, 0);
                samples.computeIfAbsent(mode, k -> new ArrayList<>()).add(s);
            }
        }
        String loadEnd = Main.loadAverage();
        String name = caseName(connections);
        EchoRun.Sample any = samples.values().iterator().next().get(0);
        Ratios.note(name, "descriptor limits (soft/hard): server " + any.serverLimit()
                + ", load generator " + any.loadLimit());
        ratios(name, samples);
        return table(cfg, connections, warmup, trips, samples, loadStart, loadEnd);
    }

    /** One run; a run whose processes misbehave is a failed sample, not the end of the rest. */
    private static EchoRun.Sample runOrReport(Config cfg, String mode, int connections,
            int warmup, int trips, long fdLimit) throws InterruptedException {
        try {
            return EchoRun.run(cfg, mode, connections, warmup, trips, fdLimit);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return EchoRun.Sample.broken(e.toString(), Main.loadAverage1());
        }
    }

    static void progress(Config cfg, String what) {
        System.err.println("[" + Main.loadAverage() + "] " + what);
    }

    private static void ratios(String name, Map<String, List<EchoRun.Sample>> samples) {
        for (String suffix : List.of("", TIMEOUT)) {
            List<EchoRun.Sample> loom = samples.get(LOOM + suffix);
            if (loom == null) {
                continue;
            }
            for (String baseline : List.of(JDK, NETTY)) {
                List<EchoRun.Sample> base = samples.get(baseline + suffix);
                if (base == null) {
                    continue;
                }
                Ratios.ratio(name + suffix, baseline,
                        median(loom, EchoRun.Sample::roundTripsPerSecond),
                        median(base, EchoRun.Sample::roundTripsPerSecond));
                Ratios.costRatio(name + suffix + "-cpu", baseline,
                        median(loom, EchoRun.Sample::cpuMicrosPerTrip),
                        median(base, EchoRun.Sample::cpuMicrosPerTrip));
            }
            for (EchoRun.Sample s : loom) {
                if (!s.ok()) {
                    Ratios.note(name + suffix, LOOM + suffix + " failed: " + s.failure());
                }
            }
        }
        List<EchoRun.Sample> loom = samples.get(LOOM);
        List<EchoRun.Sample> jdk = samples.get(JDK);
        if (loom != null && jdk != null) {
            // Descriptors and memory come from failed runs too: per connection the server held.
            Ratios.costRatio(name + "-fds", JDK, medianAll(loom, EchoRun.Sample::fdsPerConnection),
                    medianAll(jdk, EchoRun.Sample::fdsPerConnection));
            Ratios.costRatio(name + "-rss", JDK, medianAll(loom, EchoRun.Sample::rssPerConnection),
                    medianAll(jdk, EchoRun.Sample::rssPerConnection));
            Ratios.costRatio(name + "-idle-rss", JDK,
                    median(loom, EchoRun.Sample::idleRssPerConnection),
                    median(jdk, EchoRun.Sample::idleRssPerConnection));
        }
        if (loom != null) {
            double fds = medianAll(loom, EchoRun.Sample::fdsPerConnection);
            Ratios.check(name + "-one-fd-per-connection", LOOM, fds < 1.05,
                    String.format(Locale.ROOT, "%.2f descriptors per connection", fds));
            double idle = median(loom, EchoRun.Sample::idleRssPerConnection);
            Ratios.check(name + "-idle-rss-16k", LOOM, idle <= 16 * 1024, Double.isNaN(idle)
                    ? "no run passed"
                    : String.format(Locale.ROOT, "%.1f KiB RSS per idle connection", idle / 1024));
        }
    }

    /** loomsocket at the largest count, the server under a lower descriptor limit. */
    private static String limitCheck(Config cfg) throws Exception {
        int connections = cfg.echoConnections.get(cfg.echoConnections.size() - 1);
        int trips = 10;
        progress(cfg, caseName(connections) + " " + LOOM + " under a limit of "
                + cfg.echoLimitCheck);
        EchoRun.Sample s = runOrReport(cfg, LOOM, connections, 5, trips, cfg.echoLimitCheck);
        String what = caseName(connections) + "-limit-" + cfg.echoLimitCheck;
        Ratios.check(what, LOOM, s.ok(), s.ok()
                ? String.format(Locale.ROOT, "%,.0f round trips/s, %.2f descriptors per connection,"
                        + " server limit %s", s.roundTripsPerSecond(), s.fdsPerConnection(),
                        s.serverLimit())
                : s.failure() + "; server limit " + s.serverLimit());
        return String.format(Locale.ROOT, "%n#### %s: loomsocket, %,d connections, the server"
                + " started with a descriptor limit of %d (soft and hard)%n%n%s%n", what,
                connections, cfg.echoLimitCheck, s.ok() ? String.format(Locale.ROOT,
                        "Served: %,.0f round trips/s, %.2f descriptors per connection, server"
                        + " limit %s.", s.roundTripsPerSecond(), s.fdsPerConnection(),
                        s.serverLimit()) : "Failed: " + s.failure());
    }

    private static String table(Config cfg, int connections, int warmup, int trips,
            Map<String, List<EchoRun.Sample>> samples, String loadStart, String loadEnd) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "### Echo server, %,d connections%n%n", connections));
        b.append(String.format(Locale.ROOT, "Server JVM (-Xmx2g) on CPU %s, load generator JVM"
                + " (one NIO selector thread) on CPU %s; each connection does 1 round trip while"
                + " connecting, %d warm-up and %d measured round trips of a 32-byte checksummed"
                + " line (%,d measured in all); %d run(s) per server, interleaved, each in fresh"
                + " processes. Load average at the start %s, at the end %s.%n%n",
                cfg.serverCpus == null ? "any" : cfg.serverCpus,
                cfg.clientCpus == null ? "any" : cfg.clientCpus, warmup, trips,
                (long) trips * connections, cfg.echoRounds, loadStart, loadEnd));
        b.append("| server | round trips/s median (min–max) | vs jdk-vt | server µs CPU/RT"
                + " (min–max) | p50 µs | p99 µs | connect s | RSS at end MiB | RSS/conn KiB |"
                + " fds/conn | idle RSS/conn KiB | idle heap/conn KiB | runs ok | load at start"
                + " (1 min) |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        double jdk = samples.containsKey(JDK)
                ? median(samples.get(JDK), EchoRun.Sample::roundTripsPerSecond) : Double.NaN;
        double jdkTimeout = samples.containsKey(JDK + TIMEOUT)
                ? median(samples.get(JDK + TIMEOUT), EchoRun.Sample::roundTripsPerSecond)
                : Double.NaN;
        List<String> failures = new ArrayList<>();
        String serverLimit = "";
        String loadLimit = "";
        for (var e : samples.entrySet()) {
            List<EchoRun.Sample> list = e.getValue();
            long ok = list.stream().filter(EchoRun.Sample::ok).count();
            double rate = median(list, EchoRun.Sample::roundTripsPerSecond);
            double ref = e.getKey().endsWith(TIMEOUT) ? jdkTimeout : jdk;
            b.append("| ").append(e.getKey())
                    .append(" | ").append(withRange(list, EchoRun.Sample::roundTripsPerSecond, 1))
                    .append(" | ").append(fmt(rate / ref, 2))
                    .append(" | ").append(withRange(list, EchoRun.Sample::cpuMicrosPerTrip, 1))
                    .append(" | ").append(fmt(median(list, EchoRun.Sample::p50Micros), 0))
                    .append(" | ").append(fmt(median(list, EchoRun.Sample::p99Micros), 0))
                    .append(" | ").append(fmt(median(list, EchoRun.Sample::connectSeconds), 2))
                    .append(" | ").append(fmt(medianAll(list, s -> s.rssEndBytes() / 1048576.0), 0))
                    .append(" | ").append(fmt(medianAll(list, s -> s.rssPerConnection() / 1024), 1))
                    .append(" | ").append(fmt(medianAll(list, EchoRun.Sample::fdsPerConnection), 2))
                    .append(" | ").append(fmt(median(list, s -> s.idleRssPerConnection() / 1024),
                            1))
                    .append(" | ").append(fmt(median(list, s -> s.idleHeapPerConnection() / 1024),
                            1))
                    .append(" | ").append(ok).append('/').append(list.size())
                    .append(" | ").append(range(list, EchoRun.Sample::loadAverage))
                    .append(" |\n");
            for (EchoRun.Sample s : list) {
                if (!s.ok()) {
                    failures.add(e.getKey() + ": " + s.failure());
                }
                serverLimit = s.serverLimit();
                loadLimit = s.loadLimit();
            }
        }
        b.append(String.format(Locale.ROOT, "%nDescriptor limits (soft/hard): server %s, load"
                + " generator %s. RSS/conn: (VmRSS at the end - VmRSS before any connection) /"
                + " connections; fds/conn likewise from /proc/PID/fd. Idle: heap after"
                + " System.gc() and VmRSS, connections %d to %,d, each after one round trip and"
                + " waiting in its receive. A failed run's RSS and descriptors are per connection"
                + " the server held when it failed.%n", serverLimit, loadLimit,
                Math.min(cfg.echoBase, connections / 10), connections));
        for (String f : failures) {
            b.append("\n- failed: ").append(f).append('\n');
        }
        return b.append('\n').toString();
    }

    /** The median over the runs that passed; NaN when none did. */
    static double median(List<EchoRun.Sample> list, ToDoubleFunction<EchoRun.Sample> f) {
        return Stats.median(list.stream().filter(EchoRun.Sample::ok).mapToDouble(f).toArray());
    }

    /** The median over every run that has the figure, failed ones included. */
    static double medianAll(List<EchoRun.Sample> list, ToDoubleFunction<EchoRun.Sample> f) {
        return Stats.median(list.stream().mapToDouble(f).filter(v -> v >= 0).toArray());
    }

    private static String withRange(List<EchoRun.Sample> list, ToDoubleFunction<EchoRun.Sample> f,
            int decimals) {
        double[] v = list.stream().filter(EchoRun.Sample::ok).mapToDouble(f).toArray();
        if (v.length == 0) {
            return "failed";
        }
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        String median = fmt(Stats.median(v), decimals);
        return v.length == 1 ? median : median + " (" + fmt(sorted[0], decimals) + "–"
                + fmt(sorted[sorted.length - 1], decimals) + ")";
    }

    /** "min–max" over every run. */
    private static String range(List<EchoRun.Sample> list, ToDoubleFunction<EchoRun.Sample> f) {
        double[] v = list.stream().mapToDouble(f).sorted().toArray();
        return v.length == 0 ? "n/a" : v.length == 1 || v[0] == v[v.length - 1] ? fmt(v[0], 2)
                : fmt(v[0], 2) + "–" + fmt(v[v.length - 1], 2);
    }

    static String fmt(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "n/a";
        }
        if (Math.abs(v) >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
