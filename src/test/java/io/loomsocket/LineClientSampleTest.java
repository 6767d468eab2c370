package io.loomsocket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.samples.LineClient;
import io.loomsocket.timing.SendLog;
import io.loomsocket.timing.TimedTest;
import io.loomsocket.timing.TimingMiss;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The side by side: samples/lua/lineclient.lua under C LuaSocket and its twin
 * samples/.../LineClient.java print the same bytes against the same server, a slow reply (a
 * timeout with its partial, resumed as the prefix) and the words after the end included.
 *
 * <p>How many "still waiting" lines a program prints depends on when its timeouts fire against
 * the server's pause between the halves of the slow reply; every other line is checked as it
 * is, and the waiting lines against the pause the server really made ({@link #assertOutput}).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LineClientSampleTest {
    private static final String LUA = System.getProperty("loomsocket.oracle.lua", "lua5.4");
    private static final Path LUA_PROGRAM = Path.of("samples/lua/lineclient.lua");
    private static final String INPUT = "hello\nhéllo wörld ☕\nslow\nlast one\n";
    private static final String EXPECTED = """
            echo: hello
            echo: héllo wörld ☕
            (still waiting, so far: first half, )
            first half, second half
            echo: last one
            goodbye after 4 lines
            see you
            received 105 bytes, sent 38 bytes
            """;

    /**
     * The server both clients talk to, on JDK sockets: echoes each line, answers "slow" in two
     * halves 0.75 s apart (the clients wait 0.5 s at a time), and says goodbye at the end.
     */
    private static final class LineServer implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket();
        /** The two halves of the latest slow reply, as they were sent. */
        private volatile SendLog halves = new SendLog();

        LineServer() throws IOException {
            listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            Thread.startVirtualThread(() -> {
                while (true) {
                    try {
                        Socket socket = listener.accept();
                        Thread.startVirtualThread(() -> serve(socket));
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            });
        }

        int port() {
            return listener.getLocalPort();
        }

        private void serve(Socket socket) {
            try (socket) {
                BufferedReader lines = new BufferedReader(
                        new InputStreamReader(socket.getInputStream(), UTF_8));
                OutputStream out = socket.getOutputStream();
                int count = 0;
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    count++;
                    if (line.equals("slow")) {
                        SendLog sent = new SendLog();
                        halves = sent;
                        sent.send(() -> {
                            out.write("first half, ".getBytes(UTF_8));
                            out.flush();
                        });
                        Thread.sleep(750);
                        sent.send(() -> out.write("second half\n".getBytes(UTF_8)));
                    } else {
                        out.write(("echo: " + line + "\n").getBytes(UTF_8));
                    }
                }
                out.write(("goodbye after " + count + " lines\nsee you\n").getBytes(UTF_8));
            } catch (Exception e) {
                // the client has gone
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }

    @TimedTest
    void theLuaSocketProgramAndItsJavaTwinPrintTheSame(@TempDir Path dir) throws Exception {
        try (LineServer server = new LineServer()) {
            String port = String.valueOf(server.port());

            CapturedOutput java = new CapturedOutput();
            LineClient.run(new String[] {"127.0.0.1", port},
                    new ByteArrayInputStream(INPUT.getBytes(UTF_8)), java.stream);
            assertOutput("the Java program", java.text(), server.halves);

            assumeLua();
            Path input = Files.writeString(dir.resolve("input"), INPUT, UTF_8);
            Process lua = new ProcessBuilder(LUA, LUA_PROGRAM.toString(), "127.0.0.1", port)
                    .redirectInput(input.toFile())
                    .redirectError(dir.resolve("errors").toFile())
                    .start();
            byte[] printed = lua.getInputStream().readAllBytes();
            if (!lua.waitFor(20, TimeUnit.SECONDS)) {
                lua.destroyForcibly();
            }
            assertEquals(0, lua.exitValue(), Files.readString(dir.resolve("errors")));
            assertOutput("the Lua program", new String(printed, UTF_8), server.halves);
        }
    }

    /**
     * A program's output is {@link #EXPECTED}: every line but the "still waiting" ones exactly,
     * and those with a partial of the first half or nothing. One such line is expected (a 0.5 s
     * timeout in a 0.75 s pause). None means the timeout came late, a {@link TimingMiss}; more
     * than one, with the first half, means a timeout came early unless the server's pause was
     * a second or more (load), a miss then.
     */
    private static void assertOutput(String who, String printed, SendLog halves) {
        List<String> waiting = new ArrayList<>();
        StringBuilder rest = new StringBuilder();
        for (String line : printed.split("\n", -1)) {
            if (line.startsWith("(still waiting, so far: ")) {
                waiting.add(line);
            } else {
                rest.append(line).append('\n');
            }
        }
        assertEquals(EXPECTED.replace("(still waiting, so far: first half, )\n", "") + "\n",
                rest.toString(), who + "'s output, the waiting lines left out");
        for (String line : waiting) {
            assertTrue(line.equals("(still waiting, so far: first half, )"), who + ": " + line);
        }
        if (waiting.isEmpty()) {
            throw new TimingMiss(who + " printed no waiting line: its 0.5 s timeout did not come"
                    + " within the server's pause of 0.75 s");
        }
        if (waiting.size() > 1 && halves.count() == 2) {
            double pause = halves.longestSilence(halves.began(0), halves.began(1));
            if (pause >= 1.0) {
                throw new TimingMiss(String.format("%s waited %d times: the server's pause"
                        + " between the halves was %.3f s instead of 0.75", who, waiting.size(),
                        pause));
            }
        }
        assertEquals(1, waiting.size(), who + "'s waiting lines: " + waiting);
    }

    /** As the differential tests: skipped only on request, else a missing Lua fails. */
    private static void assumeLua() throws InterruptedException {
        Assumptions.assumeFalse("skip".equals(System.getProperty("loomsocket.oracle")),
                "the Lua half skipped by -Dloomsocket.oracle=skip");
        try {
            Process probe = new ProcessBuilder(LUA, "-e", "require('socket')")
                    .redirectErrorStream(true).start();
            String said = new String(probe.getInputStream().readAllBytes(), UTF_8);
            if (!probe.waitFor(20, TimeUnit.SECONDS) || probe.exitValue() != 0) {
                throw new AssertionError(LUA + " cannot load LuaSocket: " + said.strip()
                        + "; install it with `apt-get install -y lua5.4 lua-socket`");
            }
        } catch (IOException e) {
            throw new AssertionError(LUA + " not found (" + e.getMessage() + "); install it with"
                    + " `apt-get install -y lua5.4 lua-socket` (bash .ci/run does), or skip the"
                    + " Lua half with -Dloomsocket.oracle=skip", e);
        }
    }
}
