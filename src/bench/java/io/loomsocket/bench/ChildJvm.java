package io.loomsocket.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Commands for the benchmark's child processes: the same java and class path as this JVM, every
 * {@code -D} option this JVM was started with (so {@code -Dio.loomsocket.poller=...} or
 * {@code -Djdk.pollerMode=1} reach servers and clients alike), and a prefix that pins the child
 * to CPUs and sets its descriptor limit.
 */
final class ChildJvm {
    private ChildJvm() {}

    /** The {@code -D} options of this JVM, forwarded to every child JVM. */
    static List<String> forwardedProperties() {
        List<String> props = new ArrayList<>();
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-D")) {
                props.add(arg);
            }
        }
        return props;
    }

    /** {@code java OPTIONS -D... -cp CLASSPATH MAIN ARGS}, after {@code prefix}. */
    static List<String> command(List<String> prefix, List<String> jvmOptions, Class<?> main,
            List<String> args) {
        List<String> command = new ArrayList<>(prefix);
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.addAll(forwardedProperties());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(args);
        return command;
    }

    /**
     * A prefix that runs a command on {@code cpus} (taskset syntax, or null for anywhere) with
     * both descriptor limits at {@code fdLimit} (0: this process's hard limit, the most a child
     * can get).
     */
    static List<String> placement(String cpus, long fdLimit) {
        List<String> prefix = new ArrayList<>();
        long limit = fdLimit;
        if (limit <= 0) {
            long[] own = ProcStats.descriptorLimit("self");
            limit = own == null ? 0 : own[1];
        }
        if (limit > 0 && limit != Long.MAX_VALUE && onPath("prlimit")) {
            prefix.add("prlimit");
            prefix.add("--nofile=" + limit + ":" + limit);
        }
        if (cpus != null && onPath("taskset")) {
            prefix.add("taskset");
            prefix.add("-c");
            prefix.add(cpus);
        }
        return prefix;
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
