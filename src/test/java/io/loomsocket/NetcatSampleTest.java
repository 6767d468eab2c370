package io.loomsocket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.samples.Netcat;
import io.loomsocket.timing.SendLog;
import io.loomsocket.timing.TimedTest;
import io.loomsocket.timing.Timing;
import io.loomsocket.timing.TimingMiss;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * samples/.../Netcat.java against OpenBSD's nc (Debian's netcat-openbsd), each side listening
 * in turn, and against JDK peers for its limits.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NetcatSampleTest {
    private static final String FROM_NC = "from nc: héllo\r\nsecond line\nno newline at the end";
    private static final String FROM_US = "from loomsocket: ☕\nand more\n";

    /**
     * An nc process: its output and messages captured as they come, by two threads that
     * {@link #exit()} waits for.
     */
    private record Nc(Process process, CapturedOutput out, CapturedOutput err,
            Thread[] copiers) {
        /** Starts {@code nc ARGS} with {@code stdin} as its standard input. */
        static Nc start(Path stdin, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of("nc"));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command)
                    .redirectInput(stdin.toFile()).start();
            CapturedOutput out = new CapturedOutput();
            CapturedOutput err = new CapturedOutput();
            return new Nc(process, out, err, new Thread[] {
                Thread.startVirtualThread(() -> copy(process.getInputStream(), out)),
                Thread.startVirtualThread(() -> copy(process.getErrorStream(), err))});
        }

        private static void copy(InputStream from, CapturedOutput to) {
            try {
                from.transferTo(to.stream);
            } catch (IOException e) {
                to.stream.println("(cannot read: " + e + ")");
            }
        }

        /**
         * Waits for the exit, and for the copies of what nc wrote to reach its end (a process
         * can end before a thread copying its output has run); its status.
         */
        int exit() throws InterruptedException {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("nc did not end; it said: " + err.text());
            }
            for (Thread copier : copiers) {
                if (!copier.join(Duration.ofSeconds(10))) {
                    throw new AssertionError("nc's output was not read to its end");
                }
            }
            return process.exitValue();
        }
    }

    /** Skips the calling test, saying why, where nc is missing or is not OpenBSD's. */
    private static void assumeOpenBsdNc() {
        String help;
        try {
            Process process = new ProcessBuilder("nc", "-h").redirectErrorStream(true).start();
            help = new String(process.getInputStream().readAllBytes(), UTF_8);
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            help = "";
        }
        Assumptions.assumeTrue(help.contains("OpenBSD netcat"), "SKIPPED: OpenBSD's nc is not"
                + " installed, so Netcat is not tested against it; install Debian's"
                + " netcat-openbsd (bash .ci/run does)");
    }

    /** Netcat.run on a thread of its own, its streams captured. */
    private record Session(CompletableFuture<Integer> status, CapturedOutput out,
            CapturedOutput err) {
        static Session start(String stdin, String... args) {
            CapturedOutput out = new CapturedOutput();
            CapturedOutput err = new CapturedOutput();
            CompletableFuture<Integer> status = new CompletableFuture<>();
            Thread.startVirtualThread(() -> status.complete(Netcat.run(args,
                    new ByteArrayInputStream(stdin.getBytes(UTF_8)), out.stream, err.stream)));
            return new Session(status, out, err);
        }

        int exit() throws Exception {
            return status.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void connectsToOpenBsdNcAndBothSidesSendUntilBothHaveEnded(@TempDir Path dir)
            throws Exception {
        assumeOpenBsdNc();
        Path stdin = Files.writeString(dir.resolve("stdin"), FROM_NC, UTF_8);
        Nc nc = Nc.start(stdin, "-l", "-v", "-n", "-N", "127.0.0.1", "0");
        try {
            String port = nc.err.await("Listening on 127\\.0\\.0\\.1 (\\d+)",
                    Duration.ofSeconds(10));
            Session us = Session.start(FROM_US, "-w", "5", "127.0.0.1", port);
            assertEquals(0, us.exit(), us.err.text());
            assertEquals(0, nc.exit(), nc.err.text());
            assertEquals(FROM_NC, us.out.text(), "what nc sent");
            assertEquals(FROM_US, nc.out.text(), "what nc received");
            assertEquals("", us.err.text());
        } finally {
            nc.process.destroyForcibly();
        }
    }

    @Test
    void listensForOpenBsdNcInLineMode(@TempDir Path dir) throws Exception {
        assumeOpenBsdNc();
        Path stdin = Files.writeString(dir.resolve("stdin"), FROM_NC, UTF_8);
        Session us = Session.start(FROM_US, "-l", "--lines", "-C", "127.0.0.1", "0");
        String port = us.err.await("listening on 127\\.0\\.0\\.1:(\\d+)", Duration.ofSeconds(10));
        Nc nc = Nc.start(stdin, "-n", "-N", "127.0.0.1", port);
        try {
            assertEquals(0, us.exit(), us.err.text());
            assertEquals(0, nc.exit(), nc.err.text());
            // *l drops the CRs; the last line, cut by the end of the stream, comes as it is.
            assertEquals("from nc: héllo\nsecond line\nno newline at the end", us.out.text());
            // -C: each line of standard input goes with CRLF.
            assertEquals("from loomsocket: ☕\r\nand more\r\n", nc.out.text());
            assertTrue(us.err.text().contains("connection from 127.0.0.1:"), us.err.text());
        } finally {
            nc.process.destroyForcibly();
        }
    }

    @TimedTest
    void theIdleLimitEndsASilentPeerAndKeepsThePartialLine() throws Exception {
        try (ServerSocket listener = listener()) {
            CompletableFuture<Socket> peer = CompletableFuture.supplyAsync(() -> {
                try {
                    Socket socket = listener.accept();
                    socket.getOutputStream().write("a line\nhalf a li".getBytes(UTF_8));
                    return socket; // then nothing, and the socket stays open
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            long start = System.nanoTime();
            Session us = Session.start("", "--lines", "-w", "0.4", "127.0.0.1",
                    String.valueOf(listener.getLocalPort()));
            assertEquals(1, us.exit());
            double elapsed = LoopbackSupport.secondsSince(start);
            peer.get(5, TimeUnit.SECONDS).close();
            assertEquals("a line\nhalf a li", us.out.text(), "nothing lost at the timeout");
            assertEquals("Netcat: timeout\n", us.err.text());
            Timing.assertAtLeast(0.3, elapsed, "Netcat with an idle limit of 0.4 s");
            Timing.assertAtMost(1.5, elapsed, "Netcat with an idle limit of 0.4 s");
        }
    }

    @TimedTest
    void theDeadlineEndsAPeerThatNeverGoesQuiet() throws Exception {
        try (ServerSocket listener = listener()) {
            SendLog sends = new SendLog();
            CompletableFuture<Void> peer = CompletableFuture.runAsync(() -> {
                try (Socket socket = listener.accept()) {
                    for (int i = 0; i < 100; i++) { // a byte every 0.1 s, for 10 s
                        sends.send(() -> socket.getOutputStream().write('x'));
                        Thread.sleep(100);
                    }
                } catch (Exception e) {
                    // Netcat has gone
                }
            });
            long start = System.nanoTime();
            Session us = Session.start("", "-w", "5", "--deadline", "0.5", "127.0.0.1",
                    String.valueOf(listener.getLocalPort()));
            assertEquals(1, us.exit());
            double elapsed = LoopbackSupport.secondsSince(start);
            assertEquals("Netcat: timeout\n", us.err.text());
            Timing.assertAtLeast(0.4, elapsed, "Netcat with a deadline of 0.5 s");
            Timing.assertAtMost(1.5, elapsed, "Netcat with a deadline of 0.5 s");
            String got = us.out.text();
            assertTrue(got.matches("x*") && got.length() <= sends.begunBefore(System.nanoTime()),
                    got);
            int inTime = sends.mayHaveEndedBefore(start + 500_000_000L);
            if (got.length() < 3 && inTime < 3) {
                throw new TimingMiss("the peer sent " + inTime + " bytes before the deadline");
            }
            if (got.length() > 6) {
                throw new TimingMiss(got.length() + " bytes before a deadline that fired after "
                        + elapsed + " s: late");
            }
            assertTrue(got.matches("x{3,6}"), got);
            peer.get(5, TimeUnit.SECONDS);
        }
    }

    @TimedTest
    void theConnectLimitEndsAConnectThatHangs() throws Exception {
        try (LoopbackSupport.FullBacklog hanging = new LoopbackSupport.FullBacklog()) {
            long start = System.nanoTime();
            Session us = Session.start("", "-w", "0.3", "127.0.0.1",
                    String.valueOf(hanging.port));
            assertEquals(1, us.exit());
            double elapsed = LoopbackSupport.secondsSince(start);
            assertEquals("Netcat: timeout\n", us.err.text());
            Timing.assertAtLeast(0.2, elapsed, "Netcat with a connect limit of 0.3 s");
            Timing.assertAtMost(1.0, elapsed, "Netcat with a connect limit of 0.3 s");
        }
    }

    @Test
    void badArgumentsGiveTheUsage() throws Exception {
        Session us = Session.start("", "-w", "soon", "127.0.0.1", "7");
        assertEquals(2, us.exit());
        assertTrue(us.err.text().startsWith(
                "Netcat: -w must be a number of seconds above zero: soon\nusage: Netcat"),
                us.err.text());
    }

    private static ServerSocket listener() throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        return listener;
    }
}
