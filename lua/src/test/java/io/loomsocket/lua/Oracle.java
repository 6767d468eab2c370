package io.loomsocket.lua;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * C LuaSocket (Debian's lua5.4 and lua-socket), which every comparison needs: without it the
 * tests fail and say how to install it, unless {@code -Dloomsocket.oracle=skip} asks to skip them,
 * as the core's differential tests do.
 */
final class Oracle {
    private static volatile String problem;
    private static volatile boolean checked;

    private Oracle() {}

    static void require() {
        if (!checked) {
            problem = LuaRun.oracleProblem();
            checked = true;
        }
        if (problem == null) {
            return;
        }
        if ("skip".equals(System.getProperty("loomsocket.oracle"))) {
            Assumptions.abort("C LuaSocket skipped (-Dloomsocket.oracle=skip): " + problem);
        }
        fail(problem + "\nInstall it (apt-get install -y lua5.4 lua-socket; bash .ci/run does),"
                + " or pass -Dloomsocket.oracle=skip to skip the comparisons.");
    }
}
