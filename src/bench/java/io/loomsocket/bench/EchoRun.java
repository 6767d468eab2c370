package io.loomsocket.bench;

import java.util.List;

/**
 * One run of the echo benchmark: a fresh {@link EchoServer} process and a fresh {@link LoadGen}
 * process, pinned where {@link Config} says, driven through the connect, idle and measured
 * phases, with the server read from /proc and asked for its heap between them.
 */
final class EchoRun {
    private EchoRun() {}

    /** The server's counters at one moment (see {@link EchoServer}). */
    record Reading(long live, long accepted, long errors, long heap, long rss, long fds,
            String firstError) {
        static Reading parse(String line) {
            String[] f = line.split(" ", 8);
            return new Reading(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]), f[7]);
        }
    }

    /**
     * What one run measured. Per-connection figures divide by the connections the server held
     * (all N when the run passed). {@code failure} is null when every round trip came back.
     */
    record Sample(String failure, double connectSeconds, double roundTripsPerSecond,
            double cpuMicrosPerTrip, double p50Micros, double p99Micros, long rssEndBytes,
            double rssPerConnection, double fdsPerConnection, double idleRssPerConnection,
            double idleHeapPerConnection, String serverLimit, String loadLimit,
            double loadAverage) {
        boolean ok() {
            return failure == null;
        }

        /** A run that could not even be measured: a process that failed to start, say. */
        static Sample broken(String why, double loadAverage) {
            return new Sample(why, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    -1, Double.NaN, Double.NaN, Double.NaN, Double.NaN, "unknown", "unknown",
                    loadAverage);
        }
    }

    private static final long STALL_SECONDS = 15;
    private static final long REPLY_SECONDS = 60;

    static Sample run(Config cfg, String mode, int connections, int warmup, int trips,
            long serverFdLimit) throws Exception {
        double loadAverage = Main.loadAverage1();
        int base = Math.min(cfg.echoBase, connections / 10);
        List<String> serverCommand = ChildJvm.command(
                ChildJvm.placement(cfg.serverCpus, serverFdLimit), serverOptions(mode),
                EchoServer.class, List.of(mode));
        try (ChildOutput server = ChildOutput.start("echo server " + mode, serverCommand)) {
            int port = Integer.parseInt(server.expect(REPLY_SECONDS, "PORT ").split(" ")[1]);
            String serverLimit = server.expect(REPLY_SECONDS, "LIMIT ").substring(6);
            Reading before = measure(server, true);
            List<String> loadCommand = ChildJvm.command(
                    ChildJvm.placement(cfg.clientCpus, 0), List.of("-Xmx1g"), LoadGen.class,
                    List.of(Integer.toString(port), Long.toString(server.pid()),
                            Integer.toString(connections), Integer.toString(base),
                            Integer.toString(warmup), Integer.toString(trips),
                            Long.toString(STALL_SECONDS)));
            try (ChildOutput load = ChildOutput.start("load generator", loadCommand)) {
                String loadLimit = load.expect(REPLY_SECONDS, "LIMIT ").substring(6);
                long phaseSeconds = STALL_SECONDS * 20;
                String line = load.expect(phaseSeconds, "BASE ", "FAILED ");
                if (line.startsWith("FAILED ")) {
                    return failed(line, server, before, serverLimit, loadLimit, loadAverage);
                }
                Reading atBase = measure(server, true);
                load.send("GO");
                line = load.expect(phaseSeconds, "CONNECTED ", "FAILED ");
                if (line.startsWith("FAILED ")) {
                    return failed(line, server, before, serverLimit, loadLimit, loadAverage);
                }
                double connectSeconds = Double.parseDouble(line.split(" ")[1]);
                Reading idle = measure(server, true);
                load.send("GO");
                line = load.expect(phaseSeconds, "RESULT ", "FAILED ");
                if (line.startsWith("FAILED ")) {
                    return failed(line, server, before, serverLimit, loadLimit, loadAverage);
                }
                Reading end = measure(server, false);
                String[] r = line.split(" ");
                double seconds = Double.parseDouble(r[1]);
                double roundTrips = Double.parseDouble(r[2]);
                double cpu = Double.parseDouble(r[3]);
                double idleCount = idle.live - atBase.live;
                return new Sample(null, connectSeconds, roundTrips / seconds,
                        cpu < 0 ? Double.NaN : cpu / 1e3 / roundTrips,
                        Double.parseDouble(r[4]) / 1e3, Double.parseDouble(r[5]) / 1e3,
                        end.rss, (end.rss - before.rss) / (double) connections,
                        (end.fds - before.fds) / (double) connections,
                        (idle.rss - atBase.rss) / idleCount, (idle.heap - atBase.heap) / idleCount,
                        serverLimit, loadLimit, loadAverage);
            }
        }
    }

    /** Heap limit for every server; Netty loads its epoll library, which JDK 22+ warns of. */
    static List<String> serverOptions(String mode) {
        return mode.startsWith("netty") && Runtime.version().feature() >= 22
                ? List.of("-Xmx2g", "--enable-native-access=ALL-UNNAMED") : List.of("-Xmx2g");
    }

    /**
     * The server's counters and heap, with its RSS and descriptors read from outside: a server
     * out of descriptors cannot open /proc/self/fd itself.
     */
    private static Reading measure(ChildOutput server, boolean gc) throws Exception {
        server.send(gc ? "MEASURE-GC" : "MEASURE");
        Reading r = Reading.parse(server.expect(REPLY_SECONDS, "MEASURED "));
        return new Reading(r.live, r.accepted, r.errors, r.heap,
                ProcStats.rssBytes(server.pid()), ProcStats.descriptors(server.pid()),
                r.firstError);
    }

    /** A failed run still says what the server held when it failed, per connection it held. */
    private static Sample failed(String line, ChildOutput server, Reading before,
            String serverLimit, String loadLimit, double loadAverage) throws Exception {
        Reading now = measure(server, false);
        double held = Math.max(1, now.live);
        String why = line.substring(7) + "; server: " + now.live + " connections open, "
                + now.errors + " errors" + (now.errors > 0 ? ", first: " + now.firstError : "");
        return new Sample(why, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                now.rss, (now.rss - before.rss) / held, (now.fds - before.fds) / held,
                Double.NaN, Double.NaN, serverLimit, loadLimit, loadAverage);
    }
}
