package io.loomsocket.bench;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The loomsocket benchmarks: ping-pong latency, bulk throughput, line throughput and memory per
 * idle connection, each comparing loomsocket with the JDK's java.net.Socket on virtual threads
 * and with C LuaSocket, over 127.0.0.1. Prints Markdown tables and writes them to a file.
 * See bench/README.md.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        Config cfg = Config.parse(args);
        startWatchdog(cfg.deadlineSeconds);
        String header = header(cfg, args);
        System.out.println(header);
        List<String> tables = new ArrayList<>();
        if (cfg.runs("pingpong")) {
            tables.add(print(PingPong.run(cfg).table()));
        }
        if (cfg.runs("bulk")) {
            for (Section s : Bulk.run(cfg)) {
                tables.add(print(s.table()));
            }
        }
        if (cfg.runs("lines")) {
            tables.add(print(Lines.run(cfg).table()));
        }
        if (cfg.runs("memory")) {
            tables.add(print(IdleMemory.run(cfg)));
        }
        Path out = cfg.out != null ? cfg.out : Path.of("target", "bench", "results-"
                + ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        String footer = "\nLoad average at the end (1, 5, 15 min): " + loadAverage()
                + ". Other processes on the machine count in it.\n";
        System.out.println(footer);
        Files.writeString(out, header + "\n" + String.join("\n", tables) + footer,
                StandardCharsets.UTF_8);
        System.out.println("Written to " + out.toAbsolutePath());
        System.exit(0);
    }

    private static String print(String table) {
        System.out.println(table);
        System.out.flush();
        return table;
    }

    private static String header(Config cfg, String[] args) {
        var runtime = ManagementFactory.getRuntimeMXBean();
        StringBuilder b = new StringBuilder();
        b.append("## loomsocket benchmarks, ").append(ZonedDateTime.now()
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z"))).append("\n\n");
        b.append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(" (")
                .append(System.getProperty("java.vendor")).append(")\n");
        b.append("- JVM options: ").append(String.join(" ", runtime.getInputArguments())).append('\n');
        b.append("- Arguments: ").append(String.join(" ", args).trim()).append('\n');
        b.append("- Machine: ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.version")).append(", ")
                .append(cpuModel()).append('\n');
        b.append("- Load average at the start (1, 5, 15 min): ").append(loadAverage()).append('\n');
        String lua = LuaRunner.availability(cfg);
        b.append("- C oracle: ").append(lua == null ? LuaRunner.version() : "none (" + lua + ")")
                .append('\n');
        return b.toString();
    }

    /** The first three fields of /proc/loadavg: the machine may be running other work. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (java.io.IOException e) {
            // not Linux
        }
        return "unknown CPU";
    }

    /** Every loop is bounded; this is the last resort if one is not. */
    private static void startWatchdog(long seconds) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(seconds * 1000);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("benchmark run exceeded " + seconds + " s; stopping");
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
            Runtime.getRuntime().halt(3);
        }, "bench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
