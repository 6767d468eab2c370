package io.loomsocket;

import static io.loomsocket.LoopbackSupport.V4;
import static io.loomsocket.LoopbackSupport.fails;
import static io.loomsocket.LoopbackSupport.raises;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code getoption} and {@code setoption} (reference 2.14, 1.5 and issue #371). */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class OptionsTest {

    /** The middle value of a sysctl triple such as tcp_rmem, or a single sysctl value. */
    private static int sysctl(String name, int field) throws IOException {
        // Read as a stream: /proc files report a size of 0.
        byte[] content;
        try (var in = Files.newInputStream(Path.of("/proc/sys/net/ipv4", name))) {
            content = in.readAllBytes();
        }
        String[] values = new String(content, java.nio.charset.StandardCharsets.US_ASCII).trim()
                .split("\\s+");
        return Integer.parseInt(values[field]);
    }

    @Test
    void linuxDefaultsOnAFreshIpv4Master() throws Exception {
        try (TcpMaster master = Tcp.tcp4()) {
            assertAll(
                    () -> assertEquals(false, master.getoption("keepalive"), "keepalive"),
                    () -> assertEquals(false, master.getoption("reuseaddr"), "reuseaddr"),
                    () -> assertEquals(false, master.getoption("reuseport"), "reuseport"),
                    () -> assertEquals(false, master.getoption("tcp-nodelay"), "tcp-nodelay"),
                    () -> assertEquals(sysctl("tcp_keepalive_time", 0),
                            master.getoption("tcp-keepidle"), "tcp-keepidle"),
                    () -> assertEquals(sysctl("tcp_keepalive_probes", 0),
                            master.getoption("tcp-keepcnt"), "tcp-keepcnt"),
                    () -> assertEquals(sysctl("tcp_keepalive_intvl", 0),
                            master.getoption("tcp-keepintvl"), "tcp-keepintvl"),
                    () -> assertEquals(sysctl("tcp_rmem", 1), master.getoption("recv-buffer-size"),
                            "recv-buffer-size (the kernel's value, tcp_rmem[1])"),
                    () -> assertEquals(sysctl("tcp_wmem", 1), master.getoption("send-buffer-size"),
                            "send-buffer-size (the kernel's value, tcp_wmem[1])"),
                    () -> assertEquals(new Linger(false, 0), master.getoption("linger"), "linger"),
                    () -> assertNull(master.getoption("error"), "error"));
        }
    }

    @ParameterizedTest(name = "{0} round-trips")
    @ValueSource(strings = {"keepalive", "reuseaddr", "reuseport", "tcp-nodelay"})
    void booleanOptionsRoundTrip(String name) throws Exception {
        try (TcpMaster master = Tcp.tcp4(); Peer peer = Peer.connected()) {
            for (TcpSocket socket : new TcpSocket[] {master, peer.client}) {
                socket.setoption(name, true);
                assertEquals(true, socket.getoption(name));
                socket.setoption(name, false);
                assertEquals(false, socket.getoption(name));
            }
        }
    }

    @Test
    void reuseportDoesNotSetReuseaddr() throws Exception {
        try (TcpMaster master = Tcp.tcp4()) {
            master.setoption("reuseport", true);
            assertEquals(true, master.getoption("reuseport"));
            assertEquals(false, master.getoption("reuseaddr"));
        }
    }

    @Test
    void keepaliveTuningRoundTrips() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.setoption("tcp-keepidle", 100);
            peer.client.setoption("tcp-keepcnt", 4);
            peer.client.setoption("tcp-keepintvl", "12");
            assertEquals(100, peer.client.getoption("tcp-keepidle"));
            assertEquals(4, peer.client.getoption("tcp-keepcnt"));
            assertEquals(12, peer.client.getoption("tcp-keepintvl"));
        }
    }

    @Test
    void keepidleOfZeroIsRefusedByTheKernel() throws Exception {
        try (TcpMaster master = Tcp.tcp4()) {
            fails("setsockopt failed", () -> master.setoption("tcp-keepidle", 0));
        }
    }

    @Test
    void bufferSizesAreDoubledByLinux() throws Exception {
        try (TcpMaster master = Tcp.tcp4()) {
            master.setoption("recv-buffer-size", 10000);
            assertEquals(20000, master.getoption("recv-buffer-size"));
            master.setoption("send-buffer-size", 10000);
            assertEquals(20000, master.getoption("send-buffer-size"));
            master.setoption("recv-buffer-size", "5000");
            assertEquals(10000, master.getoption("recv-buffer-size"));
            master.setoption("recv-buffer-size", 5000.9);
            assertEquals(10000, master.getoption("recv-buffer-size"), "truncated");
        }
    }

    /** Numbers and numeric strings, as Lua converts them; C's results for each were checked. */
    @Test
    void numberOptionsTakeNumbersAndNumericStrings() throws Exception {
        try (TcpMaster master = Tcp.tcp4()) {
            master.setoption("tcp-keepidle", " 0x10 ");
            assertEquals(16, master.getoption("tcp-keepidle"));
            master.setoption("tcp-keepcnt", 2.7);
            assertEquals(2, master.getoption("tcp-keepcnt"), "truncated");
            master.setoption("tcp-keepintvl", new StringBuilder("12"));
            assertEquals(12, master.getoption("tcp-keepintvl"));
            master.setoption("tcp-keepidle", java.math.BigInteger.TEN);
            assertEquals(10, master.getoption("tcp-keepidle"));
            fails("setsockopt failed", () -> master.setoption("tcp-keepidle", 1e300));
            fails("setsockopt failed", () -> master.setoption("tcp-keepidle", -1));
            fails("setsockopt failed", () -> master.setoption("tcp-keepcnt", "0"));
            master.setoption("recv-buffer-size", Double.POSITIVE_INFINITY);
            Object largest = master.getoption("recv-buffer-size");
            master.setoption("recv-buffer-size", 10000);
            master.setoption("recv-buffer-size", Long.MAX_VALUE);
            assertEquals(largest, master.getoption("recv-buffer-size"), "the kernel's maximum");
        }
    }

    /**
     * LuaSocket turns any other value into 0 without a word (its conversion is unchecked); the
     * Java API refuses it, naming the value, and leaves the option as it was.
     */
    @Test
    void numberOptionsRefuseWhatIsNotANumber() throws Exception {
        Object[] values = {"abc", "", "1 2", "0x", true, new Object(), Map.of("n", 1),
            new byte[] {'1'}, Double.NaN, Float.NaN};
        String[] shown = {"string \"abc\"", "string \"\"", "string \"1 2\"", "string \"0x\"",
            "boolean true", "userdata java.lang.Object@", "table {n=1}", "string [B@", "number NaN",
            "number NaN"};
        try (TcpMaster master = Tcp.tcp4()) {
            for (String name : new String[] {"recv-buffer-size", "send-buffer-size",
                "tcp-keepidle", "tcp-keepcnt", "tcp-keepintvl"}) {
                master.setoption(name, 60);
                Object before = master.getoption(name);
                for (int k = 0; k < values.length; k++) {
                    Object value = values[k];
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                            () -> master.setoption(name, value), name + " " + value);
                    assertTrue(e.getMessage().startsWith(
                            "option '" + name + "': number expected, got " + shown[k]),
                            e.getMessage());
                }
                raises(IllegalArgumentException.class,
                        "option '" + name + "': number expected, got no value",
                        () -> master.setoption(name));
                raises(IllegalArgumentException.class,
                        "option '" + name + "': number expected, got no value",
                        () -> master.setoption(name, null));
                assertEquals(before, master.getoption(name), name + " is left as it was");
            }
            String longText = "x".repeat(100_000);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> master.setoption("tcp-keepidle", longText));
            assertTrue(e.getMessage().length() < 100, "the value is cut short in the message");
        }
    }

    @Test
    void lingerRoundTrips() throws Exception {
        try (TcpMaster master = Tcp.tcp4()) {
            master.setoption("linger", new Linger(true, 5));
            assertEquals(new Linger(true, 5), master.getoption("linger"));
            master.setoption("linger", Map.of("on", true, "timeout", 3.7));
            assertEquals(new Linger(true, 3), master.getoption("linger"), "timeout truncated");
            master.setoption("linger", Map.of("on", true, "timeout", "7"));
            assertEquals(new Linger(true, 7), master.getoption("linger"));
            master.setoption("linger", Map.of("on", true, "timeout", 70000));
            assertEquals(new Linger(true, 4464), master.getoption("linger"), "cast to 16 bits");
            master.setoption("linger", Map.of("on", false, "timeout", 5));
            assertEquals(new Linger(false, 0), master.getoption("linger"));
            master.setoption("linger", Map.of("on", true, "timeout", -1));
            assertEquals(new Linger(true, 65535), master.getoption("linger"), "cast to 16 bits");
            master.setoption("linger", Map.of("on", true, "timeout", 1e300));
            assertEquals(new Linger(true, 0), master.getoption("linger"),
                    "C's (int) of 1e300 is INT_MIN on x86-64, whose low 16 bits are 0");
            master.setoption("linger", Map.of("on", true, "timeout", Double.NaN));
            assertEquals(new Linger(true, 0), master.getoption("linger"));
        }
    }

    @Test
    void lingerValueErrorsRaise() throws Exception {
        try (TcpMaster master = Tcp.tcp4()) {
            raises(IllegalArgumentException.class, "table expected, got number",
                    () -> master.setoption("linger", 1));
            raises(IllegalArgumentException.class, "table expected, got no value",
                    () -> master.setoption("linger"));
            raises(IllegalArgumentException.class, "boolean 'on' field expected",
                    () -> master.setoption("linger", Map.of()));
            raises(IllegalArgumentException.class, "boolean 'on' field expected",
                    () -> master.setoption("linger", Map.of("on", 1, "timeout", 1)));
            raises(IllegalArgumentException.class, "number 'timeout' field expected",
                    () -> master.setoption("linger", Map.of("on", true)));
            Map<String, Object> bad = new HashMap<>();
            bad.put("on", true);
            bad.put("timeout", "soon");
            raises(IllegalArgumentException.class, "number 'timeout' field expected",
                    () -> master.setoption("linger", bad));
        }
    }

    @Test
    void booleanOptionsNeedABoolean() throws Exception {
        try (TcpMaster master = Tcp.tcp4()) {
            raises(IllegalArgumentException.class, "boolean expected, got number",
                    () -> master.setoption("keepalive", 1));
            raises(IllegalArgumentException.class, "boolean expected, got no value",
                    () -> master.setoption("keepalive"));
            raises(IllegalArgumentException.class, "boolean expected, got string",
                    () -> master.setoption("tcp-nodelay", "true"));
            raises(IllegalArgumentException.class, "boolean expected, got number",
                    () -> master.setoption("reuseaddr", 0));
        }
    }

    @Test
    void unknownNamesRaise() throws Exception {
        try (TcpMaster master = Tcp.tcp4()) {
            raises(IllegalArgumentException.class, "unsupported option `foo'",
                    () -> master.setoption("foo", true));
            raises(IllegalArgumentException.class, "unsupported option `foo'",
                    () -> master.getoption("foo"));
            raises(IllegalArgumentException.class,
                    "unsupported option `abcdefghijklmnopqrstuvwxyz012345678'",
                    () -> master.setoption("abcdefghijklmnopqrstuvwxyz0123456789ABCDEF", 1));
            raises(IllegalArgumentException.class, "unsupported option `ipv6-v6only'",
                    () -> master.getoption("ipv6-v6only"));
            raises(IllegalArgumentException.class, "unsupported option `error'",
                    () -> master.setoption("error", 1));
            raises(IllegalArgumentException.class, "unsupported option `Keepalive'",
                    () -> master.getoption("Keepalive"));
            raises(IllegalArgumentException.class, "unsupported option `'",
                    () -> master.setoption("", 1));
            raises(IllegalArgumentException.class, "string expected, got no value",
                    () -> master.setoption(null, true));
            raises(IllegalArgumentException.class, "string expected, got no value",
                    () -> master.setoption(null));
            raises(IllegalArgumentException.class, "string expected, got no value",
                    () -> master.getoption(null));
        }
    }

    @Test
    void unspecifiedMasterHasNoSocketForOptions() throws Exception {
        try (TcpMaster master = Tcp.tcp()) {
            fails("setsockopt failed", () -> master.setoption("keepalive", true));
            fails("setsockopt failed", () -> master.setoption("recv-buffer-size", 1000));
            fails("getsockopt failed", () -> master.getoption("keepalive"));
            fails("getsockopt failed", () -> master.getoption("error"));
            raises(IllegalArgumentException.class, "boolean expected, got number",
                    () -> master.setoption("keepalive", 1));
        }
    }

    @Test
    void ipv6OnlyOnAnIpv4SocketFails() throws Exception {
        try (TcpMaster master = Tcp.tcp4()) {
            fails("setsockopt failed", () -> master.setoption("ipv6-v6only", true));
        }
    }

    @Test
    void ipv6OnlyTrueOnAnIpv6Socket() throws Exception {
        LoopbackSupport.assumeIpv6();
        try (TcpMaster master = Tcp.tcp6()) {
            master.setoption("ipv6-v6only", true);
        }
    }

    @Test
    void errorIsNullOnAHealthyConnection() throws Exception {
        try (Peer peer = Peer.connected()) {
            assertNull(peer.client.getoption("error"));
        }
    }

    @Test
    void optionsOnAServer() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0)) {
            assertEquals(true, server.getoption("reuseaddr"), "socket.bind always sets reuseaddr");
            assertEquals(false, server.getoption("keepalive"));
            server.setoption("tcp-nodelay", true);
            assertEquals(true, server.getoption("tcp-nodelay"));
            assertEquals(sysctl("tcp_rmem", 1), server.getoption("recv-buffer-size"));
        }
    }

    @Test
    void acceptedClientsGetTheListenersSocketOptionsFromTheKernel() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0)) {
            server.setoption("keepalive", true);
            server.setoption("tcp-nodelay", true);
            try (TcpClient client = Tcp.connect(V4, server.getsockname().port());
                    TcpClient accepted = server.accept()) {
                assertEquals(true, accepted.getoption("keepalive"));
                assertEquals(true, accepted.getoption("tcp-nodelay"));
                assertEquals(false, client.getoption("keepalive"));
            }
        }
    }

    @Test
    void optionsSetOnABoundMasterSurviveListen() throws Exception {
        try (TcpMaster master = Tcp.tcp4()) {
            master.setoption("keepalive", true);
            master.setoption("reuseaddr", true);
            master.bind(V4, 0);
            TcpServer server = master.listen();
            assertEquals(true, server.getoption("keepalive"));
            assertEquals(true, server.getoption("reuseaddr"));
            assertNotEquals(-1, server.getfd());
        }
    }

    @Test
    void optionsSetOnAMasterBeforeListenPassToAcceptedClients() throws Exception {
        try (TcpMaster master = Tcp.tcp4()) {
            master.setoption("keepalive", true);
            master.setoption("tcp-nodelay", true);
            master.setoption("linger", new Linger(true, 3));
            master.bind(V4, 0);
            TcpServer server = master.listen();
            try (TcpClient client = Tcp.connect(V4, server.getsockname().port());
                    TcpClient accepted = server.accept()) {
                assertEquals(true, accepted.getoption("keepalive"));
                assertEquals(true, accepted.getoption("tcp-nodelay"));
                assertEquals(new Linger(true, 3), accepted.getoption("linger"));
                assertEquals(false, client.getoption("keepalive"));
            }
        }
    }

    /** A buffer size set on the master before listen is the listener's, and its clients'. */
    @Test
    void aBufferSizeSetOnAMasterBeforeListenIsTheListeners() throws Exception {
        try (TcpMaster master = Tcp.tcp4()) {
            master.setoption("recv-buffer-size", 8192);
            master.bind(V4, 0);
            TcpServer server = master.listen();
            assertEquals(16384, server.getoption("recv-buffer-size"));
            try (TcpClient client = Tcp.connect(V4, server.getsockname().port());
                    TcpClient accepted = server.accept()) {
                assertEquals(16384, accepted.getoption("recv-buffer-size"));
            }
        }
    }

    /** Options a listener holds itself are set on it and read back from the kernel. */
    @Test
    void optionsSetOnAServerReachItsListener() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0); TcpMaster other = Tcp.tcp4()) {
            server.setoption("reuseaddr", false);
            assertEquals(false, server.getoption("reuseaddr"));
            server.setoption("recv-buffer-size", 8192);
            assertEquals(16384, server.getoption("recv-buffer-size"));
            // The kernel raises a size below its minimum; getoption reads what it keeps.
            server.setoption("recv-buffer-size", 1);
            other.setoption("recv-buffer-size", 1);
            Object kept = other.getoption("recv-buffer-size");
            assertTrue((Integer) kept >= 2048, "Linux's least receive buffer: " + kept);
            assertEquals(kept, server.getoption("recv-buffer-size"));
        }
    }

    @Test
    void errorOnAServerIsNull() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0)) {
            assertNull(server.getoption("error"));
        }
    }

    @Test
    void lingerOffFromALingerValue() throws Exception {
        try (TcpMaster master = Tcp.tcp4()) {
            master.setoption("linger", new Linger(false, 5));
            assertEquals(new Linger(false, 0), master.getoption("linger"));
        }
    }

    /** Each option reaches its own socket option, tcp-nodelay included, on a connected client. */
    @Test
    void optionsOnAClientReachTheirOwnSocketOption() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.setoption("keepalive", true);
            assertEquals(true, peer.client.getoption("keepalive"));
            assertEquals(false, peer.client.getoption("tcp-nodelay"));
            peer.client.setoption("recv-buffer-size", 8192);
            assertEquals(16384, peer.client.getoption("recv-buffer-size"));
        }
    }

    /**
     * A send longer than its first step, once the peer may have closed (here it has finished
     * sending), pushes out what Nagle's algorithm holds by turning TCP_NODELAY on and off; a
     * setoption("tcp-nodelay", true) between two such sends must stay on.
     */
    @Test
    void tcpNodelaySetBetweenSteppedSendsStaysOn() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.finish();
            assertEquals(1, Tcp.select(java.util.List.of(peer.client), null,
                    java.time.Duration.ofSeconds(3)).readable().size(), "the peer's FIN came");
            String big = "a".repeat(20_000);
            assertEquals(20_000, peer.client.send(big));
            assertEquals(false, peer.client.getoption("tcp-nodelay"), "the push leaves it off");
            peer.client.setoption("tcp-nodelay", true);
            assertEquals(20_000, peer.client.send(big));
            assertEquals(true, peer.client.getoption("tcp-nodelay"));
            assertEquals(40_000, peer.read(40_000).length);
        }
    }

    @Test
    void ipv6OnlyNeedsABooleanWhateverTheFamily() throws Exception {
        try (TcpMaster master = Tcp.tcp4()) {
            raises(IllegalArgumentException.class, "boolean expected, got number",
                    () -> master.setoption("ipv6-v6only", 1));
        }
    }

    @Test
    void ipv6OnlyFalseOnAnIpv6SocketRaises() throws Exception {
        LoopbackSupport.assumeIpv6();
        try (TcpMaster master = Tcp.tcp6()) {
            assertThrows(UnsupportedOperationException.class,
                    () -> master.setoption("ipv6-v6only", false));
        }
    }

    @Test
    void optionsOnAClosedIpv6SocketFail() throws Exception {
        LoopbackSupport.assumeIpv6();
        TcpMaster master = Tcp.tcp6();
        master.close();
        fails("setsockopt failed", () -> master.setoption("ipv6-v6only", true));
        fails("setsockopt failed", () -> master.setoption("keepalive", true));
    }
}
