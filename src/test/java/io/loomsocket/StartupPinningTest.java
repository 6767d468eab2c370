package io.loomsocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * No virtual thread pins its carrier in the library, not even at start-up: many threads making
 * their first use at once (a fresh child JVM, classes loaded from directories) produce no
 * {@code jdk.VirtualThreadPinned} event with a loomsocket frame, with either poller.
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
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
