package io.loomsocket;

import static io.loomsocket.LoopbackSupport.BAD_SERVICE;
import static io.loomsocket.LoopbackSupport.FAMILY_MISMATCH;
import static io.loomsocket.LoopbackSupport.NO_NAME;
import static io.loomsocket.LoopbackSupport.V4;
import static io.loomsocket.LoopbackSupport.V6;
import static io.loomsocket.LoopbackSupport.assertAbout;
import static io.loomsocket.LoopbackSupport.assertNoWait;
import static io.loomsocket.LoopbackSupport.fails;
import static io.loomsocket.LoopbackSupport.raises;
import static io.loomsocket.LoopbackSupport.receiveFails;
import static io.loomsocket.LoopbackSupport.secondsSince;
import static io.loomsocket.LoopbackSupport.sendFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.loomsocket.timing.TimedTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code connect} on objects and the module's {@code connect} (reference 4.1 to 4.6;
 * test_socket_error.lua; testclnt's connect errors).
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConnectTest {
    private static final String INVALID_HOST = "host.is.invalid";

    @Test
    void blockingConnectToAListener() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0); TcpMaster master = Tcp.tcp()) {
            int port = server.getsockname().port();
            TcpClient client = master.connect(V4, port);
            assertEquals(new Address(V4, port, "inet"), client.getpeername());
            assertEquals("inet4", client.getfamily());
            assertNotEquals(-1, client.getfd());
            try (TcpClient accepted = server.accept()) {
                client.send("ping\n");
                assertEquals("ping", accepted.receiveString());
            }
        }
    }

    /**
     * Linux reports a connect that finished while it was polled to the next connect(2), which
     * returns 0 whatever the address; only the one after says "already connected" (checked
     * with lua5.4). An accepted client was never connecting: "already connected" at once.
     */
    @Test
    void aConnectedClientConnectsOnceMoreThenIsAlreadyConnected() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0);
                LoopbackSupport.RefusingPort elsewhere = new LoopbackSupport.RefusingPort()) {
            int port = server.getsockname().port();
            try (TcpClient client = Tcp.connect(V4, port); TcpClient accepted = server.accept()) {
                client.connect(V4, elsewhere.port);
                assertEquals(new Address(V4, port, "inet"), client.getpeername(), "still the same peer");
                fails("already connected", () -> client.connect(V4, elsewhere.port));
                fails("already connected", () -> accepted.connect(V4, elsewhere.port));
            }
        }
    }

    /**
     * shutdown makes a socket that Linux still counted as connecting a plain connected one
     * ({@code inet_shutdown}): the next connect says "already connected" at once (checked with
     * lua5.4).
     */
    @Test
    void shutdownTakesAwayTheConnectThatWouldReturnOnce() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0)) {
            int port = server.getsockname().port();
            try (TcpClient client = Tcp.connect(V4, port); TcpClient accepted = server.accept()) {
                client.shutdown("send");
                fails("already connected", () -> client.connect(V4, port));
            }
        }
    }

    @Test
    void refusedPort() throws Exception {
        try (LoopbackSupport.RefusingPort closed = new LoopbackSupport.RefusingPort()) {
            TcpException e = fails("connection refused", () -> Tcp.connect(V4, closed.port).close());
            assertEquals(TcpException.Kind.CONNECTION_REFUSED, e.kind());
            fails("connection refused", () -> Tcp.connect("localhost", closed.port).close());
            try (TcpMaster master = Tcp.tcp4()) {
                fails("connection refused", () -> master.connect(V4, closed.port));
            }
            try (TcpMaster master = Tcp.tcp()) {
                master.settimeout(0.5);
                fails("connection refused", () -> master.connect(V4, closed.port));
            }
        }
    }

    @Test
    void failedConnectKeepsItsSocketAndAllowsAnotherConnect() throws Exception {
        try (LoopbackSupport.RefusingPort closed = new LoopbackSupport.RefusingPort();
                TcpServer server = Tcp.bind(V4, 0); TcpMaster master = Tcp.tcp()) {
            fails("connection refused", () -> master.connect(V4, closed.port));
            assertNotEquals(-1, master.getfd(), "the object keeps the socket it made");
            assertEquals("tcp{client}", master.className());
            TcpClient client = master.connect(V4, server.getsockname().port());
            assertEquals(server.getsockname(), client.getpeername());
            server.accept().close();
        }
    }

    /**
     * A tcp4() object keeps the socket of a refused attempt and connects it again; Linux answers
     * that second connect(2) with ECONNABORTED ("closed") and only a third makes a new attempt.
     * Observed with C LuaSocket 3.1 on this kernel; the same kernel behaviour as reference 4.4.
     */
    @Test
    void ipv4MasterReusesTheSocketOfARefusedAttempt() throws Exception {
        try (LoopbackSupport.RefusingPort closed = new LoopbackSupport.RefusingPort();
                TcpServer server = Tcp.bind(V4, 0); TcpMaster master = Tcp.tcp4()) {
            int port = server.getsockname().port();
            fails("connection refused", () -> master.connect(V4, closed.port));
            // The JDK closes a socket whose connect failed, and loomsocket puts a fresh one in
            // its place; like C LuaSocket's reused descriptor on Linux, whose failed connect is
            // still pending in the kernel, its next connect says "closed" once first.
            int handle = master.getfd();
            assertNotEquals(-1, handle);
            fails("closed", () -> master.connect(V4, port));
            TcpClient client = master.connect(V4, port);
            assertEquals(handle, client.getfd(), "the same object keeps its getfd");
            assertEquals(server.getsockname(), client.getpeername());
            server.accept().close();
        }
    }

    /**
     * The socket of a connect refused while it was waited for: Linux shut it down both ways when
     * the refusal came, so a receive is end of stream ("closed"), not ENOTCONN; once the next
     * connect has said "closed" the socket is fresh, and a receive is ENOTCONN (checked with
     * lua5.4).
     */
    @Test
    void aReceiveAfterARefusedConnectIsEndOfStream() throws Exception {
        try (LoopbackSupport.RefusingPort closed = new LoopbackSupport.RefusingPort();
                TcpMaster master = Tcp.tcp4()) {
            fails("connection refused", () -> master.connect(V4, closed.port));
            TcpClient client = master.asClient();
            receiveFails("closed", "", () -> client.receive());
            sendFails("closed", 0, () -> client.send("x"));
            fails("closed", () -> client.connect(V4, closed.port));
            receiveFails("Transport endpoint is not connected", "", () -> client.receive());
        }
    }

    @Test
    void resolverErrors() throws Exception {
        fails(NO_NAME, () -> Tcp.connect(INVALID_HOST, 1).close());
        fails(NO_NAME, () -> Tcp.connect("", 1).close());
        fails(BAD_SERVICE, () -> Tcp.connect(V4, -1).close());
        try (TcpMaster master = Tcp.tcp()) {
            TcpException e = fails(NO_NAME, () -> master.connect("", 1));
            assertEquals(TcpException.Kind.RESOLVER, e.kind());
            assertEquals("tcp{client}", master.className(), "even a resolver failure makes a client");
        }
    }

    @Test
    void familyMismatchOfAnIpv4Object() throws Exception {
        try (TcpMaster master = Tcp.tcp4()) {
            fails(FAMILY_MISMATCH, () -> master.connect(V6, 1));
        }
        try (TcpMaster bound = Tcp.tcp()) {
            bound.bind(V4, 0);
            fails(FAMILY_MISMATCH, () -> bound.connect(V6, 1));
        }
    }

    @Test
    void familyMismatchOfAnIpv6Object() throws Exception {
        LoopbackSupport.assumeIpv6();
        try (TcpMaster master = Tcp.tcp6()) {
            fails(FAMILY_MISMATCH, () -> master.connect(V4, 1));
        }
        Assumptions.assumeTrue(LoopbackSupport.localhostIsIpv4Only(), "localhost resolves to IPv6 too");
        try (TcpMaster master = Tcp.tcp6()) {
            fails(NO_NAME, () -> master.connect("localhost", 1));
        }
    }

    @Test
    void ipv6Connect() throws Exception {
        LoopbackSupport.assumeIpv6();
        try (TcpServer server = Tcp.bind(V6, 0); TcpMaster master = Tcp.tcp6()) {
            int port = server.getsockname().port();
            TcpClient client = master.connect(V6, port);
            assertEquals(new Address(V6, port, "inet6"), client.getpeername());
            try (TcpClient viaModule = Tcp.connect(V6, port)) {
                assertEquals("inet6", viaModule.getfamily());
                server.accept().close();
                server.accept().close();
            }
        }
    }

    @Test
    void ipv6MasterIsIpv6OnlySoAMappedIpv4AddressIsUnreachable() throws Exception {
        LoopbackSupport.assumeIpv6();
        try (TcpServer server = Tcp.bind(V4, 0); TcpMaster v6 = Tcp.tcp6()) {
            int port = server.getsockname().port();
            fails("Network is unreachable", () -> v6.connect("::ffff:127.0.0.1", port));
        }
    }

    @Test
    void moduleConnectMakesAnIpv6OnlySocketForAMappedIpv4Address() throws Exception {
        LoopbackSupport.assumeIpv6();
        try (TcpServer server = Tcp.bind(V4, 0)) {
            int port = server.getsockname().port();
            fails("Network is unreachable", () -> Tcp.connect("::ffff:127.0.0.1", port).close());
        }
    }

    /** An IPv4 object reaches the IPv4 address a mapped address names, as glibc resolves it. */
    @Test
    void ipv4ObjectsConnectToTheIpv4AddressAMappedAddressNames() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0)) {
            int port = server.getsockname().port();
            // The connections wait in the server's accept queue; none needs accepting.
            try (TcpMaster v4 = Tcp.tcp4()) {
                TcpClient client = v4.connect("::ffff:127.0.0.1", port);
                assertEquals(new Address(V4, port, "inet"), client.getpeername());
            }
            try (TcpMaster any = Tcp.tcp()) {
                any.bind(V4, 0);
                TcpClient client = any.connect("::ffff:127.0.0.1", port);
                assertEquals(new Address(V4, port, "inet"), client.getpeername(),
                        "a tcp() master bound over IPv4 resolves within IPv4");
            }
            try (TcpClient local = Tcp.connect("::ffff:127.0.0.1", port, V4, 0, "inet")) {
                assertEquals(new Address(V4, port, "inet"), local.getpeername());
            }
            try (TcpClient local = Tcp.connect(V4, port, "::ffff:127.0.0.1", 0, "inet")) {
                assertEquals(V4, local.getsockname().address());
            }
            fails("Invalid argument",
                    () -> Tcp.connect(V4, port, "::ffff:127.0.0.1", 0, "inet6").close());
        }
    }

    @Test
    void nullArgumentsRaise() throws Exception {
        raises(IllegalArgumentException.class, "string expected, got no value",
                () -> Tcp.connect(null, 1).close());
        try (TcpMaster master = Tcp.tcp4()) {
            raises(IllegalArgumentException.class, "string expected, got no value",
                    () -> master.connect(null, 1));
        }
    }

    // ---- timeouts (2.19, 4.3, 4.5) ----------------------------------------------------------------

    @TimedTest
    void connectTimesOutUnderTheBlockTimeoutAndTheSameSocketIsStillConnecting() throws Exception {
        try (LoopbackSupport.FullBacklog full = new LoopbackSupport.FullBacklog(); TcpMaster master = Tcp.tcp4()) {
            master.settimeout(0.5);
            long start = System.nanoTime();
            TcpException e = fails("timeout", () -> master.connect(V4, full.port));
            assertEquals(TcpException.Kind.TIMEOUT, e.kind());
            assertAbout(0.5, secondsSince(start), "connect with block timeout 0.5");
            assertEquals("tcp{client}", master.className());
            start = System.nanoTime();
            fails("Operation already in progress", () -> master.connect(V4, full.port));
            assertNoWait(start, "connect on the socket still connecting, which is reused");
        }
    }

    @TimedTest
    void connectTimesOutUnderTheTotalTimeout() throws Exception {
        try (LoopbackSupport.FullBacklog full = new LoopbackSupport.FullBacklog(); TcpMaster master = Tcp.tcp()) {
            master.settimeout(0.4, "t");
            long start = System.nanoTime();
            fails("timeout", () -> master.connect(V4, full.port));
            assertAbout(0.4, secondsSince(start), "connect with total timeout 0.4");
            assertNotEquals(-1, master.getfd());
        }
    }

    @TimedTest
    void unspecifiedMasterStartsAFreshAttemptAfterATimeout() throws Exception {
        try (LoopbackSupport.FullBacklog full = new LoopbackSupport.FullBacklog(); TcpMaster master = Tcp.tcp()) {
            master.settimeout(0.3);
            fails("timeout", () -> master.connect(V4, full.port));
            long start = System.nanoTime();
            fails("timeout", () -> master.connect(V4, full.port));
            assertAbout(0.3, secondsSince(start),
                    "the family was never recorded, so a new socket is made and waited on");
        }
    }

    // ---- the module's connect -------------------------------------------------------------------

    @Test
    void moduleConnectFamilyIsIgnoredWithoutALocalAddress() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0);
                TcpClient client = Tcp.connect(V4, server.getsockname().port(), null, 0, "inet6");
                TcpClient accepted = server.accept()) {
            assertEquals("inet4", client.getfamily());
            assertEquals("inet", client.getsockname().family());
        }
    }

    @Test
    void moduleConnectWithALocalAddress() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0);
                TcpClient client = Tcp.connect(V4, server.getsockname().port(), V4, 0);
                TcpClient accepted = server.accept()) {
            assertEquals(V4, client.getsockname().address());
            assertEquals(client.getsockname(), accepted.getpeername());
        }
    }

    @Test
    void moduleConnectWithALocalPort() throws Exception {
        int localPort;
        try (TcpMaster probe = Tcp.tcp4()) {
            probe.bind(V4, 0);
            localPort = probe.getsockname().port();
        }
        try (TcpServer server = Tcp.bind(V4, 0);
                TcpClient client = Tcp.connect(V4, server.getsockname().port(), V4, localPort, "inet");
                TcpClient accepted = server.accept()) {
            assertEquals(new Address(V4, localPort, "inet"), client.getsockname());
        }
    }

    @Test
    void moduleConnectLocalBindFailure() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0)) {
            int port = server.getsockname().port();
            fails("address already in use", () -> Tcp.connect(V4, port, V4, port).close());
        }
    }

    @Test
    void moduleConnectIpv6LocalAddressWithAnIpv4Remote() throws Exception {
        LoopbackSupport.assumeIpv6();
        try (TcpServer server = Tcp.bind(V4, 0)) {
            int port = server.getsockname().port();
            fails(FAMILY_MISMATCH, () -> Tcp.connect(V4, port, V6, 0, "inet6").close());
            fails(FAMILY_MISMATCH, () -> Tcp.connect(V4, port, V6, 0).close());
        }
    }

    @Test
    void moduleConnectInvalidFamilyRaises() {
        raises(IllegalArgumentException.class, "invalid option 'ipx'",
                () -> Tcp.connect(V4, 1, null, 0, "ipx").close());
    }

    // ---- timeout 0: the non-blocking protocol (4.4) ---------------------------------------------

    @Test
    void nonBlockingConnectTimesOutThenReportsSuccessOrAlreadyConnected() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0); TcpMaster master = Tcp.tcp()) {
            int port = server.getsockname().port();
            master.settimeout(0);
            fails("timeout", () -> master.connect(V4, port));
            assertEquals("tcp{client}", master.className());
            String outcome = retryConnect(master, V4, port);
            assertTrue(outcome.equals("1") || outcome.equals("already connected"), outcome);
            fails("already connected", () -> master.connect(V4, port));
            try (TcpClient accepted = server.accept()) {
                TcpClient client = master.asClient();
                client.settimeout(-1);
                client.send("over\n");
                assertEquals("over", accepted.receiveString());
            }
        }
    }

    @Test
    void nonBlockingConnectSecondCallSucceedsOnLoopback() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0); TcpMaster master = Tcp.tcp()) {
            int port = server.getsockname().port();
            master.settimeout(0);
            fails("timeout", () -> master.connect(V4, port));
            master.connect(V4, port);
            fails("already connected", () -> master.connect(V4, port));
            server.accept().close();
        }
    }

    @Test
    void nonBlockingConnectToARefusingPortWithoutReadingTheError() throws Exception {
        try (LoopbackSupport.RefusingPort closed = new LoopbackSupport.RefusingPort(); TcpMaster master = Tcp.tcp()) {
            master.settimeout(0);
            fails("timeout", () -> master.connect(V4, closed.port));
            assertEquals("connection refused", retryConnect(master, V4, closed.port));
            fails("timeout", () -> master.connect(V4, closed.port));
        }
    }

    @Test
    void nonBlockingConnectToARefusingPortReadingTheError() throws Exception {
        try (LoopbackSupport.RefusingPort closed = new LoopbackSupport.RefusingPort(); TcpMaster master = Tcp.tcp()) {
            master.settimeout(0);
            fails("timeout", () -> master.connect(V4, closed.port));
            Object error = null;
            for (int i = 0; i < 400 && error == null; i++) {
                error = master.getoption("error");
                if (error == null) {
                    Thread.sleep(5);
                }
            }
            assertEquals("connection refused", error);
            assertNull(master.getoption("error"), "reading SO_ERROR cleared it");
            // Linux answers the next connect with "closed" (the failed connect is still pending
            // in the kernel, its error consumed); the one after is a new attempt.
            fails("closed", () -> master.connect(V4, closed.port));
            fails("timeout", () -> master.connect(V4, closed.port));
        }
    }

    /**
     * Calls connect again while it says "Operation already in progress"; returns "1" for success
     * or the error text.
     */
    private static String retryConnect(TcpSocket socket, String host, int port) throws Exception {
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                socket.connect(host, port);
                return "1";
            } catch (TcpException e) {
                if (!e.getMessage().equals("Operation already in progress")) {
                    return e.getMessage();
                }
            }
            Thread.sleep(5);
        }
        fail("connect stayed in progress");
        return null;
    }
}
