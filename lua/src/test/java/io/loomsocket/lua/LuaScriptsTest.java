package io.loomsocket.lua;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Each Lua script of {@code src/test/lua} runs under lua5.4 with C LuaSocket and under the
 * loomlua launcher, at the same time, and must print the same lines and exit with the same
 * status. A script prints its results through {@code lib/support.lua}, which writes values in one
 * form for Lua 5.4 and LuaJ's 5.2. A line that starts with {@code differs} must differ: it pins
 * a difference the README lists, which the test notices if it goes away. Lines about elapsed times start with {@code time}: when the two
 * outputs differ in such lines alone, the script runs again (twice at most), since a busy machine
 * can delay one process; a difference in any other line fails at once.
 */
class LuaScriptsTest {
    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final int TIME_RETRIES = 2;

    @TestFactory
    Stream<DynamicTest> everyScriptPrintsTheSameOnBothImplementations() throws IOException {
        Path directory = LuaRun.testScripts().toAbsolutePath();
        List<Path> scripts;
        try (Stream<Path> files = Files.list(directory)) {
            scripts = files.filter(f -> f.getFileName().toString().endsWith(".lua")).sorted().toList();
        }
        if (scripts.isEmpty()) {
            fail("no Lua scripts in " + directory);
        }
        return scripts.stream().map(script -> DynamicTest.dynamicTest(
                script.getFileName().toString(), () -> compare(directory, script)));
    }

    static void compare(Path directory, Path script) throws Exception {
        Oracle.require();
        Map<String, String> environment = Map.of("LUA_PATH", directory.resolve("lib") + "/?.lua;;");
        for (int attempt = 0; ; attempt++) {
            List<String> args = List.of(script.getFileName().toString());
            LuaRun.Started c = LuaRun.start(LuaRun.C, directory, environment, args);
            LuaRun.Started loom = LuaRun.start(LuaRun.LOOM, directory, environment, args);
            LuaRun expected = c.finish(LIMIT);
            LuaRun actual = loom.finish(LIMIT);
            String problem = Comparison.of(expected, actual);
            if (problem == null) {
                return;
            }
            if (!Comparison.timingOnly(expected.out(), actual.out()) || attempt == TIME_RETRIES) {
                fail(problem + "\n" + Comparison.report(expected, actual));
            }
        }
    }
}
