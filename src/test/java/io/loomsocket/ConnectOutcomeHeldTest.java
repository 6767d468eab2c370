package io.loomsocket;

import static io.loomsocket.LoopbackSupport.V4;
import static io.loomsocket.LoopbackSupport.fails;
import static io.loomsocket.LoopbackSupport.receiveFails;
import static io.loomsocket.LoopbackSupport.sendFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The outcome of a connect made with timeout 0 that no connect(2) collected: LuaSocket's select
 * (like getpeername, getsockname, shutdown or getoption) finds it without taking a failure's
 * error, which Linux keeps for the next send, receive, connect or getoption("error"). Each
 * sequence is the one lua5.4 with C LuaSocket 3.1 gives on Linux loopback: a socket.select for
 * writing waits until the refusal came, then each call's result in order. These are the fast
 * forms of connect-later.scn's refused cases (which wait for the kernel's SYN retry).
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConnectOutcomeHeldTest {
    /** A tcp4() object whose connect to {@code closed} with timeout 0 was refused meanwhile. */
    private static TcpMaster refusedUnasked(LoopbackSupport.RefusingPort closed) throws Exception {
        TcpMaster master = Tcp.tcp4();
        master.settimeout(0);
        fails("timeout", () -> master.connect(V4, closed.port));
        Selected ready = Tcp.select(null, List.of(master), Duration.ofSeconds(3));
        assertEquals(List.of(master), ready.writable(), "select reports the finished attempt");
        return master;
    }

    @Test
    void getpeernameLeavesTheRefusalToTheNextConnect() throws Exception {
        try (LoopbackSupport.RefusingPort closed = new LoopbackSupport.RefusingPort();
                TcpMaster master = refusedUnasked(closed)) {
            fails("Transport endpoint is not connected", master::getpeername);
            fails("connection refused", () -> master.connect(V4, closed.port));
            fails("timeout", () -> master.connect(V4, closed.port)); // a new attempt
        }
    }

    @Test
    void theNextSendTakesTheRefusalThenTheSocketIsShut() throws Exception {
        try (LoopbackSupport.RefusingPort closed = new LoopbackSupport.RefusingPort();
                TcpMaster master = refusedUnasked(closed)) {
            TcpClient client = master.asClient();
            sendFails("connection refused", 0, () -> client.send("abc"));
            sendFails("closed", 0, () -> client.send("abc"));
            receiveFails("closed", "", () -> client.receive(3));
            assertNull(client.getoption("error"), "the send took the error");
            fails("closed", () -> client.connect(V4, closed.port));
            fails("timeout", () -> client.connect(V4, closed.port));
        }
    }

    @Test
    void theNextReceiveTakesTheRefusalThenTheSocketIsShut() throws Exception {
        try (LoopbackSupport.RefusingPort closed = new LoopbackSupport.RefusingPort();
                TcpMaster master = refusedUnasked(closed)) {
            TcpClient client = master.asClient();
            receiveFails("connection refused", "pre",
                    () -> client.receive("*a", "pre".getBytes(StandardCharsets.ISO_8859_1)));
            receiveFails("closed", "", () -> client.receive("*a"));
            sendFails("closed", 0, () -> client.send("abc"));
            fails("closed", () -> client.connect(V4, closed.port));
            fails("timeout", () -> client.connect(V4, closed.port));
        }
    }

    @Test
    void getoptionErrorTakesTheRefusalOnce() throws Exception {
        try (LoopbackSupport.RefusingPort closed = new LoopbackSupport.RefusingPort();
                TcpMaster master = refusedUnasked(closed)) {
            TcpClient client = master.asClient();
            assertEquals("connection refused", client.getoption("error"));
            assertNull(client.getoption("error"), "reading it cleared it");
            receiveFails("closed", "", () -> client.receive(3));
            sendFails("closed", 0, () -> client.send("abc"));
            fails("closed", () -> client.connect(V4, closed.port));
            fails("timeout", () -> client.connect(V4, closed.port));
        }
    }

    @Test
    void shutdownWithTheRefusalHeldMakesEveryConnectInvalid() throws Exception {
        try (LoopbackSupport.RefusingPort closed = new LoopbackSupport.RefusingPort();
                TcpMaster master = refusedUnasked(closed)) {
            TcpClient client = master.asClient();
            client.shutdown("send");
            fails("Transport endpoint is not connected", client::getpeername);
            receiveFails("connection refused", "", () -> client.receive(3));
            sendFails("closed", 0, () -> client.send("abc"));
            fails("Invalid argument", () -> client.connect(V4, closed.port));
            fails("Invalid argument", () -> client.connect(V4, closed.port));
            assertNull(client.getoption("error"));
        }
    }

    @Test
    void shutdownAfterTheRefusalWasTakenMakesEveryConnectInvalid() throws Exception {
        try (LoopbackSupport.RefusingPort closed = new LoopbackSupport.RefusingPort();
                TcpMaster master = refusedUnasked(closed)) {
            TcpClient client = master.asClient();
            assertEquals("connection refused", client.getoption("error"));
            client.shutdown("receive");
            receiveFails("closed", "", () -> client.receive(3));
            sendFails("closed", 0, () -> client.send("abc"));
            fails("Invalid argument", () -> client.connect(V4, closed.port));
            fails("Invalid argument", () -> client.connect(V4, closed.port));
        }
    }

    /**
     * shutdown on a socket whose connect was refused while nobody asked finds the refusal
     * itself: the socket is disconnecting, and the refusal is still held for a receive.
     */
    @Test
    void shutdownFindsARefusalNobodyAskedAbout() throws Exception {
        try (LoopbackSupport.RefusingPort closed = new LoopbackSupport.RefusingPort();
                TcpMaster master = Tcp.tcp4()) {
            master.settimeout(0);
            fails("timeout", () -> master.connect(V4, closed.port));
            awaitNoConnectTo(closed.port);
            TcpClient client = master.asClient();
            client.shutdown("send");
            fails("Invalid argument", () -> client.connect(V4, closed.port));
            receiveFails("connection refused", "", () -> client.receive(3));
            receiveFails("closed", "", () -> client.receive(3));
            sendFails("closed", 0, () -> client.send("abc"));
            fails("Invalid argument", () -> client.connect(V4, closed.port));
        }
    }

    /**
     * What the kernel kept for a socket is that socket's: once the object is closed and
     * connected again, its new socket holds no refusal, and is neither shut nor disconnecting
     * after a shutdown (whether the old refusal was still held or already taken).
     */
    @Test
    void aRefusalKeptForAClosedSocketIsNotTheNextSockets() throws Exception {
        for (boolean taken : new boolean[] {false, true}) {
            try (LoopbackSupport.RefusingPort closed = new LoopbackSupport.RefusingPort();
                    TcpServer server = Tcp.bind(V4, 0);
                    TcpMaster master = refusedUnasked(closed)) {
                if (taken) {
                    assertEquals("connection refused", master.getoption("error"));
                }
                master.close();
                master.settimeout(3);
                int port = server.getsockname().port();
                TcpClient client = master.connect(V4, port);
                server.settimeout(3);
                try (TcpClient accepted = server.accept()) {
                    assertEquals(1, client.send("x"), "taken: " + taken);
                    assertEquals("x", new String(accepted.receive(1), StandardCharsets.ISO_8859_1));
                    client.shutdown("send");
                    accepted.settimeout(3);
                    receiveFails("closed", "", () -> accepted.receive("*a"));
                    accepted.send("y");
                    assertEquals("y", new String(client.receive(1), StandardCharsets.ISO_8859_1));
                    fails("already connected", () -> client.connect(V4, port));
                    assertNull(client.getoption("error"));
                }
            }
        }
    }

    /**
     * getoption("error") asks how the connect stands by itself: it finds the refusal once it came
     * (C LuaSocket's test_socket_error.lua polls it so), without a select before it.
     */
    @Test
    void getoptionErrorFindsTheRefusalOfAConnectStillPending() throws Exception {
        try (LoopbackSupport.RefusingPort closed = new LoopbackSupport.RefusingPort();
                TcpMaster master = Tcp.tcp4()) {
            master.settimeout(0);
            fails("timeout", () -> master.connect(V4, closed.port));
            Object error = null;
            for (int i = 0; i < 300 && error == null; i++) { // until the refusal came: 3 s at most
                error = master.getoption("error");
                if (error == null) {
                    Thread.sleep(10);
                }
            }
            assertEquals("connection refused", error);
            assertNull(master.getoption("error"), "reading it cleared it");
            fails("closed", () -> master.connect(V4, closed.port));
        }
    }

    /** A handshake done while nobody asked, as getpeername and connect then see it. */
    @Test
    void namesSeeAHandshakeThatNobodyAskedForAndConnectSaysSoOnce() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0); TcpMaster master = Tcp.tcp4()) {
            int port = server.getsockname().port();
            master.settimeout(0);
            fails("timeout", () -> master.connect(V4, port));
            server.settimeout(3);
            try (TcpClient accepted = server.accept()) { // the client's handshake is done
                assertEquals(new Address(V4, port, "inet"), master.getpeername());
                master.connect(V4, port); // 1 once
                fails("already connected", () -> master.connect(V4, port));
            }
        }
    }

    /**
     * A receive with timeout 0 on a socket whose handshake nobody asked about reads the data
     * already there, and leaves the connect to report itself once, as Linux does.
     */
    @Test
    void aReceiveWithTimeoutZeroReadsWhatCameWhileNobodyAsked() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0); TcpMaster master = Tcp.tcp4()) {
            int port = server.getsockname().port();
            master.settimeout(0);
            fails("timeout", () -> master.connect(V4, port));
            server.settimeout(3);
            try (TcpClient accepted = server.accept()) {
                accepted.send("hi\n");
                awaitReceiveQueue(accepted.getpeername().port(), port);
                TcpClient client = master.asClient();
                assertEquals("hi", client.receiveString());
                receiveFails("timeout", "", () -> client.receive());
                client.connect(V4, port); // 1 once
                fails("already connected", () -> client.connect(V4, port));
            }
        }
    }

    /**
     * Waits (5 s at most) until the kernel's table shows no connect under way (SYN_SENT) to
     * {@code port} on loopback: the refusal came. Asking the socket itself would settle it.
     */
    private static void awaitNoConnectTo(int port) throws Exception {
        String remote = String.format("0100007F:%04X", port);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            boolean connecting = false;
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(
                    "/proc/net/tcp"))) {
                String[] fields = line.trim().split("\\s+");
                connecting |= fields.length > 3 && fields[2].equals(remote) && fields[3].equals("02");
            }
            if (!connecting) {
                return;
            }
            assertTrue(deadline - System.nanoTime() > 0, "the connect was never refused");
            Thread.sleep(2);
        }
    }

    /**
     * Waits (5 s at most) until the kernel's table shows bytes in the receive queue of the
     * loopback connection from {@code localPort} to {@code remotePort}: asking the socket itself
     * would finish its connect.
     */
    private static void awaitReceiveQueue(int localPort, int remotePort) throws Exception {
        String ends = String.format("0100007F:%04X 0100007F:%04X", localPort, remotePort);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(
                    "/proc/net/tcp"))) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 4 && (fields[1] + " " + fields[2]).equals(ends)
                        && Long.parseLong(fields[4].substring(fields[4].indexOf(':') + 1), 16) > 0) {
                    return;
                }
            }
            assertTrue(deadline - System.nanoTime() > 0, "the bytes never came");
            Thread.sleep(2);
        }
    }

    /** shutdown makes a socket whose handshake nobody asked about a plain connected one. */
    @Test
    void shutdownAfterAHandshakeNobodyAskedForKeepsTheConnection() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0); TcpMaster master = Tcp.tcp4()) {
            int port = server.getsockname().port();
            master.settimeout(0);
            fails("timeout", () -> master.connect(V4, port));
            server.settimeout(3);
            try (TcpClient accepted = server.accept()) {
                TcpClient client = master.asClient();
                int handle = client.getfd();
                client.shutdown("send");
                assertEquals(handle, client.getfd(), "the same socket");
                fails("already connected", () -> client.connect(V4, port));
                accepted.settimeout(3);
                receiveFails("closed", "", () -> accepted.receive("*a"));
                accepted.send("xyz");
                client.settimeout(3);
                assertEquals("xyz", new String(client.receive(3), StandardCharsets.ISO_8859_1));
                assertTrue(client.getpeername().port() == port);
            }
        }
    }
}
