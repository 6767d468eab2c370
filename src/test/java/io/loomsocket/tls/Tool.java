package io.loomsocket.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An interop peer in a process of its own: openssl or python3, its output read line by line. */
final class Tool implements AutoCloseable {
    final Process process;
    /** Every line the tool prints, read by a thread of its own; END after the last. */
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private static final String END = new String("end of output");
    private final StringBuffer seen = new StringBuffer();

    Tool(List<String> command) throws IOException {
        process = new ProcessBuilder(command).directory(TestCerts.get().dir.toFile())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.ISO_8859_1));
        Thread.ofVirtual().name("tool-output").start(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
            lines.add(END);
        });
    }

    /** The next line that starts with {@code prefix}, within {@code seconds}. */
    String lineStarting(String prefix, double seconds) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        String line = null;
        while (true) {
            String next = lines.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null || next == END) {
                if (next == END) {
                    lines.add(END);
                }
                break;
            }
            seen.append(next).append('\n');
            if (next.startsWith(prefix)) {
                line = next;
                break;
            }
        }
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
