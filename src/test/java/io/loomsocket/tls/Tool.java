package io.loomsocket.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** An interop peer in a process of its own: openssl or python3, its output read line by line. */
final class Tool implements AutoCloseable {
    final Process process;
    private final BufferedReader out;
    private final StringBuilder seen = new StringBuilder();

    Tool(List<String> command) throws IOException {
        process = new ProcessBuilder(command).directory(TestCerts.get().dir.toFile())
                .redirectErrorStream(true).start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.ISO_8859_1));
    }

    /** The next line that starts with {@code prefix}, within {@code seconds}. */
    String lineStarting(String prefix, double seconds) throws Exception {
        CompletableFuture<String> found = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    seen.append(line).append('\n');
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        String line = found.get((long) (seconds * 1000), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new AssertionError("no line starting \"" + prefix + "\" from " + process.info()
                    .commandLine().orElse("?") + "; it printed:\n" + seen);
        }
        return line;
    }

    /** The port an {@code openssl s_server -accept 127.0.0.1:0} listens on. */
    int acceptPort() throws Exception {
        String line = lineStarting("ACCEPT", 10);
        return Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim());
    }

    void write(String text) throws IOException {
        process.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        process.getOutputStream().flush();
    }

    String seen() {
        return seen.toString();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
