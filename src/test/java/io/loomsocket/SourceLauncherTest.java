package io.loomsocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An uncaught {@link TcpException} in a program run by the JDK's single-file source launcher
 * ({@code java -p loomsocket.jar --add-modules io.loomsocket Snippet.java}) is reported with
 * its stack trace and where it happened. The launcher cuts its own frames off the stack trace
 * of an uncaught exception by their count, {@code Arrays.copyOfRange(trace, 0, trace.length -
 * invocationFrames)}: given an exception without a stack trace, as timeouts once were, that
 * range is negative, and the launcher failed with {@code IllegalArgumentException: 0 > -5}
 * instead of reporting the exception.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SourceLauncherTest {
    private static final String SNIPPET = """
            import io.loomsocket.*;

            public class Snippet {
                public static void main(String[] args) throws Exception {
                    try (TcpServer server = Tcp.bind("127.0.0.1", 0);
                         TcpClient client = Tcp.connect("127.0.0.1", server.getsockname().port())) {
                        client.settimeout(0.1);
                        client.receive();
                    }
                }
            }
            """;

    @Test
    void anUncaughtTimeoutIsReportedWithItsStackTraceAndItsConnection(@TempDir Path dir)
            throws Exception {
        Path snippet = Files.writeString(dir.resolve("Snippet.java"), SNIPPET);
        String out = run(List.of("-p", modulePath(), "--add-modules", "io.loomsocket",
                snippet.toString()));
        assertFalse(out.contains("IllegalArgumentException"), out);
        String first = out.lines().findFirst().orElse("");
        assertTrue(Pattern.matches("Exception in thread \"main\" io\\.loomsocket\\.ReceiveException:"
                + " timeout \\(receive\\(\"\\*l\"\\) on tcp\\{client\\}\\[local=127\\.0\\.0\\.1:\\d+,"
                + " peer=127\\.0\\.0\\.1:\\d+\\]; the block timeout of 0\\.1 s ran out\\)", first),
                out);
        assertTrue(out.contains("/io.loomsocket.TcpClient.receive(TcpClient.java:"), out);
        assertTrue(out.contains("\tat Snippet.main(Snippet.java:8)"), out);
    }

    /** The library as a module: its jar once packaged, its classes while the tests run. */
    private static String modulePath() {
        return Path.of(TcpException.class.getProtectionDomain().getCodeSource().getLocation()
                .getPath()).toString();
    }

    private static String run(List<String> arguments) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new java.util.ArrayList<>(List.of(java));
        command.addAll(arguments);
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(1, child.exitValue(), out);
        return out;
    }
}
