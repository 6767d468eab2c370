package io.loomsocket.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Lua binding's echo benchmark: lua/bench/echo.lua, a line-echo server, under lua5.4 with C
 * LuaSocket ({@code select}) and under lua/bin/loomlua ({@code select}, and {@code threads}: a
 * thread per connection), each against the same {@link LoadGen} at 1 and 1,000 connections,
 * interleaved, each run in fresh processes. The ratios are loomlua's round trips per second over
 * C LuaSocket's, and its server CPU per round trip over C's.
 */
final class LuaEcho {
    private LuaEcho() {}

    private static final Path SCRIPT = Path.of("lua/bench/echo.lua");
    private static final Path LAUNCHER = Path.of("lua/bin/loomlua");
    private static final long REPLY_SECONDS = 120;

    /** A server: its label, and the command before the script's arguments. */
    private record Server(String label, List<String> command, String mode) {}

    /** One run: round trips per second, server µs CPU per round trip; NaN when it failed. */
    private record Sample(double rate, double cpuMicros, String failure) {}

    static String run(Config cfg) throws Exception {
        String why = availability();
        if (why != null) {
            Ratios.note("lua-echo", "skipped: " + why);
            return "### Lua binding: line-echo server\n\nSkipped: " + why + "\n";
        }
        List<Server> servers = new ArrayList<>();
        servers.add(new Server("C LuaSocket select", List.of("lua5.4"), "select"));
        servers.add(new Server("loomlua select", List.of(LAUNCHER.toString()), "select"));
        servers.add(new Server("loomlua threads", List.of(LAUNCHER.toString()), "threads"));
        StringBuilder b = new StringBuilder("### Lua binding: line-echo server (lua/bench/echo.lua)\n\n");
        for (int connections : List.of(1, 1000)) {
            int trips = connections == 1 ? (cfg.quick ? 5_000 : 20_000) : (cfg.quick ? 5 : 20);
            int warmup = connections == 1 ? trips / 2 : 3;
            int rounds = cfg.quick ? 2 : 3;
            Map<String, List<Sample>> samples = new LinkedHashMap<>();
            String loadStart = Main.loadAverage();
            for (int round = 0; round < rounds; round++) {
                for (Server server : servers) {
                    Echo.progress(cfg, "lua-echo-" + connections + " " + server.label() + " run "
                            + (round + 1));
                    samples.computeIfAbsent(server.label(), k -> new ArrayList<>())
                            .add(once(cfg, server, connections, warmup, trips));
                }
            }
            String loadEnd = Main.loadAverage();
            String name = "lua-echo-" + (connections == 1000 ? "1k" : Integer.toString(connections));
            List<Sample> c = samples.get("C LuaSocket select");
            for (String mode : List.of("select", "threads")) {
                List<Sample> loom = samples.get("loomlua " + mode);
                Ratios.ratio(name + "-" + mode, "c-luasocket-select", median(loom, true), median(c, true));
                Ratios.costRatio(name + "-" + mode + "-cpu", "c-luasocket-select", median(loom, false),
                        median(c, false));
                for (Sample s : loom) {
                    if (s.failure() != null) {
                        Ratios.note(name + "-" + mode, "failed: " + s.failure());
                    }
                }
            }
            b.append(String.format(Locale.ROOT, "#### %,d connection%s%n%nServer on CPU %s, load"
                    + " generator (one NIO selector thread, 32-byte lines, closed loop) on CPU %s;"
                    + " %d warm-up and %d measured round trips per connection; %d runs each,"
                    + " interleaved. Load average %s at the start, %s at the end.%n%n",
                    connections, connections == 1 ? "" : "s", cfg.serverCpus, cfg.clientCpus,
                    warmup, trips, rounds, loadStart, loadEnd));
            b.append("| server | round trips/s (median) | vs C | server µs CPU/RT | runs ok |\n");
            b.append("|---|---:|---:|---:|---:|\n");
            double base = median(c, true);
            for (var e : samples.entrySet()) {
                double rate = median(e.getValue(), true);
                b.append("| ").append(e.getKey()).append(" | ").append(Echo.fmt(rate, 0))
                        .append(" | ").append(Echo.fmt(rate / base, 2))
                        .append(" | ").append(Echo.fmt(median(e.getValue(), false), 1))
                        .append(" | ").append(e.getValue().stream().filter(s -> s.failure() == null).count())
                        .append('/').append(e.getValue().size()).append(" |\n");
                for (Sample s : e.getValue()) {
                    if (s.failure() != null) {
                        b.append("\n- ").append(e.getKey()).append(" failed: ").append(s.failure()).append('\n');
                    }
                }
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String availability() {
        if (!Files.isRegularFile(SCRIPT) || !Files.isExecutable(LAUNCHER)) {
            return "no " + SCRIPT + " or " + LAUNCHER;
        }
        if (!Files.isDirectory(Path.of("lua/target/classes/io/loomsocket/lua"))) {
            return "the Lua binding is not built (./run lua-build)";
        }
        return null;
    }

    private static Sample once(Config cfg, Server server, int connections, int warmup, int trips)
            throws InterruptedException {
        List<String> serverCommand = new ArrayList<>(ChildJvm.placement(cfg.serverCpus, 0));
        serverCommand.addAll(server.command());
        serverCommand.add(SCRIPT.toString());
        serverCommand.add(server.mode());
        try (ChildOutput child = ChildOutput.start("lua echo " + server.label(), serverCommand)) {
            int port = Integer.parseInt(child.expect(REPLY_SECONDS, "PORT ").split(" ")[1]);
            List<String> loadCommand = ChildJvm.command(ChildJvm.placement(cfg.clientCpus, 0),
                    List.of("-Xmx1g"), LoadGen.class, List.of(Integer.toString(port),
                            Long.toString(child.pid()), Integer.toString(connections), "0",
                            Integer.toString(warmup), Integer.toString(trips), "30"));
            try (ChildOutput load = ChildOutput.start("load generator", loadCommand)) {
                load.expect(REPLY_SECONDS, "LIMIT ");
                String line = load.expect(REPLY_SECONDS * 2, "BASE ", "FAILED ");
                if (line.startsWith("FAILED ")) {
                    return new Sample(Double.NaN, Double.NaN, line);
                }
                load.send("GO");
                line = load.expect(REPLY_SECONDS * 2, "CONNECTED ", "FAILED ");
                if (line.startsWith("FAILED ")) {
                    return new Sample(Double.NaN, Double.NaN, line);
                }
                load.send("GO");
                line = load.expect(REPLY_SECONDS * 5, "RESULT ", "FAILED ");
                if (line.startsWith("FAILED ")) {
                    return new Sample(Double.NaN, Double.NaN, line);
                }
                String[] r = line.split(" ");
                double seconds = Double.parseDouble(r[1]);
                double roundTrips = Double.parseDouble(r[2]);
                double cpu = Double.parseDouble(r[3]);
                return new Sample(roundTrips / seconds, cpu < 0 ? Double.NaN : cpu / 1e3 / roundTrips, null);
            }
        } catch (IOException e) {
            return new Sample(Double.NaN, Double.NaN, e.getMessage());
        }
    }

    private static double median(List<Sample> list, boolean rate) {
        return Stats.median(list.stream().filter(s -> s.failure() == null)
                .mapToDouble(s -> rate ? s.rate() : s.cpuMicros()).toArray());
    }
}
