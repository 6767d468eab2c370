package io.loomsocket;

import static io.loomsocket.LoopbackSupport.V4;
import static io.loomsocket.LoopbackSupport.assertAbout;
import static io.loomsocket.LoopbackSupport.assertNoWait;
import static io.loomsocket.LoopbackSupport.fails;
import static io.loomsocket.LoopbackSupport.raises;
import static io.loomsocket.LoopbackSupport.receiveFails;
import static io.loomsocket.LoopbackSupport.secondsSince;
import static io.loomsocket.LoopbackSupport.sendFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.timing.TimedTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The traps of reference section 10, items 1 to 8, one test (or two) each. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TrapsTest {

    /** 1. A wrong class raises; it does not return an error. */
    @Test
    void trap1WrongClassRaises() throws Exception {
        try (TcpMaster master = Tcp.tcp4(); TcpServer server = Tcp.bind(V4, 0)) {
            raises(IllegalStateException.class, "tcp{client} expected", master::asClient);
            raises(IllegalStateException.class, "tcp{client} expected", server::asClient);
            raises(IllegalStateException.class, "tcp{server} expected", master::asServer);
            master.bind(V4, 0);
            master.listen();
            raises(IllegalStateException.class, "tcp{master} expected", () -> master.bind(V4, 0));
        }
    }

    /** 1. connect turns any object into a client, even when it fails. */
    @Test
    void trap1FailedConnectStillMakesAClient() throws Exception {
        try (LoopbackSupport.RefusingPort closed = new LoopbackSupport.RefusingPort();
                TcpMaster master = Tcp.tcp4(); TcpServer server = Tcp.bind(V4, 0)) {
            fails("connection refused", () -> master.connect(V4, closed.port));
            assertEquals("tcp{client}", master.className());
            raises(IllegalStateException.class, "tcp{master} expected", master::listen);
            fails("already connected", () -> server.connect(V4, server.getsockname().port()));
            assertEquals("tcp{client}", server.className());
            raises(IllegalStateException.class, "tcp{server} expected", server::accept);
        }
    }

    /** 2. *l drops every CR, not only the one before LF. */
    @Test
    void trap2LineDropsEveryCr() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("\ra\rb\r\rc\r\n\r\r\n");
            assertEquals("abc", peer.client.receiveString("*l"));
            assertEquals("", peer.client.receiveString("*l"));
            assertEquals(12, peer.client.getstats().received(), "the CRs were consumed and counted");
        }
    }

    /** 3. A numeric pattern counts the prefix; a long prefix comes back whole with no I/O. */
    @Test
    void trap3CountIncludesThePrefix() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("7890");
            assertEquals("87654321", peer.client.receiveString(4, "87654321"));
            assertEquals(0, peer.client.getstats().received());
            assertEquals("1234567890", peer.client.receiveString(10, "123456"));
        }
    }

    /** 3. receive(0) with an empty prefix waits when the buffer is empty. */
    @TimedTest
    void trap3ReceiveZeroWaits() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.settimeout(0.3);
            long start = System.nanoTime();
            receiveFails("timeout", "", () -> peer.client.receive(0));
            assertAbout(0.3, secondsSince(start), "receive(0) on an empty buffer");
        }
    }

    /** 4. On failure the partial is consumed and returned, prefix included. */
    @Test
    void trap4PartialIsConsumed() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("abc");
            peer.client.settimeout(0.1);
            receiveFails("timeout", ">abc", () -> peer.client.receiveString("*l", ">"));
            assertFalse(peer.client.dirty());
            peer.send("\n");
            assertEquals("", peer.client.receiveString(), "the consumed bytes do not come back");
        }
    }

    /** 4. *a succeeds at a clean EOF only if this call read at least one byte. */
    @Test
    void trap4AllNeedsOneByteInThisCall() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("tail").hangUp();
            assertEquals("tail", peer.client.receiveString("*a"));
            receiveFails("closed", "", () -> peer.client.receive("*a"));
            receiveFails("closed", "pre", () -> peer.client.receiveString("*a", "pre"));
        }
    }

    /** 5. close() keeps the receive buffer: data stays readable and dirty() stays true. */
    @Test
    void trap5CloseKeepsTheBuffer() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("L1\nL2\nL3\n");
            assertEquals("L1", peer.client.receiveString());
            peer.client.close();
            assertTrue(peer.client.dirty());
            assertEquals("L2", peer.client.receiveString());
            assertEquals("L3", peer.client.receiveString(2));
            assertEquals("\n", peer.client.receiveString("*a"));
            receiveFails("closed", "", () -> peer.client.receive("*a"));
        }
    }

    /** 6. send with i > j sends nothing, does no I/O, and returns i - 1, which can exceed #data. */
    @Test
    void trap6EmptyRangeReturnsTheIndexBefore() throws Exception {
        try (Peer peer = Peer.connected()) {
            assertEquals(4, peer.client.send("abc", 5));
            assertEquals(9, peer.client.send("abc", 10, 20));
            peer.client.close();
            assertEquals(2, peer.client.send("abc", 3, 1), "no I/O, so no error on a closed socket");
        }
    }

    /** 6. On error the third value is the index of the last byte sent. */
    @Test
    void trap6ErrorCarriesTheLastIndexSent() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.close();
            sendFails("closed", 1, () -> peer.client.send("zzzz", 2));
        }
        try (Peer peer = Peer.connected()) {
            peer.client.settimeout(0.3);
            byte[] data = new byte[32 * 1024 * 1024];
            SendException e = assertThrows(SendException.class, () -> peer.client.send(data, 11));
            assertEquals("timeout", e.getMessage());
            long sent = peer.client.getstats().sent();
            assertEquals(10 + sent, e.lastIndex(), "i - 1 + bytes sent");
        }
    }

    /** 7. With only a block timeout the limit runs from the start of the call. */
    @TimedTest
    void trap7BlockOnlyIsADeadlineForTheCall() throws Exception {
        // No wait exceeds 0.3 s, yet the call ends at 0.5 s with one byte.
        FiveByteTrickle.check(0.5, -1, "timeout", 0.5, "x");
    }

    /** 7. With both set, the block timeout caps each wait and the total bounds the call. */
    @TimedTest
    void trap7BlockIsAPerWaitCapWhenTotalIsSet() throws Exception {
        // Five bytes 0.3 s apart: no wait reaches the block timeout, the call ends at 1.5 s.
        FiveByteTrickle.check(0.5, 3, "ok", 1.5, "xxxxx");
    }

    /** 7. A block timeout of 0 never waits. */
    @TimedTest
    void trap7BlockZeroNeverWaits() throws Exception {
        try (Peer peer = Peer.connected(); TcpServer server = Tcp.bind(V4, 0);
                TcpMaster master = Tcp.tcp()) {
            peer.client.settimeout(0);
            long start = System.nanoTime();
            receiveFails("timeout", "", () -> peer.client.receive());
            server.settimeout(0);
            fails("timeout", server::accept);
            master.settimeout(0);
            fails("timeout", () -> master.connect(V4, server.getsockname().port()));
            assertNoWait(start, "receive, accept and connect with timeout 0");
            TcpClient accepted = null;
            for (int i = 0; i < 400 && accepted == null; i++) {
                try {
                    accepted = server.accept();
                } catch (TcpException e) {
                    Thread.sleep(5);
                }
            }
            assertTrue(accepted != null);
            accepted.close();
        }
    }

    /** 8. The exact strings. */
    @Test
    void trap8ExactStrings() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.settimeout(0);
            receiveFails("timeout", "", () -> peer.client.receive());
            peer.reset();
            receiveFails("closed", "", () -> peer.client.receive());
        }
        try (LoopbackSupport.RefusingPort closed = new LoopbackSupport.RefusingPort()) {
            fails("connection refused", () -> Tcp.connect(V4, closed.port).close());
        }
        try (TcpServer server = Tcp.bind(V4, 0)) {
            int port = server.getsockname().port();
            fails("address already in use", () -> Tcp.bind(V4, port).close());
            try (TcpClient client = Tcp.connect(V4, port); TcpClient accepted = server.accept()) {
                fails("already connected", () -> accepted.connect(V4, port));
            }
        }
        try (TcpMaster master = Tcp.tcp4()) {
            fails("Transport endpoint is not connected", master::getpeername);
        }
    }
}
