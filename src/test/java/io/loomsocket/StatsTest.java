package io.loomsocket;

import static io.loomsocket.LoopbackSupport.V4;
import static io.loomsocket.LoopbackSupport.raises;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.timing.TimedTest;
import io.loomsocket.timing.Timing;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code getstats} and {@code setstats} (reference 2.9; testclnt's getstats test). */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class StatsTest {

    @TimedTest
    void freshClientsStartAtZero() throws Exception {
        try (Peer connected = Peer.connected(); Peer accepted = Peer.accepted()) {
            for (TcpClient client : new TcpClient[] {connected.client, accepted.client}) {
                Stats stats = client.getstats();
                assertEquals(0, stats.received());
                assertEquals(0, stats.sent());
                assertTrue(stats.age() >= 0, "age " + stats.age());
                Timing.assertAtMost(2, stats.age(), "a fresh client's age");
            }
        }
    }

    @Test
    void echoRoundsKeepRunningTotals() throws Exception {
        Random random = new Random(25);
        try (Peer peer = Peer.connected()) {
            Peer.Script echo = peer.script(p -> {
                byte[] chunk = new byte[512];
                int n;
                while ((n = p.socket.getInputStream().read(chunk)) > 0) {
                    p.send(java.util.Arrays.copyOf(chunk, n));
                }
                p.finish();
            });
            long total = 0;
            for (int round = 0; round < 25; round++) {
                byte[] data = LoopbackSupport.noise(1 + random.nextInt(100), round);
                assertEquals(data.length, peer.client.send(data));
                total += data.length;
                assertArrayEquals(data, peer.client.receive(data.length));
                Stats stats = peer.client.getstats();
                assertEquals(total, stats.received(), "received after round " + round);
                assertEquals(total, stats.sent(), "sent after round " + round);
            }
            peer.client.shutdown("send");
            echo.join();
        }
    }

    @Test
    void receivedCountsCrLfAndPartialBytes() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("a\r\nbc");
            assertEquals("a", peer.client.receiveString());
            assertEquals(3, peer.client.getstats().received(), "CR and LF count");
            peer.client.settimeout(0.1);
            LoopbackSupport.receiveFails("timeout", "prebc", () -> peer.client.receiveString(9, "pre"));
            assertEquals(5, peer.client.getstats().received(), "partial bytes count, the prefix does not");
        }
    }

    @Test
    void setstatsChangesOnlyWhatItIsGiven() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.send("abcd");
            peer.send("xy");
            peer.client.receive(2);
            peer.client.setstats(5);
            Stats stats = peer.client.getstats();
            assertEquals(5, stats.received());
            assertEquals(4, stats.sent());
            peer.client.setstats(10, 20);
            stats = peer.client.getstats();
            assertEquals(10, stats.received());
            assertEquals(20, stats.sent());
            peer.client.send("z");
            assertEquals(21, peer.client.getstats().sent(), "counting goes on from the set value");
        }
    }

    @TimedTest
    void setstatsAgeMovesTheBirthday() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.setstats(1, 2, 100);
            Stats stats = peer.client.getstats();
            assertEquals(1, stats.received());
            assertEquals(2, stats.sent());
            assertTrue(stats.age() >= 100, "age " + stats.age());
            Timing.assertAtMost(101, stats.age(), "the age set to 100 s");
            peer.client.setstats(0, 0, 0);
            Timing.assertAtMost(1, peer.client.getstats().age(), "the age set to 0");
        }
    }

    @Test
    void ageOfAConnectedMasterCountsFromItsCreation() throws Exception {
        long created = System.nanoTime(); // just before the master is made
        try (TcpServer server = Tcp.bind(V4, 0); TcpMaster master = Tcp.tcp4()) {
            Thread.sleep(300);
            TcpClient client = master.connect(V4, server.getsockname().port());
            double age = client.getstats().age();
            double elapsed = LoopbackSupport.secondsSince(created);
            assertTrue(age >= 0.3 && age <= elapsed, "age " + age + ", elapsed " + elapsed);
            server.accept().close();
        }
    }

    @Test
    void ageOfAnAcceptedClientCountsFromTheAccept() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0)) {
            Thread.sleep(300);
            try (TcpClient client = Tcp.connect(V4, server.getsockname().port())) {
                long accepting = System.nanoTime();
                try (TcpClient accepted = server.accept()) {
                    double age = accepted.getstats().age();
                    double sinceAccept = LoopbackSupport.secondsSince(accepting);
                    assertTrue(age >= 0 && age <= sinceAccept, "age " + age + ", "
                            + sinceAccept + " s since the accept began, 0.3 s more since the"
                            + " server was made");
                }
            }
        }
    }

    @Test
    void statsAreClientOnly() throws Exception {
        try (TcpMaster master = Tcp.tcp4(); TcpServer server = Tcp.bind(V4, 0)) {
            raises(IllegalStateException.class, "tcp{client} expected", master::asClient);
            raises(IllegalStateException.class, "tcp{client} expected", server::asClient);
        }
    }
}
