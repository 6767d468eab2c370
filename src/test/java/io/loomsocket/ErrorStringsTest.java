package io.loomsocket;

import static io.loomsocket.LoopbackSupport.BAD_SERVICE;
import static io.loomsocket.LoopbackSupport.FAMILY_MISMATCH;
import static io.loomsocket.LoopbackSupport.NO_NAME;
import static io.loomsocket.LoopbackSupport.V4;
import static io.loomsocket.LoopbackSupport.V6;
import static io.loomsocket.LoopbackSupport.fails;
import static io.loomsocket.LoopbackSupport.raises;
import static io.loomsocket.LoopbackSupport.receiveFails;
import static io.loomsocket.LoopbackSupport.sendFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Exact error texts: the returned ones with their kinds (reference 7.1 to 7.3) and the raised
 * ones (7.4). Each is produced by a real loopback situation.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ErrorStringsTest {

    // ---- returned -------------------------------------------------------------------------------

    @Test
    void timeout() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.settimeout(0);
            ReceiveException e = receiveFails("timeout", "", () -> peer.client.receive());
            assertEquals(TcpException.Kind.TIMEOUT, e.kind());
            assertTrue(e.isTimeout());
            assertFalse(e.isClosed());
        }
    }

    @Test
    void closedAtEndOfStream() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.hangUp();
            ReceiveException e = receiveFails("closed", "", () -> peer.client.receive());
            assertEquals(TcpException.Kind.CLOSED, e.kind());
            assertTrue(e.isClosed());
            assertFalse(e.isTimeout());
        }
    }

    @Test
    void closedForAConnectionResetOnReceive() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.reset();
            ReceiveException e = receiveFails("closed", "", () -> peer.client.receive());
            assertEquals(TcpException.Kind.CLOSED, e.kind());
        }
    }

    @Test
    void closedForAConnectionResetOnSend() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.reset();
            SendException e = sendFails("closed", 0, () -> peer.client.send("abc"));
            assertEquals(TcpException.Kind.CLOSED, e.kind());
        }
    }

    @Test
    void closedForABrokenPipe() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.hangUp();
            sendFails("closed", 8192, () -> peer.client.send(new byte[20_000]));
            SendException e = sendFails("closed", 0, () -> peer.client.send("x"));
            assertEquals(TcpException.Kind.CLOSED, e.kind());
        }
    }

    @Test
    void closedForALocallyClosedObject() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.close();
            assertEquals(TcpException.Kind.CLOSED,
                    receiveFails("closed", "", () -> peer.client.receive()).kind());
            assertEquals(TcpException.Kind.CLOSED,
                    sendFails("closed", 0, () -> peer.client.send("x")).kind());
        }
    }

    @Test
    void connectionRefused() throws Exception {
        try (LoopbackSupport.RefusingPort closed = new LoopbackSupport.RefusingPort()) {
            assertEquals(TcpException.Kind.CONNECTION_REFUSED,
                    fails("connection refused", () -> Tcp.connect(V4, closed.port).close()).kind());
        }
    }

    @Test
    void addressAlreadyInUse() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0); TcpMaster master = Tcp.tcp4()) {
            assertEquals(TcpException.Kind.ADDRESS_IN_USE, fails("address already in use",
                    () -> master.bind(V4, server.getsockname().port())).kind());
        }
    }

    @Test
    void alreadyConnected() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0); TcpMaster master = Tcp.tcp4()) {
            int port = server.getsockname().port();
            master.connect(V4, port);
            master.connect(V4, port); // Linux reports a connect that was waited for once more
            TcpException e = fails("already connected", () -> master.connect(V4, port));
            assertEquals(TcpException.Kind.ALREADY_CONNECTED, e.kind());
            server.accept().close();
        }
    }

    @Test
    void strerrorTexts() throws Exception {
        try (TcpMaster any = Tcp.tcp(); TcpMaster v4 = Tcp.tcp4(); TcpMaster bound = Tcp.tcp4()) {
            assertEquals(TcpException.Kind.OTHER,
                    fails("Bad file descriptor", any::getsockname).kind());
            assertEquals(TcpException.Kind.OTHER,
                    fails("Transport endpoint is not connected", v4::getpeername).kind());
            bound.bind(V4, 0);
            assertEquals(TcpException.Kind.OTHER,
                    fails("Invalid argument", () -> bound.bind(V4, 0)).kind());
            // 192.0.2.1, a documentation address no interface has: bind(2) fails, no packet.
            assertEquals(TcpException.Kind.OTHER,
                    fails("Cannot assign requested address", () -> v4.bind("192.0.2.1", 0)).kind());
        }
    }

    @Test
    void resolverTexts() throws Exception {
        assertEquals(TcpException.Kind.RESOLVER, fails(NO_NAME, () -> Tcp.connect("", 80).close()).kind());
        assertEquals(TcpException.Kind.RESOLVER, fails(BAD_SERVICE, () -> Tcp.connect(V4, -1).close()).kind());
        try (TcpMaster v4 = Tcp.tcp4()) {
            assertEquals(TcpException.Kind.RESOLVER,
                    fails(FAMILY_MISMATCH, () -> v4.connect(V6, 80)).kind());
        }
    }

    @Test
    void optionTexts() throws Exception {
        try (TcpMaster any = Tcp.tcp()) {
            fails("setsockopt failed", () -> any.setoption("tcp-nodelay", true));
            fails("getsockopt failed", () -> any.getoption("tcp-nodelay"));
        }
    }

    // ---- raised ---------------------------------------------------------------------------------

    @Test
    void raisedTexts() throws Exception {
        try (TcpMaster master = Tcp.tcp4(); Peer peer = Peer.connected()) {
            TcpClient client = peer.client;
            // LuaSocket's text, then the value (a negative count is called a count).
            raises(IllegalArgumentException.class,
                    "invalid receive pattern \"*x\" (\"*l\", \"*a\" or a count)",
                    () -> client.receive("*x"));
            raises(IllegalArgumentException.class, "invalid receive count -3 (a count is 0 or more)",
                    () -> client.receive(-3));
            raises(IllegalArgumentException.class,
                    "invalid timeout mode \"q\" (\"b\" for block, \"t\" for total)",
                    () -> client.settimeout(1, "q"));
            raises(IllegalArgumentException.class, "unsupported option `foo'", () -> client.getoption("foo"));
            raises(IllegalArgumentException.class, "boolean expected, got number",
                    () -> client.setoption("keepalive", 1));
            raises(IllegalArgumentException.class, "table expected, got number",
                    () -> client.setoption("linger", 1));
            raises(IllegalArgumentException.class, "boolean 'on' field expected",
                    () -> client.setoption("linger", Map.of("timeout", 1)));
            raises(IllegalArgumentException.class, "number 'timeout' field expected",
                    () -> client.setoption("linger", Map.of("on", true)));
            raises(IllegalArgumentException.class, "invalid option 'xx'", () -> client.shutdown("xx"));
            raises(IllegalArgumentException.class, "invalid option 'ipx'",
                    () -> Tcp.connect(V4, 1, null, 0, "ipx").close());
            raises(IllegalStateException.class, "tcp{client} expected", master::asClient);
            raises(IllegalStateException.class, "tcp{server} expected", master::asServer);
            raises(IllegalStateException.class, "tcp{master} expected", client::asMaster);
            raises(IllegalArgumentException.class, "string expected, got no value",
                    () -> client.send((String) null));
        }
    }
}
