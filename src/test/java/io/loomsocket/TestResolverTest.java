package io.loomsocket;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The tests resolve names from their own hosts file, so that no DNS query leaves the machine. */
class TestResolverTest {
    @Test
    void namesComeFromTheTestHostsFile() {
        String file = System.getProperty("jdk.net.hosts.file");
        assertTrue(file != null && Files.isRegularFile(Path.of(file)), "jdk.net.hosts.file: " + file);
    }
}
