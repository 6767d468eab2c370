package io.loomsocket.bench;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/** Command-line settings; every size has a default that matches bench/README.md. */
final class Config {
    /** Scenarios to run, in order. */
    final Set<String> only = new LinkedHashSet<>();
    int rounds = 5;
    int warmupRounds = 2;
    int pingPongTrips = 20_000;
    int pingPongWarmup = 20_000;
    long bulkBytes = 256L << 20;
    int bulkChunk = 64 << 10;
    int bulkCount = 8192;
    int lines = 1_000_000;
    int connections = 2000;
    /** Connections opened before the first memory reading, so that fixed costs cancel out. */
    int connectionsBase = 100;
    boolean lua = true;
    Path luaDir = Path.of("src/bench/lua");
    Path out = null;
    /** The whole run is stopped if it takes longer than this. */
    long deadlineSeconds = 1800;

    static Config parse(String[] args) {
        Config c = new Config();
        for (String raw : args) {
            for (String arg : raw.trim().split("\\s+")) {
                if (arg.isEmpty()) {
                    continue;
                }
                String key = arg;
                String value = null;
                int eq = arg.indexOf('=');
                if (eq > 0) {
                    key = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                }
                switch (key) {
                    case "--quick" -> {
                        c.rounds = 3;
                        c.warmupRounds = 1;
                        c.pingPongTrips = 2000;
                        c.pingPongWarmup = 2000;
                        c.bulkBytes = 16L << 20;
                        c.lines = 50_000;
                        c.connections = 200;
                        c.connectionsBase = 20;
                    }
                    case "--only" -> {
                        for (String s : value.split(",")) {
                            c.only.add(s.trim());
                        }
                    }
                    case "--rounds" -> c.rounds = Integer.parseInt(value);
                    case "--warmup-rounds" -> c.warmupRounds = Integer.parseInt(value);
                    case "--trips" -> c.pingPongTrips = Integer.parseInt(value);
                    case "--warmup-trips" -> c.pingPongWarmup = Integer.parseInt(value);
                    case "--bulk-mib" -> c.bulkBytes = Long.parseLong(value) << 20;
                    case "--bulk-bytes" -> c.bulkBytes = Long.parseLong(value);
                    case "--lines" -> c.lines = Integer.parseInt(value);
                    case "--connections" -> c.connections = Integer.parseInt(value);
                    case "--no-lua" -> c.lua = false;
                    case "--lua-dir" -> c.luaDir = Path.of(value);
                    case "--out" -> c.out = Path.of(value);
                    case "--deadline" -> c.deadlineSeconds = Long.parseLong(value);
                    default -> throw new IllegalArgumentException("unknown argument: " + arg
                            + " (known: --quick --only=pingpong,bulk,lines,memory --rounds=N"
                            + " --warmup-rounds=N --trips=N --warmup-trips=N --bulk-mib=N --lines=N"
                            + " --connections=N --no-lua --lua-dir=DIR --out=FILE --deadline=S)");
                }
            }
        }
        if (c.only.isEmpty()) {
            c.only.addAll(Set.of("pingpong", "bulk", "lines", "memory"));
        }
        return c;
    }

    /** The sizes as arguments, for a child JVM that runs one contender. */
    java.util.List<String> asArguments() {
        return java.util.List.of("--rounds=" + rounds, "--warmup-rounds=" + warmupRounds,
                "--trips=" + pingPongTrips, "--warmup-trips=" + pingPongWarmup,
                "--bulk-bytes=" + bulkBytes, "--lines=" + lines);
    }

    boolean runs(String scenario) {
        return only.contains(scenario);
    }
}
