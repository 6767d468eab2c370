package io.loomsocket.lua;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of a Lua program by one implementation: {@code lua5.4} with C LuaSocket, or the {@code
 * loomlua} launcher. Output goes to files (a pipe left unread would stall a chatty program), and a
 * run that outlives its limit is killed and reported as such.
 */
record LuaRun(String implementation, int exit, String out, String err) {
    static final String C = "lua5.4";
    static final String LOOM = "loomlua";

    /** The launcher the build points at (bin/loomlua of this module). */
    static Path launcher() {
        return Path.of(System.getProperty("loomlua.launcher", "bin/loomlua"));
    }

    static Path testScripts() {
        return Path.of(System.getProperty("loomlua.tests", "src/test/lua"));
    }

    static Path samples() {
        return Path.of(System.getProperty("loomlua.samples", "samples"));
    }

    /** The command that runs {@code args} (a script and its arguments) on {@code implementation}. */
    static List<String> command(String implementation, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(implementation.equals(C) ? C : launcher().toAbsolutePath().toString());
        command.addAll(args);
        return command;
    }

    /** Starts {@code args} on {@code implementation} in {@code directory}, output to files. */
    static Started start(String implementation, Path directory, Map<String, String> environment,
            List<String> args) throws IOException {
        return start(implementation, directory, environment, args, null);
    }

    /** As {@link #start(String, Path, Map, List)}, with {@code input} as standard input (null: none). */
    static Started start(String implementation, Path directory, Map<String, String> environment,
            List<String> args, String input) throws IOException {
        File in = new File("/dev/null");
        if (input != null) {
            in = File.createTempFile("lua-in", ".txt");
            in.deleteOnExit();
            Files.writeString(in.toPath(), input, StandardCharsets.UTF_8);
        }
        File out = File.createTempFile("lua-out", ".txt");
        File err = File.createTempFile("lua-err", ".txt");
        out.deleteOnExit();
        err.deleteOnExit();
        ProcessBuilder builder = new ProcessBuilder(command(implementation, args))
                .directory(directory.toFile())
                .redirectOutput(out)
                .redirectError(err)
                .redirectInput(ProcessBuilder.Redirect.from(in));
        builder.environment().putAll(environment);
        return new Started(implementation, builder.start(), out.toPath(), err.toPath());
    }

    /** A program that is running. */
    record Started(String implementation, Process process, Path out, Path err) {
        /** Waits up to {@code limit}; a program still running then is killed. */
        /**
         * Every thread of the JVMs among {@code process} and its descendants, virtual ones too
         * (jcmd's Thread.dump_to_file), so that a run that had to be killed says where it hung.
         */
        private static String threadDump(ProcessHandle process) {
            StringBuilder dump = new StringBuilder();
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            List<ProcessHandle> all = new ArrayList<>();
            all.add(process);
            process.descendants().forEach(all::add);
            for (ProcessHandle handle : all) {
                if (!handle.info().command().orElse("").endsWith("java")) {
                    continue;
                }
                try {
                    Path file = Files.createTempFile("luarun-threads", ".txt");
                    Files.delete(file);
                    Process dumper = new ProcessBuilder(jcmd.toString(),
                            Long.toString(handle.pid()), "Thread.dump_to_file", "-format=text",
                            file.toString()).redirectErrorStream(true).start();
                    dumper.getInputStream().readAllBytes();
                    if (dumper.waitFor(20, TimeUnit.SECONDS) && Files.exists(file)) {
                        dump.append("\n[threads of ").append(handle.pid()).append("]\n")
                                .append(Files.readString(file, StandardCharsets.UTF_8));
                        Files.delete(file);
                    }
                } catch (IOException | InterruptedException e) {
                    dump.append("\n[no thread dump of ").append(handle.pid()).append(": ")
                            .append(e).append(']');
                }
            }
            return dump.toString();
        }

        LuaRun finish(Duration limit) throws IOException, InterruptedException {
            boolean done = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            String threads = "";
            if (!done) {
                threads = threadDump(process.toHandle());
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor();
            }
            String stdout = Files.readString(out, StandardCharsets.ISO_8859_1);
            String stderr = Files.readString(err, StandardCharsets.ISO_8859_1);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            if (!done) {
                stderr += "\n[killed after " + limit.toSeconds() + " s]" + threads;
            }
            return new LuaRun(implementation, done ? process.exitValue() : -1, stdout, stderr);
        }

        /** Kills the program (a server whose client is done). */
        LuaRun stop() throws IOException, InterruptedException {
            process.destroy();
            return finish(Duration.ofSeconds(10));
        }
    }

    /** Whether lua5.4 with LuaSocket can run, else a reason the tests fail with. */
    static String oracleProblem() {
        try {
            Process probe = new ProcessBuilder(C, "-e", "require 'socket'; require 'mime'")
                    .redirectErrorStream(true).start();
            String text = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (probe.waitFor() != 0) {
                return "lua5.4 cannot load LuaSocket: " + text;
            }
            return null;
        } catch (IOException e) {
            return "no lua5.4: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
