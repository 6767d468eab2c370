package io.loomsocket.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The loomsocket benchmarks (see bench/README.md): an echo server at 1,000 and 10,000
 * connections against the JDK idiom and Netty, ping-pong between two processes and within one,
 * send, bulk and line throughput. Writes Markdown tables to a file; prints them too, except in
 * the quick mode, which prints only its {@code ratio}, {@code check} and {@code note} lines.
 *
 * <p>The scenarios that run inside this JVM (ping-pong in one process, send, bulk, lines) run in
 * a child JVM pinned to {@code --inprocess-cpus} (CPU 0 unless told otherwise); the others start
 * their own processes and pin them.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        Config cfg = Config.parse(args);
        startWatchdog(cfg.deadlineSeconds);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current()
                .descendants().forEach(ProcessHandle::destroyForcibly), "kill-children"));
        Path out = cfg.out != null ? cfg.out : Path.of("target", "bench", (cfg.quick ? "quick-"
                : "results-") + ZonedDateTime.now().format(
                        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        String loadStart = loadAverage();
        List<String> parts = new ArrayList<>();
        if (!cfg.pinned) {
            parts.add(header(cfg, args));
        }
        if (cfg.runs("echo")) {
            parts.add(show(cfg, Echo.run(cfg)));
        }
        if (cfg.runs("tls")) {
            parts.add(show(cfg, TlsBench.run(cfg)));
        }
        if (cfg.runs("pingpong2p")) {
            for (Section s : PingPong2p.run(cfg)) {
                parts.add(show(cfg, s.table()));
            }
        }
        List<String> inProcess = cfg.only.stream().filter(Config.IN_PROCESS::contains).toList();
        if (!inProcess.isEmpty() && !cfg.pinned && cfg.inProcessCpus != null) {
            parts.add(show(cfg, runPinned(cfg, args, inProcess, out)));
        } else {
            if (cfg.runs("pingpong")) {
                parts.add(show(cfg, PingPong.run(cfg).table()));
            }
            if (cfg.runs("rr")) {
                for (Section s : RequestResponse.run(cfg)) {
                    parts.add(show(cfg, s.table()));
                }
            }
            if (cfg.runs("send")) {
                for (Section s : Send.run(cfg)) {
                    parts.add(show(cfg, s.table()));
                }
            }
            if (cfg.runs("bulk")) {
                for (Section s : Bulk.run(cfg)) {
                    parts.add(show(cfg, s.table()));
                }
            }
            if (cfg.runs("lines")) {
                parts.add(show(cfg, Lines.run(cfg).table()));
            }
        }
        if (cfg.runs("idle") && !cfg.pinned) {
            parts.add(show(cfg, IdleCpu.run(cfg)));
        }
        if (cfg.runs("lua-echo") && !cfg.pinned) {
            parts.add(show(cfg, LuaEcho.run(cfg)));
        }
        String loadEnd = loadAverage();
        if (!cfg.pinned) {
            parts.add("### Summary lines\n\n```\n" + String.join("\n", Ratios.lines())
                    + "\n```\n\nLoad average at the start (1, 5, 15 min): " + loadStart
                    + "; at the end: " + loadEnd + ". Other processes on the machine count in"
                    + " it.\n");
        }
        Files.writeString(out, String.join("\n", parts), StandardCharsets.UTF_8);
        if (!cfg.pinned) {
            System.out.println("load " + loadStart + " -> " + loadEnd);
            System.out.println("report " + out.toAbsolutePath());
        }
        System.exit(0);
    }

    private static String show(Config cfg, String table) {
        if (!cfg.quick && !cfg.pinned) {
            System.out.println(table);
            System.out.flush();
        }
        return table;
    }

    /**
     * Runs the in-process scenarios in a child JVM pinned to {@code cfg.inProcessCpus}: its
     * summary lines are passed on as they come, its tables are read from its report file.
     */
    private static String runPinned(Config cfg, String[] args, List<String> scenarios, Path out)
            throws Exception {
        Path childOut = out.resolveSibling(out.getFileName() + ".inprocess");
        List<String> childArgs = new ArrayList<>();
        for (String raw : args) {
            for (String arg : raw.trim().split("\\s+")) {
                if (!arg.isEmpty() && !arg.startsWith("--only") && !arg.startsWith("--out")) {
                    childArgs.add(arg);
                }
            }
        }
        childArgs.add("--pinned");
        childArgs.add("--only=" + String.join(",", scenarios));
        childArgs.add("--out=" + childOut);
        List<String> jvm = new ArrayList<>(List.of("-Xms1g", "-Xmx4g"));
        List<String> command = ChildJvm.command(ChildJvm.placement(cfg.inProcessCpus, 0), jvm,
                Main.class, childArgs);
        try (ChildOutput child = ChildOutput.start("in-process scenarios", command)) {
            while (true) {
                String line;
                try {
                    line = child.expect(cfg.deadlineSeconds, "ratio ", "check ", "note ");
                } catch (IOException ended) {
                    break;
                }
                Ratios.emitRaw(line);
            }
            if (!child.process.waitFor(30, TimeUnit.SECONDS) || child.process.exitValue() != 0) {
                throw new IOException("the in-process scenarios failed");
            }
        }
        String tables = Files.readString(childOut, StandardCharsets.UTF_8);
        Files.deleteIfExists(childOut);
        return "_The scenarios below ran in a JVM pinned to CPU " + cfg.inProcessCpus
                + " (both ends of every connection on that CPU)._\n\n" + tables;
    }

    private static String header(Config cfg, String[] args) {
        var runtime = ManagementFactory.getRuntimeMXBean();
        StringBuilder b = new StringBuilder();
        b.append("## loomsocket benchmarks, ").append(ZonedDateTime.now()
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z"))).append("\n\n");
        b.append("- Commit: ").append(commit()).append('\n');
        b.append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(" (")
                .append(System.getProperty("java.vendor")).append(")\n");
        b.append("- JVM options: ").append(String.join(" ", runtime.getInputArguments()))
                .append("; forwarded to every child JVM: ")
                .append(String.join(" ", ChildJvm.forwardedProperties())).append('\n');
        b.append("- Arguments: ").append(String.join(" ", args).trim()).append('\n');
        b.append("- Machine: ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.version")).append(", ")
                .append(cpuModel()).append("; descriptor limit of this JVM (soft/hard) ")
                .append(ProcStats.ownDescriptorLimit()).append('\n');
        b.append("- Load average at the start (1, 5, 15 min): ").append(loadAverage()).append('\n');
        String lua = LuaRunner.availability(cfg);
        b.append("- C oracle: ").append(lua == null ? LuaRunner.version() : "none (" + lua + ")")
                .append('\n');
        return b.toString();
    }

    /** The commit of the working tree, and whether it has changes, when git can say. */
    private static String commit() {
        try {
            Process p = new ProcessBuilder("git", "log", "-1", "--format=%h %s")
                    .redirectErrorStream(true).start();
            String head = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .trim();
            Process d = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no")
                    .redirectErrorStream(true).start();
            boolean dirty = !new String(d.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .isBlank();
            p.waitFor(10, TimeUnit.SECONDS);
            d.waitFor(10, TimeUnit.SECONDS);
            return head + (dirty ? " (with uncommitted changes)" : "");
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    /** The first three fields of /proc/loadavg: the machine may be running other work. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The 1-minute load average, or NaN. */
    static double loadAverage1() {
        try {
            return Double.parseDouble(loadAverage().split(",")[0]);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
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
