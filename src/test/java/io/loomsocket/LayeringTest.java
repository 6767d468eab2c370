package io.loomsocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The internal packages are layers (ARCHITECTURE.md): socket above engine, transport and tls, the
 * transport and tls under the engine's {@code Transport} interface (tls over the transport,
 * through that interface alone), names ({@code net}) shared. A layer
 * may use the ones below it and never one above: the transport must not know the socket object.
 */
class LayeringTest {
    private static final Pattern INTERNAL_USE =
            Pattern.compile("io\\.loomsocket\\.internal\\.(\\w+)");

    /** For each internal package, the internal packages it may use besides itself. */
    private static final Map<String, List<String>> ALLOWED = Map.of(
            "engine", List.of(),
            "net", List.of("engine"),
            "transport", List.of("engine", "net"),
            "tls", List.of("engine", "net"),
            "socket", List.of("engine", "net", "transport", "tls"));

    @Test
    void internalPackagesUseOnlyTheLayersBelowThem() throws IOException {
        List<String> violations = new ArrayList<>();
        Path root = Path.of("src/main/java/io/loomsocket/internal");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String layer = root.relativize(file).getName(0).toString();
                List<String> allowed = ALLOWED.get(layer);
                if (allowed == null) {
                    violations.add(file + ": not in a known layer");
                    continue;
                }
                Matcher uses = INTERNAL_USE.matcher(Files.readString(file));
                while (uses.find()) {
                    String used = uses.group(1);
                    if (!used.equals(layer) && !allowed.contains(used)) {
                        violations.add(file + " uses internal." + used);
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void theApiUsesOnlyTheSocketLayerAndNames() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/java/io/loomsocket"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher uses = INTERNAL_USE.matcher(Files.readString(file));
                while (uses.find()) {
                    if (!List.of("socket", "engine", "net", "tls").contains(uses.group(1))) {
                        violations.add(file + " uses internal." + uses.group(1));
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
    }
}
