package io.loomsocket;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Python's {@code http.server} (Debian's {@code python3}) serving a directory on a loopback port
 * that it chose (port 0) and printed: an HTTP server nobody here wrote. Killed on close.
 */
final class PythonHttpServer implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("port (\\d+)");

    private final Process process;
    private final Path log;
    final int port;

    /**
     * Starts it, or skips the calling test when no {@code python3} exists on this machine (and
     * says so).
     */
    PythonHttpServer(Path directory, String protocol) throws Exception {
        String python = python();
        Assumptions.assumeTrue(python != null, "SKIPPED: python3 is not installed, so HttpGet is"
                + " not tested against Python's http.server; install Debian's python3 (bash"
                + " .ci/run does)");
        log = Files.createTempFile("http-server", ".log");
        process = new ProcessBuilder(python, "-u", "-m", "http.server", "0", "--bind",
                "127.0.0.1", "--directory", directory.toString(), "--protocol", protocol)
                .redirectError(log.toFile())
                .start();
        CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                return "cannot read its output: " + e;
            }
        });
        String serving = null;
        try {
            serving = firstLine.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            serving = "nothing within 20 s";
        }
        Matcher matcher = SERVING.matcher(serving == null ? "" : serving);
        if (!matcher.find()) {
            String why = "http.server did not say its port (it said " + serving + "); its log:\n"
                    + log();
            close();
            throw new AssertionError(why);
        }
        port = Integer.parseInt(matcher.group(1));
    }

    /** Debian's python3 if it is there, else the first python3 on the PATH, else null. */
    private static String python() {
        if (Files.isExecutable(Path.of("/usr/bin/python3"))) {
            return "/usr/bin/python3";
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "python3"))) {
                return Path.of(dir, "python3").toString();
            }
        }
        return null;
    }

    /** What the server wrote to its standard error: one line per request. */
    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(log);
    }
}
