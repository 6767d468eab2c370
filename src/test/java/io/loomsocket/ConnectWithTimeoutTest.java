package io.loomsocket;

import static io.loomsocket.LoopbackSupport.V4;
import static io.loomsocket.LoopbackSupport.assertAbout;
import static io.loomsocket.LoopbackSupport.fails;
import static io.loomsocket.LoopbackSupport.raises;
import static io.loomsocket.LoopbackSupport.secondsSince;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loomsocket.timing.TimedTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code Tcp.connect(host, port, Duration)}: a limit for the whole call, nothing left open. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConnectWithTimeoutTest {

    @Test
    void twoHundredRefusedConnectsLeaveNoDescriptorOpen() throws Exception {
        try (LoopbackSupport.RefusingPort refusing = new LoopbackSupport.RefusingPort()) {
            List<String> before = NoLeakedSockets.sockets();
            for (int i = 0; i < 200; i++) {
                fails("connection refused",
                        () -> Tcp.connect(V4, refusing.port, Duration.ofSeconds(2)));
            }
            assertNoneLeftOpen(before, "200 refused connects");
        }
    }

    /**
     * The descriptors open now are those of {@code before}, once the shared poller has had time
     * to release the closed channels it had registered (at its next select).
     */
    private static void assertNoneLeftOpen(List<String> before, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        List<String> left;
        do {
            left = NoLeakedSockets.sockets();
            left.removeAll(before);
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(20);
        } while (System.nanoTime() - deadline < 0);
        assertEquals(List.of(), left, "descriptors left open by " + what);
    }

    @TimedTest
    void aConnectThatCannotFinishFailsTimeoutAtTheLimitAndLeavesNothingOpen() throws Exception {
        try (LoopbackSupport.FullBacklog full = new LoopbackSupport.FullBacklog()) {
            List<String> before = NoLeakedSockets.sockets();
            long start = System.nanoTime();
            TcpException e = fails("timeout",
                    () -> Tcp.connect(V4, full.port, Duration.ofMillis(300)));
            assertEquals(TcpException.Kind.TIMEOUT, e.kind());
            assertAbout(0.3, secondsSince(start), "connect with a 0.3 s limit");
            assertNoneLeftOpen(before, "a timed-out connect");
        }
    }

    @Test
    void theClientComesBackWithNoTimeoutsAndNoDeadline() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0);
                TcpClient client = Tcp.connect(V4, server.getsockname().port(),
                        Duration.ofMillis(200));
                TcpClient accepted = server.accept()) {
            assertEquals(new Timeouts(-1, -1), client.gettimeout());
            Thread.startVirtualThread(() -> {
                try {
                    Thread.sleep(400);
                    accepted.send("late\n");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals("late", client.receiveString(), "the connect's limit is gone");
        }
    }

    @Test
    void noLimitIsNullAndAZeroOrNegativeLimitIsNoTimeAtAll() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0)) {
            int port = server.getsockname().port();
            try (TcpClient client = Tcp.connect(V4, port, null); TcpClient accepted = server.accept()) {
                assertEquals("tcp{client}", client.className());
            }
            // The package's rule for durations: no time left, so "timeout" before any I/O (a
            // listener that accepts at once is not even asked).
            for (Duration none : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1)}) {
                TcpException e = fails("timeout", () -> Tcp.connect(V4, port, none));
                assertEquals(TcpException.Limit.DEADLINE, e.limit());
            }
            server.settimeout(0);
            fails("timeout", server::accept);
            raises(IllegalArgumentException.class, "string expected, got no value",
                    () -> Tcp.connect(null, port, Duration.ofSeconds(1)));
        }
    }

    @Test
    void resolverErrorsComeThroughAsTheyDoWithoutALimit() {
        fails(LoopbackSupport.NO_NAME, () -> Tcp.connect("name.that.does.not.exist.invalid", 80,
                Duration.ofSeconds(1)));
    }
}
