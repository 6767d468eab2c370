package io.loomsocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.timing.TimedTest;
import io.loomsocket.timing.TimingMiss;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * No virtual thread pins its carrier in the library, not even at start-up: many threads making
 * their first use at once (a fresh child JVM, classes loaded from directories) produce no
 * {@code jdk.VirtualThreadPinned} event with a loomsocket frame or naming a loomsocket class,
 * with either poller. The one exception is the JVM's own: threads whose very first calls come at
 * the same instant wait for {@link Tcp}'s initialisation (on JDK 21 to 25 that holds the
 * carrier); it must stay under JFR's default threshold of 20 ms, and never happen once the main
 * thread has made the first call.
 */
@org.junit.jupiter.api.Timeout(120)
class StartupPinningTest {
    @TimedTest
    void firstUsesOfThreadsAtOnceDoNotPinWithTheVirtualPoller() throws Exception {
        firstUsesDoNotPin("virtual", "threads-first");
    }

    @TimedTest
    void firstUsesOfThreadsAtOnceDoNotPinWithTheHybridPoller() throws Exception {
        firstUsesDoNotPin("hybrid", "threads-first");
    }

    @TimedTest
    void firstUsesAfterTheMainThreadsDoNotPinWithTheVirtualPoller() throws Exception {
        firstUsesDoNotPin("virtual", "main-first");
    }

    @TimedTest
    void firstUsesAfterTheMainThreadsDoNotPinWithTheHybridPoller() throws Exception {
        firstUsesDoNotPin("hybrid", "main-first");
    }

    /**
     * Runs the child with the poller and the order given. A pin is a failure, with its stack;
     * so is a wait for {@code Tcp}'s initialisation once the main thread made the first call. The
     * waits of threads that came at once last as long as that initialisation, which load
     * stretches: one of 20 ms or more is a {@link TimingMiss}.
     */
    private static void firstUsesDoNotPin(String poller, String order) throws Exception {
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
        if (longestMicros >= 20_000) {
            throw new TimingMiss("a wait of " + longestMicros + " us for Tcp's initialisation,"
                    + " 20000 at most: " + output);
        }
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
