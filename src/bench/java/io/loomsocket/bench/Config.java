package io.loomsocket.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Command-line settings; every default matches bench/README.md (the full mode). */
final class Config {
    static final List<String> SCENARIOS =
            List.of("echo", "pingpong2p", "pingpong", "rr", "send", "bulk", "lines", "idle",
                    "lua-echo", "tls");
    /** The scenarios that run inside the benchmark JVM, pinned with --inprocess-cpus. */
    static final Set<String> IN_PROCESS = Set.of("pingpong", "rr", "send", "bulk", "lines");

    /** Scenarios to run, in order. */
    final Set<String> only = new LinkedHashSet<>();
    boolean quick;
    /** Measured rounds (runs) per variant, interleaved, and unmeasured ones before them. */
    int rounds = 3;
    int warmupRounds = 1;
    int pingPongTrips = 20_000;
    int pingPongWarmup = 20_000;
    long bulkBytes = 256L << 20;
    int bulkChunk = 64 << 10;
    int bulkCount = 8192;
    int lines = 4_000_000;
    List<Integer> echoConnections = new ArrayList<>(List.of(1000, 10_000));
    List<String> echoModes = new ArrayList<>(List.of("loomsocket", "jdk-vt", "netty",
            "loomsocket-timeout", "jdk-vt-timeout", "netty-timeout"));
    /** Runs per echo server mode; the full mode's 3 unless set. */
    int echoRounds = 3;
    /** Thousands of measured round trips per echo run (1k connections: this many each). */
    int echoTrips = 200;
    /** Connections opened before the idle-memory base reading. */
    int echoBase = 100;
    /** The descriptor limit of the last echo check (0: no check). */
    long echoLimitCheck = 12_000;
    /** taskset CPU lists, or null for anywhere. */
    String serverCpus = "0";
    String clientCpus = "1";
    String inProcessCpus = "0";
    /** True in the child JVM that runs the in-process scenarios already pinned. */
    boolean pinned;
    List<String> placements = new ArrayList<>(List.of("one-core", "free"));
    /** Message sizes of the request/response round trips. */
    List<Integer> rrSizes = new ArrayList<>(List.of(1, 1024, 8192, 8193, 9000, 16384,
            65537, 262144, 1 << 20));
    /** Seconds per request/response round. */
    double rrSeconds = 0.5;
    /**
     * Measured request/response rounds per variant, interleaved. Three rounds of 0.25 s (the
     * quick mode's before) let one slow round move a median: the stream views at 8,193 bytes
     * with tcp-nodelay read 0.59 of the JDK's rate, with spreads of up to 78 % within a
     * variant, and 0.95 in a run of seven rounds of 0.15 s minutes later, where most spreads
     * stayed under 20 %.
     */
    int rrRounds = 7;
    List<Integer> sendSizes = new ArrayList<>(List.of(8 << 10, 64 << 10, 1 << 20));
    long sendBytes = 1L << 30;
    /**
     * Measured rounds per send variant. A send round is short (0.1 to 0.4 s) and its throughput
     * bimodal (about 2.5 or 3.7 GB/s, whatever the library), so a median of 3 moved the ratios
     * by up to 20 % between runs; 7 costs about 30 s more in the full mode.
     */
    int sendRounds = 7;
    boolean sendStrings = true;
    boolean lua = true;
    Path luaDir = Path.of("src/bench/lua");
    Path out = null;
    /** The whole run is stopped if it takes longer than this. */
    long deadlineSeconds = 3600;

    static Config parse(String[] args) {
        Config c = new Config();
        for (String raw : args) {
            for (String arg : raw.trim().split("\\s+")) {
                if (!arg.isEmpty()) {
                    c.apply(arg);
                }
            }
        }
        if (c.only.isEmpty()) {
            c.only.addAll(c.quick ? List.of("echo", "pingpong2p", "rr", "send", "bulk", "lines", "idle",
                    "lua-echo", "tls")
                    : SCENARIOS);
        }
        return c;
    }

