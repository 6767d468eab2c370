package io.loomsocket.differential;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the oracle is and whether it can start: {@code lua5.4} with Debian's {@code lua-socket}
 * (C LuaSocket 3.1) running src/test/lua/oracle.lua.
 *
 * <p>The differential tests fail, with the reason and the fix, when the oracle cannot start; they
 * never skip silently. {@code -Dloomsocket.oracle=skip} skips them on purpose, for a machine
 * without Lua.
 */
final class Oracle {
    /** The Lua interpreter; {@code -Dloomsocket.oracle.lua=...} names another. */
    static final String LUA = System.getProperty("loomsocket.oracle.lua", "lua5.4");
    /** The oracle script. */
    static final Path SCRIPT = Path.of(System.getProperty("loomsocket.oracle.script",
            "src/test/lua/oracle.lua"));

    private static volatile String problem;
    private static volatile boolean checked;

    private Oracle() {}

    /** The command that starts the oracle. */
    static List<String> command() {
        return List.of(LUA, SCRIPT.toString());
    }

    /**
     * Fails the calling test when the oracle cannot start (with the reason and the fix), or
     * skips it when {@code -Dloomsocket.oracle=skip} was given.
     */
    static void require() {
        Assumptions.assumeFalse(skipped(), SKIPPED);
        requireAvailable();
    }

    /** Why the tests skip, when {@link #skipped()}. */
    static final String SKIPPED = "differential tests skipped by -Dloomsocket.oracle=skip";

    /** True when {@code -Dloomsocket.oracle=skip} asks to skip the differential tests. */
    static boolean skipped() {
        return "skip".equals(System.getProperty("loomsocket.oracle"));
    }

    /** Fails, with the reason and the fix, when the oracle cannot start. */
    static void requireAvailable() {
        String why = problem();
        if (why != null) {
            throw new AssertionError("The differential oracle (C LuaSocket) cannot start: " + why
                    + ". Install it with `apt-get install -y lua5.4 lua-socket` (bash .ci/run does),"
                    + " or run the other tests with -Dloomsocket.oracle=skip.");
        }
    }

    /** Null when the oracle can start; otherwise why not. */
    static String problem() {
        if (!checked) {
            problem = probe();
            checked = true;
        }
        return problem;
    }

    private static String probe() {
        if (!Files.isRegularFile(SCRIPT)) {
            return "no oracle script at " + SCRIPT.toAbsolutePath();
        }
        try {
            Process p = new ProcessBuilder(LUA, "-e",
                    "local s = require('socket'); io.write(s._VERSION)")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return LUA + " did not answer within 30 s";
            }
            if (p.exitValue() != 0) {
                return LUA + " cannot load LuaSocket: " + out.strip();
            }
            if (!out.startsWith("LuaSocket 3.")) {
                return "LuaSocket 3.x expected, found " + out.strip();
            }
            return null;
        } catch (IOException e) {
            return LUA + " not found (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while starting " + LUA;
        }
    }
}
