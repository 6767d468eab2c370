package io.loomsocket;

import static io.loomsocket.LoopbackSupport.BAD_SERVICE;
import static io.loomsocket.LoopbackSupport.FAMILY_MISMATCH;
import static io.loomsocket.LoopbackSupport.NO_NAME;
import static io.loomsocket.LoopbackSupport.V4;
import static io.loomsocket.LoopbackSupport.V6;
import static io.loomsocket.LoopbackSupport.fails;
import static io.loomsocket.LoopbackSupport.raises;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code master:bind}, {@code master:listen} and the module's {@code bind} helper (reference 5.1
 * to 5.3; testclnt's rebind test). Only loopback addresses are bound; the wildcard {@code "*"}
 * is left out on purpose.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BindTest {

    @Test
    void ipv4MasterBindsAnEphemeralLoopbackPort() throws Exception {
        try (TcpMaster master = Tcp.tcp4()) {
            master.bind(V4, 0);
            Address bound = master.getsockname();
            assertEquals(V4, bound.address());
            assertTrue(bound.port() > 0 && bound.port() < 65536);
            assertEquals("tcp{master}", master.className(), "bind does not change the class");
        }
    }

    @Test
    void unspecifiedMasterGetsItsSocketFromBind() throws Exception {
        try (TcpMaster master = Tcp.tcp()) {
            assertEquals(-1, master.getfd());
            master.bind(V4, 0);
            assertNotEquals(-1, master.getfd());
            assertEquals("inet", master.getsockname().family());
            assertEquals("inet4", master.getfamily());
            master.setoption("keepalive", true);
            assertEquals(true, master.getoption("keepalive"), "options work once the socket exists");
        }
    }

    @Test
    void unspecifiedMasterBindsIpv6() throws Exception {
        LoopbackSupport.assumeIpv6();
        try (TcpMaster master = Tcp.tcp()) {
            master.bind(V6, 0);
            assertEquals("inet6", master.getfamily());
            assertEquals(V6, master.getsockname().address());
            assertEquals("inet6", master.getsockname().family());
        }
    }

    @Test
    void localhostFollowsTheResolver() throws Exception {
        Assumptions.assumeTrue(LoopbackSupport.localhostIsIpv4Only(), "localhost resolves to IPv6 too");
        try (TcpMaster master = Tcp.tcp()) {
            master.bind("localhost", 0);
            assertEquals(V4, master.getsockname().address());
            assertEquals("inet", master.getsockname().family());
        }
    }

    @Test
    void takenPortIsAddressAlreadyInUseEvenWithReuseaddr() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0); TcpMaster master = Tcp.tcp4()) {
            int port = server.getsockname().port();
            master.setoption("reuseaddr", true);
            fails("address already in use", () -> master.bind(V4, port));
            assertEquals("tcp{master}", master.className());
        }
    }

    @Test
    void rebindWithAnUnspecifiedMasterFails() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0); TcpMaster master = Tcp.tcp()) {
            int port = server.getsockname().port();
            fails("setsockopt failed", () -> master.setoption("reuseaddr", false));
            fails("address already in use", () -> master.bind(V4, port));
        }
    }

    @Test
    void failedBindKeepsTheSocketItMadeAndStaysMaster() throws Exception {
        try (LoopbackSupport.RefusingPort taken = new LoopbackSupport.RefusingPort(); TcpMaster master = Tcp.tcp()) {
            fails("address already in use", () -> master.bind(V4, taken.port));
            assertNotEquals(-1, master.getfd());
            assertEquals("tcp{master}", master.className());
            master.bind(V4, 0);
            assertTrue(master.getsockname().port() > 0, "a later bind can still succeed");
        }
    }

    @Test
    void bindingABoundSocketIsInvalid() throws Exception {
        try (TcpMaster master = Tcp.tcp4()) {
            master.bind(V4, 0);
            fails("Invalid argument", () -> master.bind(V4, 0));
        }
    }

    @Test
    void nonLocalAddressCannotBeAssigned() throws Exception {
        try (TcpMaster master = Tcp.tcp4()) {
            // 192.0.2.1 is a documentation address that no interface has: bind(2) fails, no packet.
            fails("Cannot assign requested address", () -> master.bind("192.0.2.1", 0));
        }
    }

    /**
     * As root (which may bind any port) the bind runs in a child without that capability. The
     * sysctl is read by line: {@code Files.readString} returns only its first byte.
     */
    @Test
    void privilegedPortIsPermissionDenied() throws Exception {
        int firstFree = Integer.parseInt(Files.readAllLines(
                Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start")).get(0).trim());
        Assumptions.assumeTrue(firstFree > 1, "every port is unprivileged here");
        assertEquals("PERMISSION_DENIED permission denied",
                PrivilegedBind.outcomeWithoutTheCapability(1));
    }

    @Test
    void resolverErrors() throws Exception {
        try (TcpMaster v4 = Tcp.tcp4(); TcpMaster any = Tcp.tcp()) {
            fails(FAMILY_MISMATCH, () -> v4.bind(V6, 0));
            fails(NO_NAME, () -> any.bind("", 0));
            fails(NO_NAME, () -> any.bind("host.is.invalid", 0));
            fails(BAD_SERVICE, () -> any.bind(V4, -1));
            assertEquals(TcpException.Kind.RESOLVER, assertResolver(() -> any.bind("", 0)));
        }
    }

    @Test
    void ipv6MasterRejectsAnIpv4Address() throws Exception {
        LoopbackSupport.assumeIpv6();
        try (TcpMaster v6 = Tcp.tcp6()) {
            fails(FAMILY_MISMATCH, () -> v6.bind(V4, 0));
        }
        Assumptions.assumeTrue(LoopbackSupport.localhostIsIpv4Only(), "localhost resolves to IPv6 too");
        try (TcpMaster v6 = Tcp.tcp6()) {
            fails(NO_NAME, () -> v6.bind("localhost", 0));
        }
    }

    @Test
    void ipv6MasterIsIpv6OnlySoAMappedIpv4AddressCannotBeBound() throws Exception {
        LoopbackSupport.assumeIpv6();
        try (TcpMaster v6 = Tcp.tcp6()) {
            fails("Invalid argument", () -> v6.bind("::ffff:127.0.0.1", 0));
        }
    }

    @Test
    void unspecifiedMasterMakesAnIpv6OnlySocketForAMappedIpv4Address() throws Exception {
        LoopbackSupport.assumeIpv6();
        try (TcpMaster any = Tcp.tcp()) {
            fails("Invalid argument", () -> any.bind("::ffff:127.0.0.1", 0));
            assertEquals(new Address("::", 0, "unspec"), any.getsockname(),
                    "an IPv6 socket was made; the family was not updated");
        }
    }

    /**
     * socket.bind lists the addresses as getaddrinfo gives them: an IPv6 literal stays IPv6 even
     * when it maps an IPv4 address, so bind makes an IPv6-only socket, which refuses it.
     */
    @Test
    void moduleBindMakesAnIpv6OnlySocketForAMappedIpv4Address() throws Exception {
        LoopbackSupport.assumeIpv6();
        fails("Invalid argument", () -> Tcp.bind("::ffff:127.0.0.1", 0).close());
        fails("Invalid argument", () -> Tcp.bind("::ffff:127.0.0.1", 0, 5).close());
    }

    /** glibc answers an IPv4 request for {@code ::ffff:a.b.c.d} with {@code a.b.c.d}. */
    @Test
    void ipv4MasterBindsTheIpv4AddressAMappedAddressNames() throws Exception {
        try (TcpMaster v4 = Tcp.tcp4()) {
            v4.bind("::ffff:127.0.0.1", 0);
            Address bound = v4.getsockname();
            assertEquals("127.0.0.1", bound.address());
            assertEquals("inet", bound.family());
            assertEquals("inet4", v4.getfamily());
            try (TcpServer server = v4.listen();
                    TcpClient client = Tcp.connect(V4, server.getsockname().port())) {
                assertEquals(bound, server.getsockname());
            }
        }
        try (TcpMaster wildcard = Tcp.tcp4()) {
            wildcard.bind("::ffff:0.0.0.0", 0);
            assertEquals("0.0.0.0", wildcard.getsockname().address());
        }
        try (TcpMaster v4 = Tcp.tcp4()) {
            fails(FAMILY_MISMATCH, () -> v4.bind("::1", 0));
            fails(FAMILY_MISMATCH, () -> v4.bind("::", 0));
        }
    }

    @Test
    void nullHostRaises() throws Exception {
        try (TcpMaster master = Tcp.tcp4()) {
            raises(IllegalArgumentException.class, "string expected, got no value",
                    () -> master.bind(null, 0));
        }
    }

    @Test
    void portsAboveTheRangeWrapAsGlibcDoes() throws Exception {
        int port;
        try (TcpMaster probe = Tcp.tcp4()) {
            probe.bind(V4, 0);
            port = probe.getsockname().port();
        }
        try (TcpMaster master = Tcp.tcp4()) {
            master.bind(V4, port + 65536);
            assertEquals(port, master.getsockname().port());
        }
    }

    // ---- listen ---------------------------------------------------------------------------------

    @Test
    void listenMakesAServerThatAccepts() throws Exception {
        try (TcpMaster master = Tcp.tcp4()) {
            master.bind(V4, 0);
            TcpServer server = master.listen();
            try (TcpClient client = Tcp.connect(V4, server.getsockname().port());
                    TcpClient accepted = server.accept()) {
                client.send("hi\n");
                assertEquals("hi", accepted.receiveString());
            }
        }
    }

    @Test
    void listenWithABacklogOfZeroIsAllowed() throws Exception {
        try (TcpMaster master = Tcp.tcp4()) {
            master.bind(V4, 0);
            TcpServer server = master.listen(0);
            assertEquals("tcp{server}", server.className());
            try (TcpClient client = Tcp.connect(V4, server.getsockname().port());
                    TcpClient accepted = server.accept()) {
                assertEquals(client.getsockname(), accepted.getpeername());
            }
        }
    }

    @Test
    void listenOnAnUnboundUnspecifiedMasterIsBadFileDescriptor() throws Exception {
        try (TcpMaster master = Tcp.tcp()) {
            fails("Bad file descriptor", master::listen);
            fails("Bad file descriptor", () -> master.listen(5));
            assertEquals("tcp{master}", master.className());
        }
    }

    @Test
    void listenOnAServerRaises() throws Exception {
        try (TcpMaster master = Tcp.tcp4()) {
            master.bind(V4, 0);
            master.listen();
            raises(IllegalStateException.class, "tcp{master} expected", master::listen);
        }
    }

    // ---- the module helper ----------------------------------------------------------------------

    @Test
    void moduleBindListensWithReuseaddr() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0)) {
            assertEquals("tcp{server}", server.className());
            assertEquals(true, server.getoption("reuseaddr"));
            assertEquals(V4, server.getsockname().address());
            assertEquals("inet4", server.getfamily());
        }
    }

    @Test
    void moduleBindOfLocalhostBindsOneIpv4Address() throws Exception {
        Assumptions.assumeTrue(LoopbackSupport.localhostIsIpv4Only(), "localhost resolves to IPv6 too");
        try (TcpServer server = Tcp.bind("localhost", 0)) {
            assertEquals(new Address(V4, server.getsockname().port(), "inet"), server.getsockname());
        }
    }

    @Test
    void moduleBindOfIpv6LoopbackMakesAnIpv6Server() throws Exception {
        LoopbackSupport.assumeIpv6();
        try (TcpServer server = Tcp.bind(V6, 0)) {
            assertEquals("inet6", server.getfamily());
            assertEquals(new Address(V6, server.getsockname().port(), "inet6"), server.getsockname());
        }
    }

    @Test
    void moduleBindErrors() throws Exception {
        fails(NO_NAME, () -> Tcp.bind("", 0).close());
        fails(NO_NAME, () -> Tcp.bind("host.is.invalid", 0).close());
        try (TcpServer server = Tcp.bind(V4, 0)) {
            fails("address already in use", () -> Tcp.bind(V4, server.getsockname().port()).close());
            fails("address already in use", () -> Tcp.bind(V4, server.getsockname().port(), 5).close());
        }
        raises(IllegalArgumentException.class, "string expected, got no value",
                () -> Tcp.bind(null, 0).close());
    }

    @Test
    void moduleBindWithABacklog() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0, 1);
                TcpClient client = Tcp.connect(V4, server.getsockname().port());
                TcpClient accepted = server.accept()) {
            assertEquals(client.getsockname(), accepted.getpeername());
        }
    }

    private static TcpException.Kind assertResolver(LoopbackSupport.VoidCall call) {
        try {
            call.call();
        } catch (TcpException e) {
            return e.kind();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no failure");
    }
}
