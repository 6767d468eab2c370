package io.loomsocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * No virtual thread pins its carrier in the library, not even at start-up: many threads making
 * their first use at once (a fresh child JVM, classes loaded from directories) produce no
 * {@code jdk.VirtualThreadPinned} event with a loomsocket frame or naming a loomsocket class,
 * with either poller. The one exception is the JVM's own: threads whose very first calls come at
 * the same instant wait for {@link Tcp}'s initialisation (on JDK 21 to 25 that holds the
 * carrier); it must stay under JFR's default threshold of 20 ms, and never happen once the main
 * thread has made the first call.
 */
class StartupPinningTest {
    @ParameterizedTest(name = "poller {0}, {1}")
    @CsvSource({"virtual, threads-first", "hybrid, threads-first", "virtual, main-first",
        "hybrid, main-first"})
    @org.junit.jupiter.api.Timeout(120)
    void firstUsesDoNotPin(String poller, String order) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = String.join(File.pathSeparator,
                location(Tcp.class), location(StartupPinning.class));
        Process child = new ProcessBuilder(List.of(java, "-Dio.loomsocket.poller=" + poller,
                "-cp", classPath, "io.loomsocket.StartupPinning", order))
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not end");
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.strip().endsWith("done pinned=0 failed=0"), output);
        Matcher entry = Pattern.compile("entry-class waits=(\\d+) longest-us=(\\d+)")
                .matcher(output);
        assertTrue(entry.find(), output);
        int waits = Integer.parseInt(entry.group(1));
        long longestMicros = Long.parseLong(entry.group(2));
        if (order.equals("main-first")) {
            assertEquals(0, waits, "Tcp was initialised by the main thread: " + output);
        }
        // JFR's default threshold for jdk.VirtualThreadPinned: a wait this short is not reported.
        assertTrue(longestMicros < 20_000, "a wait for Tcp's initialisation: " + output);
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
