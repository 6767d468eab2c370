package io.loomsocket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.samples.ChatServer;
import io.loomsocket.timing.SendLog;
import io.loomsocket.timing.TimedTest;
import io.loomsocket.timing.Timing;
import io.loomsocket.timing.TimingMiss;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** samples/.../ChatServer.java against loopback clients, one of which never reads. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChatServerSampleTest {
    private static final String LISTENING = "chat server on 127\\.0\\.0\\.1:(\\d+)";

    /** A chat client that reads with a 5 s limit per line. */
    private static TcpClient join(int port) throws TcpException {
        TcpClient client = Tcp.connect("127.0.0.1", port, Duration.ofSeconds(5));
        client.settimeout(5);
        return client;
    }

    /** Waits for {@code first}'s welcome as {@code name}, then joins: the names go in order. */
    private static TcpClient joinAfter(TcpClient first, String name, int port)
            throws TcpException {
        String welcome = first.receiveString(UTF_8);
        assertTrue(welcome.startsWith("* welcome, " + name + ";"), welcome);
        return join(port);
    }

    @Test
    void broadcastsRenamesAndSaysGoodbye() throws Exception {
        try (RunningSample chat = new RunningSample(ChatServer::serve, "0", "10", "1");
                TcpClient alice = join(chat.port(LISTENING))) {
            int port = chat.port(LISTENING);
            assertTrue(alice.receiveString(UTF_8).startsWith("* welcome, guest-1;"));
            try (TcpClient bob = join(port)) {
                assertTrue(bob.receiveString(UTF_8).startsWith("* welcome, guest-2;"));
                assertEquals("* guest-2 joined", alice.receiveString(UTF_8));

                alice.send("/nick zoë\n", UTF_8);
                assertEquals("* guest-1 is now zoë", alice.receiveString(UTF_8));
                assertEquals("* guest-1 is now zoë", bob.receiveString(UTF_8));
                bob.send("/nick zoë\r\n", UTF_8);
                assertEquals("* zoë is taken", bob.receiveString(UTF_8));
                bob.send("/nick bad name\n", UTF_8);
                assertEquals("* a name is 1 to 20 letters, digits, _ or -",
                        bob.receiveString(UTF_8));

                alice.send("héllo ☕\n", UTF_8);
                assertEquals("<zoë> héllo ☕", bob.receiveString(UTF_8));
                bob.send("hi\n", UTF_8);
                assertEquals("<guest-2> hi", alice.receiveString(UTF_8), "not its own line");

                bob.send("/quit\n", UTF_8);
                assertEquals("* bye: quit", bob.receiveString(UTF_8));
                LoopbackSupport.receiveFails("closed", "", () -> bob.receive());
                assertEquals("* guest-2 left (quit)", alice.receiveString(UTF_8));
            }
            chat.log.await("guest-2 left \\(quit\\)", Duration.ofSeconds(5));
        }
    }

    @TimedTest
    void aSilentClientIsDroppedAtTheIdleDeadline() throws Exception {
        try (RunningSample chat = new RunningSample(ChatServer::serve, "0", "0.6", "0.2")) {
            int port = chat.port(LISTENING);
            long start = System.nanoTime(); // before the join, so before the idle deadline began
            try (TcpClient silent = join(port)) {
                assertTrue(silent.receiveString(UTF_8).startsWith("* welcome, guest-1;"));
                long talkerJoins = System.nanoTime();
                try (TcpClient talker = join(port)) {
                    assertTrue(talker.receiveString(UTF_8).startsWith("* welcome, guest-2;"));
                    assertEquals("* guest-2 joined", silent.receiveString(UTF_8));
                    CompletableFuture<String> notice = CompletableFuture.supplyAsync(() -> {
                        try {
                            return talker.receiveString(UTF_8);
                        } catch (TcpException e) {
                            return e.getMessage();
                        }
                    });
                    SendLog keptAlive = new SendLog();
                    Thread keepAlive = Thread.startVirtualThread(() -> {
                        try {
                            while (true) {
                                // A blank line: not broadcast, but not idle.
                                keptAlive.send(() -> talker.send("\n"));
                                Thread.sleep(150);
                            }
                        } catch (Exception e) {
                            // the test has ended
                        }
                    });
                    // The send limit (0.2 s) makes the silent client's receive time out again and
                    // again; only the idle deadline (0.6 s) drops it.
                    assertEquals("* bye: idle for 0.6 s", silent.receiveString(UTF_8));
                    double elapsed = LoopbackSupport.secondsSince(start);
                    Timing.assertAtLeast(0.5, elapsed, "the silent client, dropped at 0.6 s");
                    Timing.assertAtMost(1.5, elapsed, "the silent client, dropped at 0.6 s");
                    LoopbackSupport.receiveFails("closed", "", () -> silent.receive());
                    String told = notice.get(5, TimeUnit.SECONDS);
                    keepAlive.interrupt();
                    double silence = keptAlive.longestSilence(talkerJoins, System.nanoTime());
                    if (!told.equals("* guest-1 left (idle for 0.6 s)") && silence >= 0.6) {
                        throw new TimingMiss(String.format("the talker, told \"%s\", was silent"
                                + " for %.3f s, as long as the idle deadline", told, silence));
                    }
                    assertEquals("* guest-1 left (idle for 0.6 s)", told);
                }
            }
        }
    }

    /**
     * One client never reads while another floods the room: the reader keeps receiving every
     * message without a pause as long as the send limit, and the one that does not read is cut
     * off by the send limit (its writer's send times out), not by its queue's size.
     */
    @TimedTest
    void aClientThatNeverReadsIsCutOffWithoutStallingTheOthers() throws Exception {
        Duration sendLimit = Duration.ofSeconds(1);
        try (TcpServer server = Tcp.bind("127.0.0.1", 0)) {
            int port = server.getsockname().port();
            CapturedOutput log = new CapturedOutput();
            try (ChatServer chat = ChatServer.start(server, Duration.ofSeconds(30), sendLimit,
                    log.stream);
                    TcpClient flooder = join(port);
                    TcpClient reader = joinAfter(flooder, "guest-1", port);
                    Socket slow = new Socket()) {
                assertTrue(reader.receiveString(UTF_8).startsWith("* welcome, guest-2;"));
                slow.setReceiveBufferSize(4096); // a small window, so that it fills soon
                slow.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                assertEquals("* guest-3 joined", reader.receiveString(UTF_8));

                CompletableFuture<List<Long>> arrivals = CompletableFuture.supplyAsync(
                        () -> readUntil(reader, "<guest-1> last"));
                String padding = "é".repeat(100);
                int sent = 0;
                long floodEnds = System.nanoTime() + 10_000_000_000L;
                while (!log.text().contains("guest-3 left") && System.nanoTime() < floodEnds) {
                    for (int i = 0; i < 50; i++, sent++) { // 5000 lines a second at most
                        flooder.send("message " + sent + " " + padding + "\n", UTF_8);
                    }
                    Thread.sleep(10);
                }
                flooder.send("last\n", UTF_8);
                List<Long> times = arrivals.get(20, TimeUnit.SECONDS);

                String departure = log.await("guest-3 left \\(([^)]*)\\)", Duration.ZERO);
                assertTrue(departure.startsWith("too slow: a message was not taken in 1 s"),
                        departure);
                long longestGapMillis = 0;
                for (int i = 1; i < times.size(); i++) {
                    longestGapMillis = Math.max(longestGapMillis,
                            (times.get(i) - times.get(i - 1)) / 1_000_000);
                }
                assertEquals(sent + 2, times.size(), "every message, the notice and the last");
                Timing.assertAtMost(sendLimit.toMillis() / 2 / 1000.0, longestGapMillis / 1000.0,
                        "the longest wait of the reader for a line, in a flood of " + sent
                        + " lines,");
                assertClosedByTheServer(slow);
            }
        }
    }

    /** The arrival times of the lines up to {@code last}, checking that none is missing. */
    private static List<Long> readUntil(TcpClient reader, String last) {
        List<Long> times = new ArrayList<>();
        int next = 0;
        try {
            while (true) {
                String line = reader.receiveString(UTF_8);
                times.add(System.nanoTime());
                if (line.equals(last)) {
                    return times;
                }
                if (line.startsWith("<guest-1> message ")) {
                    assertTrue(line.startsWith("<guest-1> message " + next + " "), line);
                    next++;
                } else {
                    assertTrue(line.startsWith("* guest-3 left"), line);
                }
            }
        } catch (TcpException e) {
            throw new AssertionError("the reader failed after " + times.size() + " lines", e);
        }
    }

    /** Reads what was buffered for the socket until its end: the server has closed it. */
    private static void assertClosedByTheServer(Socket slow) throws IOException {
        slow.setSoTimeout(5000);
        InputStream in = slow.getInputStream();
        byte[] chunk = new byte[65536];
        try {
            while (in.read(chunk) >= 0) {
                // what the server had sent before the cut
            }
        } catch (java.net.SocketException e) {
            // a reset: the server closed with data unsent, which is a close too
        }
    }
}
