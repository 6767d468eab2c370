package io.loomsocket.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Ping-pong between two processes, the wait path as a real server sees it: a client JVM and an
 * {@link EchoServer} JVM (or two lua5.4 processes), one connection, 32-byte lines, in each
 * placement: {@code one-core} (both processes on CPU 0) and {@code free} (the scheduler decides).
 */
final class PingPong2p {
    private PingPong2p() {}

    /** Label, server mode, client kind, client thread. */
    private record Variant(String label, String server, String client, String thread) {}

    private static final List<Variant> VARIANTS = List.of(
            new Variant("loomsocket, virtual threads", "loomsocket", "loomsocket", "virtual"),
            new Variant("jdk-vt: java.net.Socket readLine + write, virtual threads", "jdk-vt",
                    "jdk", "virtual"),
            new Variant("loomsocket, platform threads", "loomsocket-pt", "loomsocket", "platform"),
            new Variant("jdk-pt: java.net.Socket readLine + write, platform threads", "jdk-pt",
                    "jdk", "platform"));

    static List<Section> run(Config cfg) throws Exception {
        List<Section> sections = new ArrayList<>();
        for (String placement : cfg.placements) {
            sections.add(runPlacement(cfg, placement));
        }
        return sections;
    }

    private static Section runPlacement(Config cfg, String placement) throws Exception {
        String cpus = switch (placement) {
            case "one-core" -> "0";
            case "free" -> null;
            default -> throw new IllegalArgumentException("unknown placement " + placement
                    + " (one-core, free)");
        };
        String loadStart = Main.loadAverage();
        List<String> prefix = ChildJvm.placement(cpus, 0);
        List<Contender> contenders = new ArrayList<>();
        for (Variant v : VARIANTS) {
            List<String> server = ChildJvm.command(prefix, EchoRun.serverOptions(v.server),
                    EchoServer.class, List.of(v.server));
            List<String> client = ChildJvm.command(prefix, List.of("-Xmx1g"),
                    PingPongClient.class, List.of(v.client, v.thread, "PORT", "SERVERPID",
                            Integer.toString(cfg.pingPongWarmup),
                            Integer.toString(cfg.pingPongTrips)));
            contenders.add(new ChildProcess(v.label, server, client));
        }
        String lua = LuaRunner.availability(cfg);
        if (lua == null) {
            contenders.add(LuaRunner.contender(cfg, "lua: C LuaSocket, two lua5.4 processes",
                    prefix, List.of("echo-server"), List.of("pingpong-client", "PORT",
                            "SERVERPID", Integer.toString(cfg.pingPongWarmup),
                            Integer.toString(cfg.pingPongTrips))));
        }
        Section section = new Section("Ping-pong between two processes, placement " + placement,
                "", "RT/s", "µs CPU/RT", "switches/RT");
        section.results.addAll(Runner.run(contenders, 0, cfg.rounds, 1, 1));
        section.reference = 1;
        String loadEnd = Main.loadAverage();
        section.description = String.format("Client JVM and server JVM (%s), one connection, a"
                + " %d-byte line echoed; %,d round trips per run, %d runs after %,d warm-up"
                + " trips, interleaved across variants. Rate: round trips per second. CPU and"
                + " switches: both processes, per round trip. Load average at the start %s, at"
                + " the end %s.", placement.equals("one-core") ? "both on CPU 0"
                        : "placed by the scheduler", 32, cfg.pingPongTrips, cfg.rounds,
                cfg.pingPongWarmup, loadStart, loadEnd);
        if (lua != null) {
            section.notes.add("C LuaSocket skipped: " + lua);
        }
        String name = placement.equals("one-core") ? "pingpong-2p" : "pingpong-2p-" + placement;
        double loom = section.results.get(0).median();
        Ratios.ratio(name, "jdk-vt", loom, section.results.get(1).median());
        Ratios.ratio(name + "-pt", "jdk-pt", section.results.get(2).median(),
                section.results.get(3).median());
        if (lua == null) {
            Ratios.ratio(name, "lua", loom, section.results.get(4).median());
        }
        return section;
    }
}
