package io.loomsocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No {@code synchronized} in the library: on JDK 21 a virtual thread that parks inside a monitor
 * pins its carrier, and every I/O path here can park. Locks come from
 * {@code java.util.concurrent.locks}. (PinningTest checks the running behaviour with JFR.)
 */
class NoMonitorsTest {
    private static final Pattern SYNCHRONIZED = Pattern.compile("\\bsynchronized\\b");

    @Test
    void mainSourcesUseNoMonitors() throws IOException {
        Path main = Path.of("src/main/java");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(main)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(NoMonitorsTest::usesMonitor)
                    .map(Path::toString)
                    .toList();
        }
        assertEquals(List.of(), offenders);
    }

    private static boolean usesMonitor(Path file) {
        try {
            return Files.readAllLines(file).stream()
                    .map(line -> line.replaceAll("//.*|^\\s*\\*.*", ""))
                    .anyMatch(line -> SYNCHRONIZED.matcher(line).find());
        } catch (IOException e) {
            throw new IllegalStateException(file.toString(), e);
        }
    }
}
