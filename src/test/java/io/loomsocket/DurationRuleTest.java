package io.loomsocket;

import static io.loomsocket.LoopbackSupport.V4;
import static io.loomsocket.LoopbackSupport.fails;
import static io.loomsocket.LoopbackSupport.secondsSince;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.timing.TimedTest;
import io.loomsocket.timing.Timing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The package's one rule for durations, at each method that takes one: null is no limit, zero
 * or a negative duration is no time left, so the call fails {@code "timeout"} at once where it
 * would wait (a duration computed as "what is left" never turns into "no limit").
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class DurationRuleTest {
    /** Far less than any wait the call would make with time left. */
    private static final double AT_ONCE = 0.2;
    /** Zero and negative durations, down to the most negative. */
    private static final long[] NO_TIME = {0, -1, -5000, Long.MIN_VALUE};

    @TimedTest
    void settimeoutOfNoTimeNeverWaits() throws Exception {
        for (long millis : NO_TIME) {
            try (Peer peer = Peer.connected()) {
                peer.client.settimeout(duration(millis));
                assertEquals(0, peer.client.gettimeout().block());
                long start = System.nanoTime();
                TcpException e = fails("timeout", peer.client::receive);
                Timing.assertAtMost(AT_ONCE, secondsSince(start),
                        millis + " ms: a call that never waits");
                assertEquals(TcpException.Limit.BLOCK, e.limit());
                peer.client.settimeout(duration(millis), "t");
                peer.client.settimeout(-1);
                assertEquals(TcpException.Limit.TOTAL,
                        fails("timeout", peer.client::receive).limit());
            }
        }
    }

    @TimedTest
    void anIdleTimeoutOfNoTimeNeverWaits() throws Exception {
        for (long millis : NO_TIME) {
            try (Peer peer = Peer.connected()) {
                peer.client.setIdleTimeout(duration(millis));
                long start = System.nanoTime();
                TcpException e = fails("timeout", peer.client::receive);
                Timing.assertAtMost(AT_ONCE, secondsSince(start),
                        millis + " ms: a call that never waits");
                assertEquals(TcpException.Limit.IDLE, e.limit());
                peer.send("ready\n");
                assertEquals("ready", peer.client.receiveString(),
                        "no wait needed: it goes through");
            }
        }
    }

    @ParameterizedTest(name = "{0} ms")
    @ValueSource(longs = {0, -1, -5000, Long.MIN_VALUE})
    void aDeadlineOfNoTimeHasPassed(long millis) throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("ready\n");
            peer.client.setDeadline(duration(millis));
            TcpException e = fails("timeout", peer.client::receive);
            assertEquals(TcpException.Limit.DEADLINE, e.limit());
            peer.client.setDeadline(null);
            assertEquals("ready", peer.client.receiveString(), "nothing was consumed");
        }
    }

    @ParameterizedTest(name = "{0} ms")
    @ValueSource(longs = {0, -1, -5000, Long.MIN_VALUE})
    void aConnectOfNoTimeFailsBeforeAnyIo(long millis) throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0)) {
            TcpException e = fails("timeout",
                    () -> Tcp.connect(V4, server.getsockname().port(), duration(millis)));
            assertEquals(TcpException.Limit.DEADLINE, e.limit());
            server.settimeout(0);
            fails("timeout", server::accept); // no connection was even tried
        }
    }

    @TimedTest
    void aSelectOfNoTimeReportsWhatIsReadyNow() throws Exception {
        for (long millis : NO_TIME) {
            try (Peer peer = Peer.connected()) {
                peer.script(p -> {
                    Thread.sleep(600);
                    p.send("late\n");
                });
                long start = System.nanoTime();
                Selected ready = Tcp.select(List.of(peer.client), null, duration(millis));
                Timing.assertAtMost(AT_ONCE, secondsSince(start),
                        millis + " ms: a call that never waits");
                assertEquals(List.of(), ready.readable());
                assertEquals(List.of(), ready.writable());
                assertEquals(List.of(peer.client), Tcp.select(List.of(), List.of(peer.client),
                        duration(millis)).writable(), "what is ready now is reported");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"settimeout", "idle", "deadline", "connect", "select"})
    void nullIsNoLimit(String method) throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.script(p -> {
                Thread.sleep(300);
                p.send("late\n");
            });
            switch (method) {
                case "settimeout" -> peer.client.settimeout((Duration) null);
                case "idle" -> peer.client.setIdleTimeout(null);
                case "deadline" -> peer.client.setDeadline(null);
                case "select" -> assertEquals(List.of(peer.client),
                        Tcp.select(List.of(peer.client), null, null).readable());
                default -> {
                    try (TcpServer server = Tcp.bind(V4, 0);
                            TcpClient client = Tcp.connect(V4, server.getsockname().port(),
                                    null)) {
                        assertEquals("tcp{client}", client.className());
                    }
                }
            }
            assertEquals("late", peer.client.receiveString(), "waited as long as it took");
        }
    }

    private static Duration duration(long millis) {
        return millis == Long.MIN_VALUE ? Duration.ofSeconds(Long.MIN_VALUE)
                : Duration.ofMillis(millis);
    }
}
