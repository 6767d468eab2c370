package io.loomsocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The module exports exactly one package: the API. The engine stays hidden. */
class ModuleDescriptorTest {
    @Test
    void exportsOnlyTheApiPackage() throws Exception {
        ModuleDescriptor descriptor;
        Path classes = Path.of(Tcp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            descriptor = ModuleDescriptor.read(in);
        }
        assertEquals("io.loomsocket", descriptor.name());
        Set<String> exported = descriptor.exports().stream()
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        assertEquals(Set.of("io.loomsocket"), exported);
    }
}
