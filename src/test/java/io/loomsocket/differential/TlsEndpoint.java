package io.loomsocket.differential;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One end of a TLS connection in the TLS differential suite, run by C LuaSec ({@link Lua}) or
 * by loomsocket ({@link LoomsocketTlsEnd}). Commands are those of src/test/lua/tls_oracle.lua;
 * each end runs its commands one after the other and answers each, so that the runner can let
 * both ends block at once (a handshake needs both).
 */
interface TlsEndpoint extends AutoCloseable {
    /** Queues a command; the future completes with its answer. */
    CompletableFuture<String> submit(String command);

    @Override
    void close();

    /** C LuaSec in a lua5.4 process running tls_oracle.lua. */
    final class Lua implements TlsEndpoint {
        static final String SCRIPT = "src/test/lua/tls_oracle.lua";
        private final Process process;
        private final OutputStream in;
        private final LinkedBlockingQueue<CompletableFuture<String>> waiting =
                new LinkedBlockingQueue<>();

        Lua() throws IOException {
            process = new ProcessBuilder(List.of(Oracle.LUA, SCRIPT))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            in = process.getOutputStream();
            BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.ISO_8859_1));
            Thread.ofVirtual().start(() -> {
                try {
                    String line;
                    while ((line = out.readLine()) != null) {
                        waiting.take().complete(line);
                    }
                } catch (IOException | InterruptedException e) {
                    // the process ended
                }
                CompletableFuture<String> left;
                while ((left = waiting.poll()) != null) {
                    left.complete("oracle failure: the Lua process ended");
                }
            });
        }

        @Override
        public CompletableFuture<String> submit(String command) {
            CompletableFuture<String> answer = new CompletableFuture<>();
            waiting.add(answer);
            try {
                in.write((command + "\n").getBytes(StandardCharsets.ISO_8859_1));
                in.flush();
            } catch (IOException e) {
                answer.complete("oracle failure: " + e);
            }
            return answer;
        }

        @Override
        public void close() {
            try {
                in.write("quit\n".getBytes(StandardCharsets.ISO_8859_1));
                in.close();
            } catch (IOException ignored) {
                // gone already
            }
            try {
                if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
