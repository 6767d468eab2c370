package io.loomsocket.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The C LuaSocket side: a server and a client, each a {@code lua5.4} process running
 * src/bench/lua/bench.lua.
 */
final class LuaRunner {
    private LuaRunner() {}

    /** Null when lua5.4 with LuaSocket can be started here and the script exists; else why not. */
    static String availability(Config cfg) {
        if (!cfg.lua) {
            return "disabled by --no-lua";
        }
        if (!Files.isRegularFile(cfg.luaDir.resolve("bench.lua"))) {
            return "no " + cfg.luaDir.resolve("bench.lua");
        }
        try {
            Process p = new ProcessBuilder("lua5.4", "-e",
                    "local s = require('socket'); io.write(s._VERSION)")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return "lua5.4 with LuaSocket not usable: " + out.trim();
            }
            return null;
        } catch (IOException | InterruptedException e) {
            return "lua5.4 not found: " + e.getMessage();
        }
    }

    /** The LuaSocket version string and lua5.4's own, for the report header. */
    static String version() {
        try {
            Process p = new ProcessBuilder("lua5.4", "-e",
                    "local s = require('socket'); io.write(_VERSION, ', ', s._VERSION)")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out.trim();
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    /** A contender of two lua5.4 processes running bench.lua with these arguments. */
    static Contender contender(Config cfg, String label, List<String> server, List<String> client) {
        return contender(cfg, label, List.of(), server, client);
    }

    /** As above, each process started after {@code prefix} (taskset, prlimit). */
    static Contender contender(Config cfg, String label, List<String> prefix, List<String> server,
            List<String> client) {
        String script = cfg.luaDir.resolve("bench.lua").toString();
        List<String> serverCommand = new ArrayList<>(prefix);
        serverCommand.addAll(List.of("lua5.4", script));
        serverCommand.addAll(server);
        List<String> clientCommand = new ArrayList<>(prefix);
        clientCommand.addAll(List.of("lua5.4", script));
        clientCommand.addAll(client);
        return new ChildProcess(label, serverCommand, clientCommand);
    }
}
