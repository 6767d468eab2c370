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
 * LuaSocket and under lua/bin/loomlua: one select loop ({@code select}), a coroutine per
 * connection dispatched by select ({@code coroutines}; on loomlua with its coroutines on virtual
 * threads, and with LuaJ's own, a platform thread each) and, on loomlua alone, a thread per
 * connection ({@code threads}); each against the same {@link LoadGen} at 1 and 1,000
 * connections, interleaved, each run in fresh processes. The ratios are loomlua's round trips per
 * second over C LuaSocket's select server, and its server CPU per round trip over that one's.
 */
final class LuaEcho {
    private LuaEcho() {}

    private static final Path SCRIPT = Path.of("lua/bench/echo.lua");
    private static final Path LAUNCHER = Path.of("lua/bin/loomlua");
    private static final long REPLY_SECONDS = 120;

    /** A server: its label, the command before the script's arguments, its environment. */
    private record Server(String label, List<String> command, String mode, Map<String, String> environment) {}

    /**
     * One run: round trips per second, server µs CPU per round trip, server RSS per connection
     * (KiB, once every connection is open); NaN when it failed.
     */
    private record Sample(double rate, double cpuMicros, double rssKib, String failure) {}

    static String run(Config cfg) throws Exception {
        String why = availability();
        if (why != null) {
            Ratios.note("lua-echo", "skipped: " + why);
            return "### Lua binding: line-echo server\n\nSkipped: " + why + "\n";
        }
        List<Server> servers = new ArrayList<>();
        String launcher = LAUNCHER.toString();
        servers.add(new Server("C LuaSocket select", List.of("lua5.4"), "select", Map.of()));
        servers.add(new Server("loomlua select", List.of(launcher), "select", Map.of()));
        servers.add(new Server("loomlua threads", List.of(launcher), "threads", Map.of()));
        servers.add(new Server("C LuaSocket coroutines", List.of("lua5.4"), "coroutines", Map.of()));
        servers.add(new Server("loomlua coroutines", List.of(launcher), "coroutines", Map.of()));
        servers.add(new Server("loomlua coroutines, LuaJ's", List.of(launcher), "coroutines",
                Map.of("LOOMLUA_COROUTINES", "luaj")));
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
            Ratios.ratio(name + "-coroutines-luaj", "loomlua-coroutines",
                    median(samples.get("loomlua coroutines, LuaJ's"), true),
                    median(samples.get("loomlua coroutines"), true));
            Ratios.costRatio(name + "-coroutines-luaj-rss", "loomlua-coroutines",
                    rss(samples.get("loomlua coroutines, LuaJ's")), rss(samples.get("loomlua coroutines")));
            for (String mode : List.of("select", "threads", "coroutines")) {
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
            b.append("| server | round trips/s (median) | vs C select | server µs CPU/RT | RSS/conn KiB | runs ok |\n");
            b.append("|---|---:|---:|---:|---:|---:|\n");
            double base = median(c, true);
            for (var e : samples.entrySet()) {
                double rate = median(e.getValue(), true);
                b.append("| ").append(e.getKey()).append(" | ").append(Echo.fmt(rate, 0))
                        .append(" | ").append(Echo.fmt(rate / base, 2))
                        .append(" | ").append(Echo.fmt(median(e.getValue(), false), 1))
                        .append(" | ").append(Echo.fmt(rss(e.getValue()), 1))
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
        ProcessBuilder builder = new ProcessBuilder(serverCommand).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(server.environment());
        try (ChildOutput child = new ChildOutput("lua echo " + server.label(), builder.start())) {
            int port = Integer.parseInt(child.expect(REPLY_SECONDS, "PORT ").split(" ")[1]);
            long rssBefore = ProcStats.rssBytes(child.pid());
            List<String> loadCommand = ChildJvm.command(ChildJvm.placement(cfg.clientCpus, 0),
                    List.of("-Xmx1g"), LoadGen.class, List.of(Integer.toString(port),
                            Long.toString(child.pid()), Integer.toString(connections), "0",
                            Integer.toString(warmup), Integer.toString(trips), "30"));
            try (ChildOutput load = ChildOutput.start("load generator", loadCommand)) {
                load.expect(REPLY_SECONDS, "LIMIT ");
                String line = load.expect(REPLY_SECONDS * 2, "BASE ", "FAILED ");
                if (line.startsWith("FAILED ")) {
                    return new Sample(Double.NaN, Double.NaN, Double.NaN, line);
                }
                load.send("GO");
                line = load.expect(REPLY_SECONDS * 2, "CONNECTED ", "FAILED ");
                if (line.startsWith("FAILED ")) {
                    return new Sample(Double.NaN, Double.NaN, Double.NaN, line);
                }
                double rssKib = (ProcStats.rssBytes(child.pid()) - rssBefore) / 1024.0 / connections;
                load.send("GO");
                line = load.expect(REPLY_SECONDS * 5, "RESULT ", "FAILED ");
                if (line.startsWith("FAILED ")) {
                    return new Sample(Double.NaN, Double.NaN, Double.NaN, line);
                }
                child.process.destroy(); // the server serves until it is killed
                String[] r = line.split(" ");
                double seconds = Double.parseDouble(r[1]);
                double roundTrips = Double.parseDouble(r[2]);
                double cpu = Double.parseDouble(r[3]);
                return new Sample(roundTrips / seconds, cpu < 0 ? Double.NaN : cpu / 1e3 / roundTrips,
                        rssKib, null);
            }
        } catch (IOException e) {
            return new Sample(Double.NaN, Double.NaN, Double.NaN, e.getMessage());
        }
    }

    private static double rss(List<Sample> list) {
        return Stats.median(list.stream().filter(s -> s.failure() == null).mapToDouble(Sample::rssKib).toArray());
    }

    private static double median(List<Sample> list, boolean rate) {
        return Stats.median(list.stream().filter(s -> s.failure() == null)
                .mapToDouble(s -> rate ? s.rate() : s.cpuMicros()).toArray());
    }
}