    private void apply(String arg) {
        String key = arg;
        String value = null;
        int eq = arg.indexOf('=');
        if (eq > 0) {
            key = arg.substring(0, eq);
            value = arg.substring(eq + 1);
        }
        switch (key) {
            case "--quick" -> {
                quick = true;
                rounds = 3;
                warmupRounds = 1;
                pingPongTrips = 10_000;
                pingPongWarmup = 10_000;
                bulkBytes = 64L << 20;
                lines = 2_000_000;
                echoRounds = 1;
                echoTrips = 100;
                sendBytes = 256L << 20;
                sendStrings = false;
                rrSeconds = 0.15;
                deadlineSeconds = 1200; // a whole quick run took 547 s on 2 cores
            }
            case "--only" -> {
                for (String s : value.split(",")) {
                    if (!SCENARIOS.contains(s.trim())) {
                        throw new IllegalArgumentException("unknown scenario " + s
                                + " (known: " + String.join(",", SCENARIOS) + ")");
                    }
                    only.add(s.trim());
                }
            }
            case "--rounds" -> rounds = Integer.parseInt(value);
            case "--warmup-rounds" -> warmupRounds = Integer.parseInt(value);
            case "--trips" -> pingPongTrips = Integer.parseInt(value);
            case "--warmup-trips" -> pingPongWarmup = Integer.parseInt(value);
            case "--bulk-mib" -> bulkBytes = Long.parseLong(value) << 20;
            case "--bulk-bytes" -> bulkBytes = Long.parseLong(value);
            case "--lines" -> lines = Integer.parseInt(value);
            case "--echo-connections" -> echoConnections = ints(value);
            case "--echo-modes" -> echoModes = new ArrayList<>(List.of(value.split(",")));
            case "--echo-rounds" -> echoRounds = Integer.parseInt(value);
            case "--echo-trips" -> echoTrips = Integer.parseInt(value);
            case "--echo-base" -> echoBase = Integer.parseInt(value);
            case "--echo-limit" -> echoLimitCheck = Long.parseLong(value);
            case "--server-cpus" -> serverCpus = cpus(value);
            case "--client-cpus" -> clientCpus = cpus(value);
            case "--inprocess-cpus" -> inProcessCpus = cpus(value);
            case "--pinned" -> pinned = true;
            case "--placements" -> placements = new ArrayList<>(List.of(value.split(",")));
            case "--rr-sizes" -> rrSizes = ints(value);
            case "--rr-seconds" -> rrSeconds = Double.parseDouble(value);
            case "--rr-rounds" -> rrRounds = Integer.parseInt(value);
            case "--send-sizes" -> sendSizes = ints(value);
            case "--send-mib" -> sendBytes = Long.parseLong(value) << 20;
            case "--send-rounds" -> sendRounds = Integer.parseInt(value);
            case "--send-strings" -> sendStrings = Boolean.parseBoolean(value);
            case "--no-lua" -> lua = false;
            case "--lua-dir" -> luaDir = Path.of(value);
            case "--out" -> out = Path.of(value);
            case "--deadline" -> deadlineSeconds = Long.parseLong(value);
            default -> throw new IllegalArgumentException("unknown argument: " + arg
                    + " (see bench/README.md)");
        }
    }

    private static List<Integer> ints(String value) {
        List<Integer> list = new ArrayList<>();
        for (String s : value.split(",")) {
            list.add(Integer.parseInt(s.trim()));
        }
        return list;
    }

    /** "any" or "" means no pinning. */
    private static String cpus(String value) {
        return value.isEmpty() || value.equals("any") ? null : value;
    }

    /** The sizes as arguments, for a child JVM that runs one contender. */
    List<String> asArguments() {
        return List.of("--rounds=" + rounds, "--warmup-rounds=" + warmupRounds,
                "--trips=" + pingPongTrips, "--warmup-trips=" + pingPongWarmup,
                "--bulk-bytes=" + bulkBytes, "--lines=" + lines);
    }

    boolean runs(String scenario) {
        return only.contains(scenario);
    }
}
