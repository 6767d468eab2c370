package io.loomsocket.lua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** loomsocket.thread (loomlua's own extension, so under loomlua alone): src/test/lua/loomlua/threads.lua. */
class ThreadLibTest {
    @Test
    void threadsServeConnectionsAndShareTheStateOneAtATime() throws Exception {
        Path directory = LuaRun.testScripts().toAbsolutePath();
        LuaRun run = LuaRun.start(LuaRun.LOOM, directory, Map.of("LUA_PATH", ";;"),
                List.of("loomlua/threads.lua")).finish(Duration.ofSeconds(60));
        assertEquals(0, run.exit(), run.out() + run.err());
        assertEquals("""
                60 replies, first echo 1.1, last echo 9.3
                counter 10000
                spawn 42: false bad argument #1 to 'spawn' (function expected, got number)
                """, run.out(), run.err());
        assertTrue(run.err().contains("loomlua: thread: "), run.err());
        assertTrue(run.err().contains("a thread's error"), run.err());
    }
}
