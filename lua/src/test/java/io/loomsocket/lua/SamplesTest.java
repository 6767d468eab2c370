package io.loomsocket.lua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Lua samples (lua/samples, and the line client of samples/lua) under lua5.4 with C LuaSocket
 * and under loomlua: where a sample has two ends, every pairing of the two implementations runs,
 * and each prints the same bytes as the pairing of C with C. A server prints its port on its
 * first line, which is left out of the comparison.
 */
class SamplesTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final List<String> BOTH = List.of(LuaRun.C, LuaRun.LOOM);
    private static final Pattern PORT = Pattern.compile("(\\d{2,5})");

    private static Path samples() {
        return LuaRun.samples().toAbsolutePath();
    }

    /** samples/lua/lineclient.lua, the repository's classic LuaSocket line client. */
    private static Path lineClient() {
        return samples().getParent().getParent().resolve("samples/lua/lineclient.lua");
    }

    private static Map<String, String> environment() {
        return Map.of("LUA_PATH", ";;");
    }

    /** Both outputs of one pairing. */
    private record Ends(String server, String client) {}

    /**
     * Runs {@code server} on one implementation and {@code client} (given the server's port) on
     * the other, in every pairing, and checks that each pairing prints what C with C prints.
     */
    private static void everyPairing(List<String> serverArgs, Function<String, List<String>> clientArgs,
            String input) throws Exception {
        Oracle.require();
        Ends baseline = null;
        for (String server : BOTH) {
            for (String client : BOTH) {
                Ends ends = run(server, serverArgs, client, clientArgs, input);
                if (baseline == null) {
                    baseline = ends;
                    continue;
                }
                String pairing = "server " + server + ", client " + client;
                assertEquals(baseline.client(), ends.client(), pairing + ": the client's output");
                assertEquals(baseline.server(), ends.server(), pairing + ": the server's output");
            }
        }
    }

    private static Ends run(String server, List<String> serverArgs, String client,
            Function<String, List<String>> clientArgs, String input) throws Exception {
        Path directory = samples();
        LuaRun.Started serverRun = LuaRun.start(server, directory, environment(), serverArgs);
        String port = awaitPort(serverRun);
        LuaRun clientRun = LuaRun.start(client, directory, environment(), clientArgs.apply(port), input)
                .finish(LIMIT);
        LuaRun serverDone = serverRun.finish(Duration.ofSeconds(20));
        String report = "server " + server + " (exit " + serverDone.exit() + "):\n" + serverDone.out()
                + serverDone.err() + "\nclient " + client + " (exit " + clientRun.exit() + "):\n"
                + clientRun.out() + clientRun.err();
        if (clientRun.exit() != 0 || serverDone.exit() != 0) {
            fail("a sample failed\n" + report);
        }
        String serverOut = serverDone.out();
        return new Ends(serverOut.substring(serverOut.indexOf('\n') + 1), clientRun.out());
    }

    /** The port a server prints on its first line. */
    private static String awaitPort(LuaRun.Started server) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            String out = Files.readString(server.out(), StandardCharsets.ISO_8859_1);
            int end = out.indexOf('\n');
            if (end > 0) {
                Matcher matcher = PORT.matcher(out.substring(0, end));
                if (matcher.find()) {
                    return matcher.group(1);
                }
            }
            if (!server.process().isAlive() || System.nanoTime() > deadline) {
                LuaRun run = server.stop();
                fail("the server did not print its port\n" + run.out() + run.err());
            }
            Thread.sleep(20);
        }
    }

    @Test
    void lineClientAndLineServer() throws Exception {
        everyPairing(List.of("lineserver.lua", "0", "1"),
                port -> List.of(lineClient().toString(), "127.0.0.1", port),
                "hello\nslow\nlast one\n");
    }

    @Test
    void chatServerOnSelectAndItsClients() throws Exception {
        everyPairing(List.of("chatserver.lua", "0", "3"), port -> List.of("chatclients.lua", port), null);
    }

    @Test
    void dictClientOnSocketTpAndAStandInServer() throws Exception {
        everyPairing(List.of("dictserver.lua", "0", "1"),
                port -> List.of("dict.lua", "127.0.0.1", port, "socket", "nothing", "loom"), null);
    }

    /**
     * The coroutine dispatcher forwarding connections: the line client talks to a line server
     * (C LuaSocket) through forward.lua, in every pairing of the forwarder and the client.
     */
    @Test
    void coroutineForwarderBetweenLineClientAndLineServer() throws Exception {
        Oracle.require();
        Ends baseline = null;
        for (String forwarder : BOTH) {
            for (String client : BOTH) {
                LuaRun.Started lineServer = LuaRun.start(LuaRun.C, samples(), environment(),
                        List.of("lineserver.lua", "0", "1"));
                String target = awaitPort(lineServer);
                Ends ends = run(forwarder, List.of("forward.lua", "0", "127.0.0.1", target, "1"), client,
                        port -> List.of(lineClient().toString(), "127.0.0.1", port), "hello\nslow\nbye\n");
                lineServer.finish(Duration.ofSeconds(20));
                if (baseline == null) {
                    baseline = ends;
                    continue;
                }
                String pairing = "forwarder " + forwarder + ", client " + client;
                assertEquals(baseline.client(), ends.client(), pairing + ": the client's output");
                assertEquals(baseline.server(), ends.server(), pairing + ": the forwarder's output");
            }
        }
    }

    @Test
    void httpGetThroughSocketHttpAgainstPythonsHttpServer(@TempDir Path site) throws Exception {
        Oracle.require();
        Files.writeString(site.resolve("index.txt"), "hello from http.server\nsecond line\n");
        Files.write(site.resolve("big.bin"), new byte[300_000]);
        Process python = new ProcessBuilder("python3", "-u", "-m", "http.server", "0", "--bind",
                "127.0.0.1", "--directory", site.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            java.util.concurrent.CompletableFuture<String> line = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return new java.io.BufferedReader(new java.io.InputStreamReader(
                            python.getInputStream(), StandardCharsets.UTF_8)).readLine();
                } catch (java.io.IOException e) {
                    return "cannot read its output: " + e;
                }
            });
            String first;
            try {
                first = line.get(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                first = "nothing within 20 s";
            }
            Matcher matcher = Pattern.compile("port (\\d+)").matcher(first);
            if (!matcher.find()) {
                fail("http.server did not say its port: " + first);
            }
            String base = "http://127.0.0.1:" + matcher.group(1) + "/";
            for (String path : List.of("index.txt", "big.bin")) {
                List<String> outputs = new ArrayList<>();
                for (String implementation : BOTH) {
                    LuaRun run = LuaRun.start(implementation, samples(), environment(),
                            List.of("httpget.lua", base + path)).finish(LIMIT);
                    if (run.exit() != 0) {
                        fail(implementation + " failed: " + run.out() + run.err());
                    }
                    outputs.add(run.out());
                }
                assertEquals(outputs.get(0), outputs.get(1), path);
            }
        } finally {
            python.destroy();
            python.waitFor();
        }
    }
}
