package io.loomsocket.lua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The test pair (src/test/lua/pair): a server that executes the Lua lines its control connection
 * sends, and a client that drives it and checks results, partials, errors and elapsed times,
 * with loomlua on one side and lua5.4 with C LuaSocket on the other, both ways round. loomlua
 * runs with LUASOCKET_DEBUG=1, so as a client it checks the elapsed times that LuaSocket's debug
 * build adds to send and receive results. A run whose only misses are timing lines runs again
 * (twice at most); a logic failure fails at once.
 */
class TestPairTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @ParameterizedTest(name = "server {0}, client {1}")
    @CsvSource({"loomlua, lua5.4", "lua5.4, loomlua"})
    void clientChecksEverythingAgainstTheOtherImplementation(String server, String client) throws Exception {
        Oracle.require();
        Path directory = LuaRun.testScripts().toAbsolutePath();
        Map<String, String> environment = Map.of("LUA_PATH", directory.resolve("lib") + "/?.lua;;",
                "LUASOCKET_DEBUG", "1");
        for (int attempt = 0; ; attempt++) {
            Path portFile = Files.createTempFile("pair-port", ".txt");
            Files.delete(portFile);
            LuaRun.Started serverRun = LuaRun.start(server, directory, environment,
                    List.of("pair/server.lua", portFile.toString()));
            String port = awaitPort(portFile, serverRun);
            LuaRun clientRun = LuaRun.start(client, directory, environment,
                    List.of("pair/client.lua", port)).finish(LIMIT);
            LuaRun serverDone = serverRun.finish(Duration.ofSeconds(20));
            Files.deleteIfExists(portFile);
            String report = "---- client " + client + " (exit " + clientRun.exit() + "):\n"
                    + clientRun.out() + clientRun.err() + "---- server " + server + " (exit "
                    + serverDone.exit() + "):\n" + serverDone.out() + serverDone.err();
            boolean logicFailed = clientRun.out().lines().anyMatch(line -> line.startsWith("FAIL"));
            boolean timingMissed = clientRun.out().lines()
                    .anyMatch(line -> line.startsWith("time ") && !line.endsWith(" ok"));
            if (!logicFailed && clientRun.exit() == 0 && !timingMissed) {
                assertTrue(clientRun.out().contains("all ok"), report);
                assertEquals(0, serverDone.exit(), report);
                assertTrue(clientRun.out().contains("debug " + client.equals(LuaRun.LOOM)), report);
                return;
            }
            if (logicFailed || clientRun.exit() != 0 || attempt == 2) {
                fail("the test pair failed\n" + report);
            }
        }
    }

    private static String awaitPort(Path portFile, LuaRun.Started server) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(portFile)) {
            if (!server.process().isAlive() || System.nanoTime() > deadline) {
                LuaRun run = server.stop();
                fail("the server did not start\n" + run.out() + run.err());
            }
            Thread.sleep(20);
        }
        return Files.readString(portFile).strip();
    }
}
