package io.loomsocket;

import static io.loomsocket.LoopbackSupport.V4;
import static io.loomsocket.LoopbackSupport.V6;
import static io.loomsocket.LoopbackSupport.assertAbout;
import static io.loomsocket.LoopbackSupport.assertEndedBy;
import static io.loomsocket.LoopbackSupport.assertNoWait;
import static io.loomsocket.LoopbackSupport.fails;
import static io.loomsocket.LoopbackSupport.raises;
import static io.loomsocket.LoopbackSupport.secondsSince;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.timing.Moment;
import io.loomsocket.timing.TimedTest;
import io.loomsocket.timing.Timing;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code server:accept()} (reference 5.4, 2.5; testclnt's accept timeout). */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AcceptTest {

    @TimedTest
    void acceptTimesOutUnderTheBlockTimeout() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0, 0)) {
            server.settimeout(1);
            long start = System.nanoTime();
            TcpException e = fails("timeout", server::accept);
            assertEquals(TcpException.Kind.TIMEOUT, e.kind());
            double took = secondsSince(start);
            Timing.assertAtMost(2, took, "accept with timeout 1");
            assertAbout(1.0, took, "accept with timeout 1");
        }
    }

    @TimedTest
    void acceptTimesOutUnderTheTotalTimeout() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0)) {
            server.settimeout(0.3, "t");
            long start = System.nanoTime();
            fails("timeout", server::accept);
            assertAbout(0.3, secondsSince(start), "accept with total 0.3");
        }
    }

    @TimedTest
    void acceptWithTimeoutZeroReturnsAtOnce() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0)) {
            server.settimeout(0);
            long start = System.nanoTime();
            fails("timeout", server::accept);
            assertNoWait(start, "accept with timeout 0");
        }
    }

    @Test
    void acceptWithTimeoutZeroTakesAPendingConnection() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0);
                Socket socket = new Socket(V4, server.getsockname().port())) {
            server.settimeout(0);
            TcpClient accepted = null;
            for (int i = 0; i < 400 && accepted == null; i++) {
                try {
                    accepted = server.accept();
                } catch (TcpException e) {
                    assertEquals("timeout", e.getMessage());
                    Thread.sleep(5);
                }
            }
            assertTrue(accepted != null, "the pending connection was accepted");
            accepted.close();
        }
    }

    @TimedTest
    void acceptWaitsForAConnection() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0)) {
            int port = server.getsockname().port();
            Moment connecting = new Moment();
            FutureTask<ReceiveException> connector = new FutureTask<>(() -> {
                Thread.sleep(300);
                connecting.mark();
                try (TcpClient client = Tcp.connect(V4, port)) {
                    client.send("hello\n");
                    // The server closes without sending: "*a" on an empty stream fails "closed".
                    return assertThrows(ReceiveException.class, () -> client.receive("*a"));
                }
            });
            Thread.ofVirtual().start(connector);
            long start = System.nanoTime();
            try (TcpClient accepted = server.accept()) {
                assertEndedBy(connecting, System.nanoTime(), "accept waiting for a connection");
                assertEquals("hello", accepted.receiveString());
            }
            ReceiveException end = connector.get(5, TimeUnit.SECONDS);
            assertEquals("closed", end.getMessage());
            assertEquals("", end.partialString());
        }
    }

    @TimedTest
    void acceptOnAClosedServerIsClosed() throws Exception {
        TcpServer server = Tcp.bind(V4, 0);
        server.close();
        fails("closed", server::accept);
        server.settimeout(1);
        long start = System.nanoTime();
        fails("closed", server::accept);
        assertNoWait(start, "accept on a closed server");
    }

    @TimedTest
    void acceptedClientsAreFresh() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0)) {
            server.settimeout(2);
            server.settimeout(3, "t");
            try (TcpClient one = Tcp.connect(V4, server.getsockname().port());
                    TcpClient first = server.accept()) {
                one.send("x\ny");
                assertEquals("x", first.receiveString());
                assertTrue(first.dirty());
                try (TcpClient two = Tcp.connect(V4, server.getsockname().port());
                        TcpClient second = server.accept()) {
                    assertEquals("tcp{client}", second.className());
                    assertEquals(new Timeouts(-1, -1), second.gettimeout());
                    assertFalse(second.dirty(), "a new, empty buffer");
                    Stats stats = second.getstats();
                    assertEquals(0, stats.received());
                    assertEquals(0, stats.sent());
                    Timing.assertAtMost(1, stats.age(), "the new client's age");
                    assertNotEquals(first.getfd(), second.getfd());
                    assertNotEquals(-1, second.getfd());
                    assertEquals("inet4", second.getfamily());
                    assertEquals(two.getsockname(), second.getpeername());
                }
            }
        }
    }

    @Test
    void acceptedClientsCopyTheServersFamily() throws Exception {
        LoopbackSupport.assumeIpv6();
        try (TcpServer server = Tcp.bind(V6, 0);
                Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(V6, server.getsockname().port()), 2000);
            try (TcpClient accepted = server.accept()) {
                assertEquals("inet6", accepted.getfamily());
                assertEquals("inet6", accepted.getsockname().family());
                assertEquals(new Address(V6, socket.getLocalPort(), "inet6"), accepted.getpeername());
            }
        }
    }

    @Test
    void theServerKeepsAcceptingAfterAnAccept() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0)) {
            for (int i = 0; i < 5; i++) {
                try (TcpClient client = Tcp.connect(V4, server.getsockname().port());
                        TcpClient accepted = server.accept()) {
                    client.send("n" + i + "\n");
                    assertEquals("n" + i, accepted.receiveString());
                }
            }
            assertEquals("tcp{server}", server.className());
        }
    }

    @Test
    void acceptOnANonServerRaises() throws Exception {
        try (TcpMaster master = Tcp.tcp4(); Peer peer = Peer.connected()) {
            raises(IllegalStateException.class, "tcp{server} expected", master::asServer);
            raises(IllegalStateException.class, "tcp{server} expected", peer.client::asServer);
        }
    }

    @Test
    void acceptAfterTheServerBecameAClientRaises() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0)) {
            fails("already connected", () -> server.connect(V4, server.getsockname().port()));
            raises(IllegalStateException.class, "tcp{server} expected", server::accept);
        }
    }
}
