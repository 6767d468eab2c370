package io.loomsocket.soak;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of the soak (server or client): started under a descriptor limit ({@code prlimit}, or
 * {@code ulimit} in bash where prlimit is missing) and a JFR recording of
 * {@code jdk.VirtualThreadPinned}, with the library on the module path (so the soak reaches
 * only its exported API). Its standard output is read line by line: the lines of the soak's
 * own protocol wait in a queue, every other line is printed as it comes.
 */
final class ChildJvm {
    private static final Set<String> PROTOCOL =
            Set.of("ready", "warm", "status", "result", "client-result", "idle");
    private static final String END = "\u0000end";

    final String name;
    final Path recording;
    private final Path directory;
    private final Process process;
    private int dumps;
    private final Writer input;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private ChildJvm(String name, Path recording, Path directory, Process process) {
        this.name = name;
        this.recording = recording;
        this.directory = directory;
        this.process = process;
        this.input = process.outputWriter(StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon(true).name(name + "-output").start(this::readOutput);
    }

    /** Starts {@code main} with {@code args} in a new JVM. */
    static ChildJvm start(String name, Class<?> main, List<String> args, String poller,
            int descriptorLimit, Path settings, Path directory) throws IOException {
        Path recording = directory.resolve(name + ".jfr");
        List<String> command = new ArrayList<>();
        if (onPath("prlimit")) {
            command.addAll(List.of("prlimit", "--nofile=" + descriptorLimit + ":"
                    + descriptorLimit));
        } else {
            command.addAll(List.of("bash", "-c", "ulimit -n " + descriptorLimit
                    + " && exec \"$@\"", "bash"));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx2g",
                "-XX:StartFlightRecording:name=soak,settings=" + settings + ",filename="
                        + recording,
                "-XX:FlightRecorderOptions:stackdepth=256", "-Xlog:jfr+startup=off",
                "-Dio.loomsocket.poller=" + poller,
                "--module-path", System.getProperty("jdk.module.path"),
                "--add-modules", "io.loomsocket",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new ChildJvm(name, recording, directory, process);
    }

    long pid() {
        return process.pid();
    }

    /** Sends a command line to the JVM's standard input; false if the JVM is gone. */
    boolean send(String line) {
        try {
            input.write(line + "\n");
            input.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The next protocol line that starts with {@code word}, or null if the JVM's output ended
     * or {@code seconds} passed first (then the soak reports it as an error).
     */
    String await(String word, long seconds) throws InterruptedException {
        return awaitAny(seconds, word);
    }

    /**
     * The next protocol line that starts with any of {@code words}, or null if the JVM's output
     * ended or {@code seconds} passed first.
     */
    String awaitAny(long seconds, String... words) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null || line.equals(END)) {
                if (line != null) {
                    lines.add(END);
                }
                return null;
            }
            for (String word : words) {
                if (line.equals(word) || line.startsWith(word + " ")) {
                    return line;
                }
            }
        }
    }

    /** Waits for the JVM to exit; its exit status, or -1 (and it is killed) if it did not. */
    int awaitExit(long seconds) throws InterruptedException {
        if (process.waitFor(seconds, TimeUnit.SECONDS)) {
            return process.exitValue();
        }
        dumpThreads("it did not exit within " + seconds + " s");
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        return -1;
    }

    /**
     * Writes the stacks of every thread of the JVM, virtual threads too ({@code jcmd
     * Thread.dump_to_file}), to a file beside the recordings, so that a JVM that hangs says
     * where; prints where the file is.
     */
    void dumpThreads(String why) throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        Path file = directory.resolve(name + "-threads-" + ++dumps + ".txt").toAbsolutePath();
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()),
                    "Thread.dump_to_file", "-format=text", file.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            boolean done = dump.waitFor(60, TimeUnit.SECONDS);
            System.out.println("soak: " + name + " JVM's threads " + (done && Files.exists(file)
                    ? "dumped to " + file : "could not be dumped") + " (" + why + ")");
        } catch (IOException e) {
            System.out.println("soak: " + name + " JVM's threads could not be dumped: " + e);
        }
    }

    private void readOutput() {
        PrintStream out = System.out;
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (PROTOCOL.contains(line.split(" ", 2)[0])) {
                    lines.add(line);
                } else {
                    out.println(line);
                }
            }
        } catch (IOException e) {
            out.println(name + ": output unreadable: " + e);
        } finally {
            lines.add(END);
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(directory, program))) {
                return true;
            }
        }
        return false;
    }
}
