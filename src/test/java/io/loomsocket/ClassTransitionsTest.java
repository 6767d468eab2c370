package io.loomsocket;

import static io.loomsocket.LoopbackSupport.V4;
import static io.loomsocket.LoopbackSupport.fails;
import static io.loomsocket.LoopbackSupport.raises;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Classes and their transitions, wrong-class calls and tostring (reference 1.1 to 1.3). */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ClassTransitionsTest {
    private static final String MASTER = "tcp{master}";
    private static final String CLIENT = "tcp{client}";
    private static final String SERVER = "tcp{server}";

    @Test
    void constructorsMakeMasters() throws Exception {
        try (TcpMaster any = Tcp.tcp(); TcpMaster v4 = Tcp.tcp4()) {
            assertEquals(MASTER, any.className());
            assertEquals(MASTER, v4.className());
        }
        LoopbackSupport.assumeIpv6();
        try (TcpMaster v6 = Tcp.tcp6()) {
            assertEquals(MASTER, v6.className());
        }
    }

    @Test
    void listenTurnsTheSameObjectIntoAServer() throws Exception {
        try (TcpMaster master = Tcp.tcp4()) {
            master.bind(V4, 0);
            int fd = master.getfd();
            TcpServer server = master.listen();
            assertEquals(SERVER, server.className());
            assertEquals(SERVER, master.className(), "the master view sees the same object");
            assertSame(server, master.asServer());
            assertEquals(server.getsockname(), master.getsockname());
            assertTrue(fd != -1);
        }
    }

    @Test
    void failedListenLeavesAMaster() {
        try (TcpMaster master = Tcp.tcp()) {
            fails("Bad file descriptor", master::listen);
            assertEquals(MASTER, master.className());
        }
    }

    @Test
    void successfulConnectTurnsAMasterIntoAClient() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0); TcpMaster master = Tcp.tcp4()) {
            TcpClient client = master.connect(V4, server.getsockname().port());
            assertEquals(CLIENT, client.className());
            assertEquals(CLIENT, master.className());
            assertSame(client, master.asClient());
            server.accept().close();
        }
    }

    @Test
    void failedConnectStillTurnsAMasterIntoAClient() throws Exception {
        try (LoopbackSupport.RefusingPort closed = new LoopbackSupport.RefusingPort();
                TcpMaster master = Tcp.tcp4()) {
            fails("connection refused", () -> master.connect(V4, closed.port));
            assertEquals(CLIENT, master.className());
            master.asClient();
            raises(IllegalStateException.class, "tcp{master} expected", () -> master.bind(V4, 0));
            raises(IllegalStateException.class, "tcp{master} expected", master::listen);
        }
    }

    @Test
    void connectOnAServerFailsAlreadyConnectedAndMakesAClient() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0)) {
            int port = server.getsockname().port();
            fails("already connected", () -> server.connect(V4, port));
            assertEquals(CLIENT, server.className());
            raises(IllegalStateException.class, "tcp{server} expected", server::accept);
            raises(IllegalStateException.class, "tcp{server} expected", server::asServer);
        }
    }

    @Test
    void acceptReturnsANewClient() throws Exception {
        try (Peer peer = Peer.accepted()) {
            assertEquals(CLIENT, peer.client.className());
        }
        try (TcpServer server = Tcp.bind(V4, 0);
                TcpClient connected = Tcp.connect(V4, server.getsockname().port());
                TcpClient accepted = server.accept()) {
            assertNotSame(server, accepted);
            assertEquals(SERVER, server.className(), "the server stays a server");
            assertEquals(CLIENT, accepted.className());
            assertEquals(CLIENT, connected.className());
            assertTrue(accepted.getfd() != server.getfd());
        }
    }

    @Test
    void moduleBindMakesAServerAndModuleConnectMakesAClient() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0);
                TcpClient client = Tcp.connect(V4, server.getsockname().port());
                TcpClient accepted = server.accept()) {
            assertEquals(SERVER, server.className());
            assertEquals(CLIENT, client.className());
        }
    }

    @Test
    void bindOptionsShutdownAndCloseKeepTheClass() throws Exception {
        try (TcpMaster master = Tcp.tcp4()) {
            master.bind(V4, 0);
            master.setoption("reuseaddr", true);
            master.settimeout(1);
            assertEquals(MASTER, master.className());
            master.close();
            assertEquals(MASTER, master.className());
        }
        try (Peer peer = Peer.connected()) {
            peer.client.shutdown();
            assertEquals(CLIENT, peer.client.className());
            peer.client.close();
            assertEquals(CLIENT, peer.client.className());
        }
        try (TcpServer server = Tcp.bind(V4, 0)) {
            server.close();
            assertEquals(SERVER, server.className());
        }
    }

    @Test
    void clientOnlyMethodsRaiseOnOtherClasses() throws Exception {
        try (TcpMaster master = Tcp.tcp4(); TcpServer server = Tcp.bind(V4, 0)) {
            raises(IllegalStateException.class, "tcp{client} expected", master::asClient);
            raises(IllegalStateException.class, "tcp{client} expected", server::asClient);
        }
    }

    @Test
    void serverOnlyMethodsRaiseOnOtherClasses() throws Exception {
        try (TcpMaster master = Tcp.tcp4(); Peer peer = Peer.connected()) {
            raises(IllegalStateException.class, "tcp{server} expected", master::asServer);
            raises(IllegalStateException.class, "tcp{server} expected", peer.client::asServer);
        }
    }

    @Test
    void masterOnlyMethodsRaiseOnOtherClasses() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0); Peer peer = Peer.connected()) {
            raises(IllegalStateException.class, "tcp{master} expected", server::asMaster);
            raises(IllegalStateException.class, "tcp{master} expected", peer.client::asMaster);
        }
        try (TcpMaster master = Tcp.tcp4()) {
            master.bind(V4, 0);
            master.listen();
            raises(IllegalStateException.class, "tcp{master} expected", master::listen);
            raises(IllegalStateException.class, "tcp{master} expected", () -> master.bind(V4, 0));
        }
    }

    @Test
    void anyClassMethodsWorkOnEveryClass() throws Exception {
        try (TcpMaster master = Tcp.tcp4(); TcpServer server = Tcp.bind(V4, 0);
                Peer peer = Peer.connected()) {
            for (TcpSocket socket : new TcpSocket[] {master, server, peer.client}) {
                socket.dirty();
                socket.getfamily();
                socket.getfd();
                socket.getoption("keepalive");
                socket.setoption("keepalive", true);
                socket.getsockname();
                socket.settimeout(2);
                socket.gettimeout();
                socket.toString();
            }
            peer.client.getpeername();
            fails("Transport endpoint is not connected", server::getpeername);
            fails("Transport endpoint is not connected", master::getpeername);
        }
    }

    @Test
    void methodRegistration() {
        assertMethods(TcpSocket.class, "close", "connect", "dirty", "getfamily", "getfd", "setfd",
                "getoption", "setoption", "getpeername", "getsockname", "settimeout", "gettimeout");
        assertMethods(TcpMaster.class, "bind", "listen");
        assertMethods(TcpServer.class, "accept");
        assertMethods(TcpClient.class, "receive", "send", "shutdown", "getstats", "setstats");
        for (Class<?> type : new Class<?>[] {TcpSocket.class, TcpMaster.class, TcpServer.class,
                TcpClient.class}) {
            for (java.lang.reflect.Method method : type.getMethods()) {
                assertNotEquals("timeout", method.getName(), "there is no timeout method");
            }
        }
    }

    private static void assertMethods(Class<?> type, String... names) {
        java.util.Set<String> present = new java.util.HashSet<>();
        for (java.lang.reflect.Method method : type.getMethods()) {
            present.add(method.getName());
        }
        for (String name : names) {
            assertTrue(present.contains(name), type.getSimpleName() + " has " + name);
        }
    }

    @Test
    void toStringShowsTheCurrentClass() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0); TcpMaster master = Tcp.tcp4()) {
            String before = master.toString();
            assertTrue(before.startsWith("tcp{master}["), before);
            master.connect(V4, server.getsockname().port());
            String after = master.toString();
            assertTrue(after.startsWith("tcp{client}["), after);
            master.close();
            assertEquals("tcp{client}[closed]", master.toString());
            assertTrue(server.toString().startsWith("tcp{server}["), server.toString());
            server.accept().close();
        }
    }
}
