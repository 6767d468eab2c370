package io.loomsocket;

import static io.loomsocket.LoopbackSupport.V4;
import static io.loomsocket.LoopbackSupport.assertAbout;
import static io.loomsocket.LoopbackSupport.assertEndedBy;
import static io.loomsocket.LoopbackSupport.assertNoWait;
import static io.loomsocket.LoopbackSupport.raises;
import static io.loomsocket.LoopbackSupport.receiveFails;
import static io.loomsocket.LoopbackSupport.secondsSince;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loomsocket.timing.Moment;
import io.loomsocket.timing.TimedTest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code settimeout} and {@code gettimeout} (reference 2.15, and the B == 0 rule of 2.19). */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TimeoutSettingsTest {

    @Test
    void freshObjectsHaveNoLimits() throws Exception {
        try (TcpMaster any = Tcp.tcp(); TcpMaster v4 = Tcp.tcp4(); TcpServer server = Tcp.bind(V4, 0);
                Peer peer = Peer.connected()) {
            for (TcpSocket socket : new TcpSocket[] {any, v4, server, peer.client}) {
                assertEquals(new Timeouts(-1, -1), socket.gettimeout(), socket.className());
            }
        }
    }

    @Test
    void defaultModeIsBlockAndEachCallChangesOneValue() {
        try (TcpMaster master = Tcp.tcp()) {
            master.settimeout(2.5);
            assertEquals(new Timeouts(2.5, -1), master.gettimeout());
            master.settimeout(7, "t");
            assertEquals(new Timeouts(2.5, 7), master.gettimeout());
            master.settimeout(1, "b");
            assertEquals(new Timeouts(1, 7), master.gettimeout());
            master.settimeout(3, null);
            assertEquals(new Timeouts(3, 7), master.gettimeout(), "null mode means \"b\"");
        }
    }

    @Test
    void onlyTheFirstCharacterOfTheModeCounts() {
        try (TcpMaster master = Tcp.tcp()) {
            master.settimeout(1, "total");
            assertEquals(new Timeouts(-1, 1), master.gettimeout());
            master.settimeout(2, "return");
            assertEquals(new Timeouts(-1, 2), master.gettimeout(), "'r' sets the total");
            master.settimeout(3, "r");
            assertEquals(new Timeouts(-1, 3), master.gettimeout());
            master.settimeout(4, "bogus");
            assertEquals(new Timeouts(4, 3), master.gettimeout(), "\"bogus\" counts as 'b'");
            master.settimeout(5, "block");
            assertEquals(new Timeouts(5, 3), master.gettimeout());
        }
    }

    @ParameterizedTest(name = "settimeout(1, \"{0}\") raises")
    @ValueSource(strings = {"", "x", "B", "T", "R", " b", "a"})
    void otherModesRaise(String mode) {
        try (TcpMaster master = Tcp.tcp()) {
            raises(IllegalArgumentException.class, "invalid timeout mode \"" + mode
                    + "\" (\"b\" for block, \"t\" for total)", () -> master.settimeout(1, mode));
            assertEquals(new Timeouts(-1, -1), master.gettimeout());
        }
    }

    @Test
    void valuesAreStoredAsGiven() {
        try (TcpMaster master = Tcp.tcp()) {
            master.settimeout(-5, "t");
            assertEquals(new Timeouts(-1, -5), master.gettimeout());
            master.settimeout(-0.25);
            assertEquals(new Timeouts(-0.25, -5), master.gettimeout());
            master.settimeout(0.001);
            assertEquals(new Timeouts(0.001, -5), master.gettimeout());
            master.settimeout(0, "t");
            assertEquals(new Timeouts(0.001, 0), master.gettimeout());
        }
    }

    @Test
    void durationForms() {
        try (TcpMaster master = Tcp.tcp()) {
            master.settimeout(Duration.ofMillis(1500));
            assertEquals(new Timeouts(1.5, -1), master.gettimeout());
            master.settimeout(Duration.ofMillis(250), "t");
            assertEquals(new Timeouts(1.5, 0.25), master.gettimeout());
            master.settimeout((Duration) null);
            assertEquals(new Timeouts(-1, 0.25), master.gettimeout(), "null means no limit");
        }
    }

    @Test
    void settimeoutWorksOnEveryClass() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0); Peer peer = Peer.connected()) {
            server.settimeout(1);
            peer.client.settimeout(2, "t");
            assertEquals(new Timeouts(1, -1), server.gettimeout());
            assertEquals(new Timeouts(-1, 2), peer.client.gettimeout());
        }
    }

    @Test
    void acceptedClientsDoNotInheritTheServersTimeouts() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0)) {
            server.settimeout(3);
            server.settimeout(4, "t");
            try (TcpClient client = Tcp.connect(V4, server.getsockname().port());
                    TcpClient accepted = server.accept()) {
                assertEquals(new Timeouts(-1, -1), accepted.gettimeout());
                assertEquals(new Timeouts(3, 4), server.gettimeout());
            }
        }
    }

    @TimedTest
    void anyNegativeValueMeansNoLimit() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.settimeout(-5);
            peer.client.settimeout(-0.5, "t");
            Moment sent = new Moment();
            Peer.Script script = peer.script(p -> {
                Thread.sleep(400);
                sent.mark();
                p.send("late\n");
            });
            assertEquals("late", peer.client.receiveString());
            assertEndedBy(sent, System.nanoTime(), "receive with negative timeouts");
            script.join();
        }
    }

    @TimedTest
    void blockZeroNeverWaits() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.settimeout(0);
            long start = System.nanoTime();
            receiveFails("timeout", "", () -> peer.client.receive());
            receiveFails("timeout", "", () -> peer.client.receive("*a"));
            receiveFails("timeout", "", () -> peer.client.receive(5));
            assertNoWait(start, "three receives with timeout 0");
            peer.send("ab");
            receiveFails("timeout", "ab", () -> peer.client.receive(5));
        }
    }

    @TimedTest
    void totalZeroWithoutABlockTimeoutDoesNotWaitEither() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.settimeout(0, "t");
            long start = System.nanoTime();
            receiveFails("timeout", "", () -> peer.client.receive());
            assertNoWait(start, "a receive with total timeout 0");
        }
    }

    @TimedTest
    void timeoutsApplyToTheNextCallNotTheObjectLifetime() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.settimeout(0.3, "t");
            long start = System.nanoTime();
            receiveFails("timeout", "", () -> peer.client.receive());
            assertAbout(0.3, secondsSince(start), "first call");
            start = System.nanoTime();
            receiveFails("timeout", "", () -> peer.client.receive());
            assertAbout(0.3, secondsSince(start), "second call: the total restarts with each call");
        }
    }

    /**
     * Durations too long for {@code toNanos} (about 292 years) are taken as seconds, as a Lua
     * number holds them; {@code settimeout(1e300)} and {@code math.huge} work in C LuaSocket and
     * read back as given.
     */
    @Test
    void hugeDurationsAndNumbersAreStoredAsSeconds() {
        try (TcpMaster master = Tcp.tcp()) {
            master.settimeout(Duration.ofDays(365 * 300));
            assertEquals(new Timeouts(9_460_800_000.0, -1), master.gettimeout());
            master.settimeout(Duration.ofSeconds(Long.MAX_VALUE), "t");
            assertEquals(new Timeouts(9_460_800_000.0, 9.223372036854775807e18),
                    master.gettimeout());
            master.settimeout(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999));
            assertEquals(9.223372036854775807e18, master.gettimeout().block());
            master.settimeout(Duration.ofSeconds(Long.MIN_VALUE), "t");
            assertEquals(0, master.gettimeout().total(), "a negative duration: no time at all");
            master.settimeout(Duration.ofNanos(1_234_567_891));
            assertEquals(1.234567891, master.gettimeout().block(), "exact below the overflow");
            master.settimeout(1e300);
            master.settimeout(Double.POSITIVE_INFINITY, "t");
            assertEquals(new Timeouts(1e300, Double.POSITIVE_INFINITY), master.gettimeout());
            master.settimeout(Double.MAX_VALUE);
            master.settimeout(Double.NEGATIVE_INFINITY, "t");
            assertEquals(new Timeouts(Double.MAX_VALUE, Double.NEGATIVE_INFINITY),
                    master.gettimeout());
        }
    }

    /** A huge timeout waits without a limit; beside a small one, the small one decides. */
    @TimedTest
    void hugeTimeoutsWaitWithoutALimit() throws Exception {
        try (Peer peer = Peer.connected()) {
            TcpClient client = peer.client;
            for (Runnable setting : new Runnable[] {
                () -> client.settimeout(Duration.ofSeconds(Long.MAX_VALUE)),
                () -> client.settimeout(Duration.ofDays(365 * 300), "t"),
                () -> client.settimeout(1e300),
                () -> client.settimeout(Double.POSITIVE_INFINITY, "t")}) {
                client.settimeout(-1);
                client.settimeout(-1, "t");
                setting.run();
                BlockedCall<String> line = BlockedCall.start(client::receiveString).awaitParked();
                peer.send("late\n");
                assertEquals("late", line.get());
            }
            client.settimeout(1e300);
            client.settimeout(0.2, "t");
            long start = System.nanoTime();
            receiveFails("timeout", "", () -> client.receive());
            assertAbout(0.2, secondsSince(start), "block 1e300, total 0.2");
            client.settimeout(0.2);
            client.settimeout(Duration.ofSeconds(Long.MAX_VALUE), "t");
            start = System.nanoTime();
            receiveFails("timeout", "", () -> client.receive());
            assertAbout(0.2, secondsSince(start), "block 0.2, total Long.MAX_VALUE seconds");
        }
    }
}
