package io.loomsocket;

import static io.loomsocket.LoopbackSupport.V4;
import static io.loomsocket.LoopbackSupport.fails;
import static io.loomsocket.LoopbackSupport.receiveFails;
import static io.loomsocket.LoopbackSupport.sendFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code close()} and what each method gives afterwards (reference 2.8, 2.11; testclnt's active close). */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CloseTest {

    @Test
    void closeIsIdempotentOnEveryClass() throws Exception {
        TcpMaster any = Tcp.tcp();
        any.close();
        any.close();
        TcpMaster v4 = Tcp.tcp4();
        v4.close();
        v4.close();
        TcpServer server = Tcp.bind(V4, 0);
        server.close();
        server.close();
        try (Peer peer = Peer.connected()) {
            peer.client.close();
            peer.client.close();
        }
    }

    @Test
    void getfdIsValidUntilClose() throws Exception {
        TcpMaster v4 = Tcp.tcp4();
        assertNotEquals(-1, v4.getfd());
        v4.close();
        assertEquals(-1, v4.getfd());
        TcpMaster any = Tcp.tcp();
        assertEquals(-1, any.getfd(), "tcp() has no socket before bind or connect");
        any.close();
        assertEquals(-1, any.getfd());
    }

    @Test
    void closeKeepsClassStatsAndTimeouts() throws Exception {
        try (Peer peer = Peer.connected()) {
            TcpClient client = peer.client;
            client.settimeout(1.5);
            client.settimeout(4, "t");
            client.send("abcd");
            peer.send("xy\n");
            assertEquals("xy", client.receiveString());
            client.close();
            assertEquals("tcp{client}", client.className());
            assertEquals(new Timeouts(1.5, 4), client.gettimeout());
            Stats stats = client.getstats();
            assertEquals(3, stats.received());
            assertEquals(4, stats.sent());
        }
    }

    @Test
    void sendAndReceiveFailClosedAfterClose() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.close();
            sendFails("closed", 0, () -> peer.client.send("abc"));
            receiveFails("closed", "", () -> peer.client.receive());
        }
    }

    @Test
    void namesFailBadFileDescriptorAfterClose() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.close();
            fails("Bad file descriptor", peer.client::getsockname);
            fails("Bad file descriptor", peer.client::getpeername);
        }
        TcpServer server = Tcp.bind(V4, 0);
        server.close();
        fails("Bad file descriptor", server::getsockname);
        fails("Bad file descriptor", server::getpeername);
        TcpMaster master = Tcp.tcp4();
        master.close();
        fails("Bad file descriptor", master::getsockname);
    }

    @Test
    void optionsFailAfterClose() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.close();
            fails("getsockopt failed", () -> peer.client.getoption("keepalive"));
            fails("setsockopt failed", () -> peer.client.setoption("keepalive", true));
            fails("getsockopt failed", () -> peer.client.getoption("recv-buffer-size"));
            fails("setsockopt failed", () -> peer.client.setoption("tcp-nodelay", true));
        }
        TcpServer server = Tcp.bind(V4, 0);
        server.close();
        fails("getsockopt failed", () -> server.getoption("reuseaddr"));
        fails("setsockopt failed", () -> server.setoption("reuseaddr", true));
    }

    @Test
    void shutdownStillSucceedsAfterClose() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.close();
            peer.client.shutdown();
        }
    }

    @Test
    void acceptFailsClosedAfterClose() throws Exception {
        TcpServer server = Tcp.bind(V4, 0);
        server.close();
        fails("closed", server::accept);
        server.settimeout(0);
        fails("closed", server::accept);
    }

    @Test
    void closeSendsTheEndOfStreamToThePeer() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.send("last");
            peer.client.close();
            assertEquals("last", LoopbackSupport.text(peer.readAll()));
        }
    }

    @Test
    void closingAServerFreesItsPort() throws Exception {
        TcpServer server = Tcp.bind(V4, 0);
        int port = server.getsockname().port();
        server.close();
        fails("connection refused", () -> Tcp.connect(V4, port).close());
    }

    @Test
    void dirtyStaysTrueAfterCloseAndMastersAndServersAreNeverDirty() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("a\nb");
            peer.client.receive();
            assertTrue(peer.client.dirty());
            peer.client.close();
            assertTrue(peer.client.dirty());
        }
        try (TcpMaster master = Tcp.tcp4(); TcpServer server = Tcp.bind(V4, 0)) {
            assertFalse(master.dirty());
            assertFalse(server.dirty());
        }
    }

    @Test
    void setfdIsNotSupported() throws Exception {
        try (TcpMaster master = Tcp.tcp4()) {
            int fd = master.getfd();
            org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
                    () -> master.setfd(fd));
            assertEquals(fd, master.getfd(), "the documented Java deviation changes nothing");
        }
    }

    @Test
    void closeWithOnlyAMasterThatNeverHadASocketSucceeds() {
        TcpMaster master = Tcp.tcp();
        master.close();
        assertEquals("tcp{master}", master.className());
        fails("Bad file descriptor", master::getsockname);
    }

    /**
     * close(2) on a socket with unread data resets the connection at once. A channel that a
     * wait left registered with a selector would be closed late by the JDK, which shuts its
     * output down first: the peer would read a clean end of stream instead of the reset.
     */
    @Test
    void closeAfterAWaitResetsAPeerWhoseDataWasNotRead() throws Exception {
        try (Peer peer = Peer.connected()) {
            TcpClient client = peer.client;
            client.settimeout(0.05);
            receiveFails("timeout", "", client::receive);
            peer.send("never read\n");
            client.close();
            peer.socket.setSoTimeout(2000);
            SocketException e = assertThrows(SocketException.class,
                    () -> peer.socket.getInputStream().read());
            assertTrue(e.getMessage().contains("reset"), e.getMessage());
        }
    }

    /**
     * As above, with forty closes at once on virtual threads, which wait for the poller to let
     * their channels go by yielding a few turns before they park: every peer is reset and every
     * close ends. (That the turns never end the wait early is AwaitDeregisteredTest's.)
     */
    @Test
    void closesOnVirtualThreadsResetPeersWhoseDataWasNotRead() throws Exception {
        List<Peer> peers = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                Peer peer = Peer.connected();
                peers.add(peer);
                peer.client.settimeout(0.01);
                receiveFails("timeout", "", peer.client::receive);
                peer.send("never read\n");
            }
            List<Thread> closers = new ArrayList<>();
            for (Peer peer : peers) {
                closers.add(Thread.ofVirtual().start(peer.client::close));
            }
            for (Thread closer : closers) {
                assertTrue(closer.join(java.time.Duration.ofSeconds(10)), "a close still running");
            }
            for (Peer peer : peers) {
                peer.socket.setSoTimeout(2000);
                SocketException e = assertThrows(SocketException.class,
                        () -> peer.socket.getInputStream().read());
                assertTrue(e.getMessage().contains("reset"), e.getMessage());
            }
        } finally {
            for (Peer peer : peers) {
                peer.close();
            }
        }
    }

    /** A server that waited in accept stops listening the moment it closes. */
    @Test
    void closeAfterAnAcceptWaitStopsListeningAtOnce() throws Exception {
        TcpServer server = Tcp.bind(V4, 0);
        int port = server.getsockname().port();
        server.settimeout(0.05);
        fails("timeout", server::accept);
        server.close();
        try (Socket late = new Socket()) {
            assertThrows(ConnectException.class,
                    () -> late.connect(new InetSocketAddress(V4, port), 2000));
        }
    }
}
