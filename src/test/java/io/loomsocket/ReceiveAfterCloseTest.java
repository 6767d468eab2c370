package io.loomsocket;

import static io.loomsocket.LoopbackSupport.receiveFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Receiving after the peer closes and after a local close: the buffer outlives both (reference
 * 2.1 "State interaction", 2.8, 3.1; testclnt's read-after-close).
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ReceiveAfterCloseTest {

    @Test
    void localCloseKeepsTheBufferedLinesReadable() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("L1\nL2\nL3\n");
            TcpClient client = peer.client;
            assertEquals("L1", client.receiveString());
            client.close();
            assertEquals(-1, client.getfd());
            assertTrue(client.dirty(), "dirty survives close");
            assertEquals("L2", client.receiveString());
            assertEquals("L3", client.receiveString(2));
            assertTrue(client.dirty());
            assertEquals("\n", client.receiveString("*a"));
            assertFalse(client.dirty());
            receiveFails("closed", "", () -> client.receive("*a"));
        }
    }

    @Test
    void localCloseThenACountLongerThanTheBufferFailsWithTheBufferedBytes() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("a\nbcd");
            assertEquals("a", peer.client.receiveString());
            peer.client.close();
            receiveFails("closed", "bcd", () -> peer.client.receive(10));
            assertEquals(5, peer.client.getstats().received(), "the partial was consumed");
        }
    }

    @Test
    void localCloseThenALineWithoutLfFailsWithTheBufferedBytes() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("a\nb\rc");
            assertEquals("a", peer.client.receiveString());
            peer.client.close();
            receiveFails("closed", "bc", () -> peer.client.receive());
            receiveFails("closed", "", () -> peer.client.receive());
        }
    }

    @Test
    void everyPatternFailsClosedAfterALocalCloseWithAnEmptyBuffer() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("unread data");
            peer.client.close();
            receiveFails("closed", "", () -> peer.client.receive("*a"));
            receiveFails("closed", "", () -> peer.client.receive("*l"));
            receiveFails("closed", "", () -> peer.client.receive(1));
            receiveFails("closed", "", () -> peer.client.receive(0));
            receiveFails("closed", "pre", () -> peer.client.receiveString(5, "pre"));
        }
    }

    @Test
    void peerSendsAndClosesThenAllGivesTheDataAndThenClosed() throws Exception {
        byte[] data = LoopbackSupport.noise(20_000, 5);
        try (Peer peer = Peer.connected()) {
            peer.send(data).hangUp();
            assertArrayEquals(data, peer.client.receive("*a"));
            receiveFails("closed", "", () -> peer.client.receive("*a"));
            receiveFails("closed", "", () -> peer.client.receive("*l"));
            receiveFails("closed", "", () -> peer.client.receive(1));
        }
    }

    @Test
    void afterThePeerClosesBufferedDataComesFirst() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("one\ntwo\nthree").hangUp();
            assertEquals("one", peer.client.receiveString());
            assertEquals("two", peer.client.receiveString());
            receiveFails("closed", "three", () -> peer.client.receive());
            receiveFails("closed", "", () -> peer.client.receive());
        }
    }

    @Test
    void afterAResetBufferedDataComesFirst() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("one\ntwo").reset();
            assertEquals("one", peer.client.receiveString());
            receiveFails("closed", "two", () -> peer.client.receive());
        }
    }

    @Test
    void aFailedReceiveAfterThePeerClosedLeavesNothingBehind() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("abc").hangUp();
            receiveFails("closed", "abc", () -> peer.client.receive(5));
            assertFalse(peer.client.dirty());
            receiveFails("closed", "", () -> peer.client.receive(5));
        }
    }
}
