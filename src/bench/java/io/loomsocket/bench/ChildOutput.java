package io.loomsocket.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child process spoken to by lines: its output is read on a daemon thread, so that every wait
 * for a line is bounded in time; closing its input is how every child is told to exit.
 */
final class ChildOutput implements AutoCloseable {
    private static final String END = "\u0000end";

    final String name;
    final Process process;
    private final PrintStream in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    ChildOutput(String name, Process process) {
        this.name = name;
        this.process = process;
        this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process is gone
            }
            lines.add(END);
        }, name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    static ChildOutput start(String name, java.util.List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        return new ChildOutput(name, p);
    }

    long pid() {
        return process.pid();
    }

    void send(String line) {
        in.println(line);
    }

    /**
     * The next line that starts with one of {@code prefixes}; other lines are shown on stderr.
     *
     * @throws IOException if the process ends or stays silent for {@code seconds}
     */
    String expect(long seconds, String... prefixes) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IOException(name + ": no " + String.join("/", prefixes) + " within "
                        + seconds + " s");
            }
            if (line.equals(END)) {
                lines.add(END);
                throw new IOException(name + " ended (exit code " + exitCode() + ") before "
                        + String.join("/", prefixes));
            }
            for (String prefix : prefixes) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            System.err.println(name + ": " + line);
        }
    }

    private String exitCode() throws InterruptedException {
        return process.waitFor(2, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "?";
    }

    /** Closes the input, waits a little for the exit, then kills what is left. */
    @Override
    public void close() {
        in.close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                System.err.println(name + " did not exit; killing it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
