package io.loomsocket.differential;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every scenario in src/test/scenarios/*.scn, run with C LuaSocket and with loomsocket: both must
 * give the same results, step by step.
 */
class ScenarioFilesTest {
    static final Path DIRECTORY = Path.of(System.getProperty("loomsocket.scenarios",
            "src/test/scenarios"));

    @TestFactory
    Stream<DynamicTest> scenarioFiles() throws IOException {
        Oracle.require();
        List<Path> files;
        try (Stream<Path> list = Files.list(DIRECTORY)) {
            files = list.filter(p -> p.toString().endsWith(".scn")).sorted().toList();
        }
        return files.stream().flatMap(file -> {
            try {
                return Scenario.load(file).stream().map(s -> DynamicTest.dynamicTest(
                        file.getFileName() + ": " + s.name(), () -> Differential.assertAgree(s)));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
