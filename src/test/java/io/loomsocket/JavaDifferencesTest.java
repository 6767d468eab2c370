package io.loomsocket;

import static io.loomsocket.LoopbackSupport.raises;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The places where loomsocket deliberately differs from C LuaSocket because of Java or the JDK,
 * each listed in ARCHITECTURE.md ("Where Java and LuaSocket differ").
 */
@Timeout(20)
class JavaDifferencesTest {
    @ParameterizedTest(name = "setoption(\"{0}\") is beyond the JVM")
    @ValueSource(strings = {"tcp-defer-accept", "tcp-fastopen", "tcp-fastopen-connect"})
    void optionsTheJvmCannotReachThrowUnsupported(String name) throws Exception {
        try (TcpMaster master = Tcp.tcp4()) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> master.setoption(name, 1));
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
    }

    @Test
    void ipv6OnlyCannotBeTurnedOff() throws Exception {
        try (TcpMaster master = Tcp.tcp6()) {
            master.setoption("ipv6-v6only", true);
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> master.setoption("ipv6-v6only", false));
            assertTrue(e.getMessage().contains("ipv6-v6only"), e.getMessage());
        }
    }

    @Test
    void lingerOffReadsBackWithTimeoutZero() throws Exception {
        try (TcpMaster master = Tcp.tcp4()) {
            master.setoption("linger", new Linger(false, 7));
            assertEquals(new Linger(false, 0), master.getoption("linger"));
        }
    }

    @Test
    void stringsAreIsoLatin1BothWaysForEveryByte() throws Exception {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        String text = new String(all, java.nio.charset.StandardCharsets.ISO_8859_1);
        try (Loopback pair = Loopback.open()) {
            assertEquals(256, pair.client().send(text));
            assertArrayEquals(all, pair.peer().receive(256));
            pair.peer().send(all);
            assertEquals(text, pair.client().receiveString(256));
        }
    }

    @Test
    void aCharThatIsNotAByteIsRefusedBeforeAnyIo() throws Exception {
        try (Loopback pair = Loopback.open()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> pair.client().send("caf\u00e9 \u20ac"));
            assertTrue(e.getMessage().contains("U+20AC") && e.getMessage().contains("index 5"),
                    e.getMessage());
            assertEquals(0, pair.client().getstats().sent(), "nothing was sent");
        }
    }

    @Test
    void getfdIsAStableIdentifierNotADescriptor() throws Exception {
        try (TcpMaster a = Tcp.tcp4(); TcpMaster b = Tcp.tcp4()) {
            int fd = a.getfd();
            assertTrue(fd >= 0);
            assertTrue(fd != b.getfd(), "unique in the process");
            a.setoption("reuseaddr", true);
            assertEquals(fd, a.getfd(), "stable while the socket lives");
            a.close();
            assertEquals(-1, a.getfd());
        }
    }

    @Test
    void aNaNTimeoutIsRefused() throws Exception {
        try (TcpMaster master = Tcp.tcp4()) {
            raises(IllegalArgumentException.class, "timeout is NaN", () -> master.settimeout(Double.NaN));
        }
    }

    @Test
    void durationTimeoutsAreSeconds() throws Exception {
        try (TcpMaster master = Tcp.tcp4()) {
            master.settimeout(java.time.Duration.ofMillis(1500));
            master.settimeout(java.time.Duration.ofMillis(250), "t");
            assertEquals(new Timeouts(1.5, 0.25), master.gettimeout());
            master.settimeout((java.time.Duration) null);
            assertEquals(new Timeouts(-1, 0.25), master.gettimeout());
        }
    }

    /** lua5.4 with LuaSocket 3.1: setstats(-1, -5, 10) reads back 1.8446744073709552e19 twice. */
    @Test
    void negativeStatsStayNegative() throws Exception {
        try (Loopback pair = Loopback.open()) {
            pair.client().setstats(-1, -5, 10);
            Stats stats = pair.client().getstats();
            assertEquals(-1, stats.received());
            assertEquals(-5, stats.sent());
            assertTrue(stats.age() >= 10 && stats.age() < 11, "age " + stats.age());
        }
    }
}
