package io.loomsocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Descriptors run out and come back (a child JVM under {@code ulimit -n 128}): every failure
 * is a {@link TcpException} with the system's text, every close releases its descriptor, and
 * the library works again afterwards; from a class directory (where a class loaded late needs a
 * descriptor of its own) and from a jar, with each kind of poller.
 */
class DescriptorExhaustionTest {
    private static final String TOO_MANY = "Too many open files";

    @Test
    @Timeout(60)
    void fromClassDirectories() throws Exception {
        check(classPath(List.of(location(Tcp.class), location(DescriptorExhaustion.class))),
                "virtual");
    }

    @Test
    @Timeout(60)
    void fromAJar(@TempDir Path temp) throws Exception {
        Path jar = temp.resolve("loomsocket.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            add(out, location(Tcp.class), path -> true);
            add(out, location(DescriptorExhaustion.class),
                    path -> path.endsWith("DescriptorExhaustion.class"));
        }
        check(jar.toString(), "hybrid");
    }

    private static void check(String classPath, String poller) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder("bash", "-c",
                "ulimit -n 128 && exec \"$0\" -Xshare:auto -Dio.loomsocket.poller=" + poller
                        + " -cp \"$1\" io.loomsocket.DescriptorExhaustion", java, classPath);
        builder.redirectErrorStream(true);
        Process child = builder.start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not end");
        assertEquals(0, child.exitValue(), output);
        List<String> problems = new ArrayList<>();
        boolean sawError = false;
        boolean done = false;
        for (String line : output.lines().toList()) {
            if (line.startsWith("error: ")) {
                sawError = true;
                if (!line.endsWith("Exception: " + TOO_MANY)
                        || !(line.contains("TcpException") || line.contains("ReceiveException"))) {
                    problems.add(line);
                }
            } else if (line.equals("done leaked=0")) {
                done = true;
            } else {
                problems.add(line);
            }
        }
        assertTrue(sawError, "descriptors never ran out:\n" + output);
        assertTrue(done && problems.isEmpty(), String.join("\n", problems) + "\n---\n" + output);
    }

    private static Path location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static String classPath(List<Path> entries) {
        return String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
    }

    private static void add(JarOutputStream out, Path root,
            Predicate<Path> wanted) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).filter(wanted).toList();
        }
        for (Path file : files) {
            out.putNextEntry(new JarEntry(root.relativize(file).toString().replace('\\', '/')));
            Files.copy(file, out);
            out.closeEntry();
        }
    }
}
