package io.loomsocket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.loomsocket.samples.EchoServer;
import io.loomsocket.timing.TimedTest;
import io.loomsocket.timing.Timing;
import io.loomsocket.timing.TimingMiss;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** samples/.../EchoServer.java, run as its main runs it, against loopback clients. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class EchoServerSampleTest {
    private static final String LISTENING = "echo server on 127\\.0\\.0\\.1:(\\d+)";

    @Test
    void echoesUtf8LinesToManyClientsAtOnce() throws Exception {
        try (RunningSample echo = new RunningSample(EchoServer::serve, "0", "10", "10")) {
            int port = echo.port(LISTENING);
            List<TcpClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 30; i++) {
                    clients.add(Tcp.connect("127.0.0.1", port, Duration.ofSeconds(5)));
                }
                for (int i = 0; i < clients.size(); i++) {
                    clients.get(i).settimeout(5);
                    clients.get(i).send("héllo ☕ " + i + "\r\n", UTF_8);
                }
                for (int i = 0; i < clients.size(); i++) {
                    assertEquals("héllo ☕ " + i, clients.get(i).receiveString(UTF_8));
                }
            } finally {
                clients.forEach(TcpClient::close);
            }
            echo.log.awaitCount("1 line\\(s\\), then the client left", 30, Duration.ofSeconds(5));
        }
    }

    @TimedTest
    void aBusyClientIsCutOffAtTheConnectionDeadlineWithALastLine() throws Exception {
        // Idle limit 5 s, never reached: a line every 0.1 s. Only the deadline ends it. The
        // time runs from before the connect: the server's deadline cannot begin earlier.
        try (RunningSample echo = new RunningSample(EchoServer::serve, "0", "0.6", "5")) {
            int port = echo.port(LISTENING);
            long start = System.nanoTime();
            try (TcpClient client = Tcp.connect("127.0.0.1", port)) {
                client.settimeout(5);
                String reply = "";
                int lines = 0;
                while (!reply.startsWith("bye") && LoopbackSupport.secondsSince(start) < 3) {
                    client.send("line " + lines + "\n", UTF_8);
                    reply = client.receiveString(UTF_8);
                    lines++;
                    Thread.sleep(100);
                }
                double elapsed = LoopbackSupport.secondsSince(start);
                assertEquals("bye: connection limit of 0.6 s reached", reply);
                Timing.assertAtLeast(0.5, elapsed, "the client, cut off at the 0.6 s deadline");
                Timing.assertAtMost(1.5, elapsed, "the client, cut off at the 0.6 s deadline");
                LoopbackSupport.receiveFails("closed", "", () -> client.receive()); // then the end
                echo.log.await("\\d+ line\\(s\\), then connection limit of 0.6 s reached",
                        Duration.ofSeconds(5));
            }
        }
    }

    @TimedTest
    void aSilentClientIsDroppedAtTheIdleLimitAndTheServerWaitsForItsEnd() throws Exception {
        try (RunningSample echo = new RunningSample(EchoServer::serve, "0", "10", "0.4")) {
            int port = echo.port(LISTENING);
            long start = System.nanoTime(); // before the connect, so before the idle limit began
            try (TcpClient client = Tcp.connect("127.0.0.1", port)) {
                client.settimeout(5);
                assertEquals("bye: idle for 0.4 s", client.receiveString(UTF_8));
                double elapsed = LoopbackSupport.secondsSince(start);
                Timing.assertAtLeast(0.3, elapsed, "the client, dropped at the 0.4 s idle limit");
                Timing.assertAtMost(1.2, elapsed, "the client, dropped at the 0.4 s idle limit");
                LoopbackSupport.receiveFails("closed", "", () -> client.receive());
                // The server has sent its end, and waits (up to 1 s) for the client's before it
                // closes: a close with unread data would reset the connection.
                client.send("late words\n");
                Thread.sleep(300);
                if (echo.log.text().contains("then idle")) {
                    // The bye came 0.4 s after the connect at the earliest, so the server's wait
                    // of 1 s cannot have ended before 1.4 s.
                    double now = LoopbackSupport.secondsSince(start);
                    if (now >= 1.4) {
                        throw new TimingMiss("the check came " + now + " s after the connect,"
                                + " after the server's wait for the client's end could be over");
                    }
                    fail("the server closed without waiting for the client's end: "
                            + echo.log.text());
                }
                client.close();
                echo.log.await("0 line\\(s\\), then idle for 0.4 s", Duration.ofSeconds(5));
            }
        }
    }

    /**
     * A client that types a line slowly, a byte every 0.25 s, is not cut off by an idle limit
     * of 0.4 s: every byte renews it. (Under a block timeout of 0.4 s, which limits each whole
     * receive, it was: a line takes longer than that to arrive.)
     */
    @Test
    void aClientThatTypesSlowlyIsNotCutOffInTheMiddleOfALine() throws Exception {
        try (RunningSample echo = new RunningSample(EchoServer::serve, "0", "10", "0.4");
                TcpClient client = Tcp.connect("127.0.0.1", echo.port(LISTENING))) {
            client.settimeout(5);
            for (char c : "slow\n".toCharArray()) {
                Thread.sleep(250);
                client.send(String.valueOf(c));
            }
            assertEquals("slow", client.receiveString(UTF_8));
            assertEquals("bye: idle for 0.4 s", client.receiveString(UTF_8), "then silence");
            client.close();
            echo.log.await("1 line\\(s\\), then idle for 0.4 s", Duration.ofSeconds(5));
        }
    }
}
