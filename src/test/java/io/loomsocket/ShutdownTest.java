package io.loomsocket;

import static io.loomsocket.LoopbackSupport.raises;
import static io.loomsocket.LoopbackSupport.receiveFails;
import static io.loomsocket.LoopbackSupport.sendFails;
import static io.loomsocket.LoopbackSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.timing.TimedTest;
import io.loomsocket.timing.Timing;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code shutdown([mode])} (reference 2.7). */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ShutdownTest {

    @Test
    void sendModeEndsOutputButReceivingGoesOn() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.send("bye");
            peer.client.shutdown("send");
            sendFails("closed", 0, () -> peer.client.send("abc"));
            sendFails("closed", 1, () -> peer.client.send("abc", 2));
            assertEquals("bye", text(peer.readAll()), "the peer sees the end of stream");
            peer.send("hello\n");
            assertEquals("hello", peer.client.receiveString());
        }
    }

    @Test
    void peerAllAfterShutdownSendOfNothingSeesClosed() throws Exception {
        try (TcpServer server = Tcp.bind(LoopbackSupport.V4, 0);
                TcpClient client = Tcp.connect(LoopbackSupport.V4, server.getsockname().port());
                TcpClient accepted = server.accept()) {
            client.shutdown("send");
            receiveFails("closed", "", () -> accepted.receive("*a"));
        }
    }

    @Test
    void defaultModeIsBoth() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.shutdown();
            sendFails("closed", 0, () -> peer.client.send("abc"));
            assertEquals("", text(peer.readAll()));
            receiveFails("closed", "", () -> peer.client.receive());
        }
    }

    @Test
    void nullModeIsBoth() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.shutdown(null);
            sendFails("closed", 0, () -> peer.client.send("abc"));
            assertEquals("", text(peer.readAll()));
        }
    }

    @Test
    void bothModeEndsBothDirections() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.shutdown("both");
            sendFails("closed", 0, () -> peer.client.send("abc"));
            assertEquals("", text(peer.readAll()));
            receiveFails("closed", "", () -> peer.client.receive());
        }
    }

    @Test
    void receiveModeOnLinuxStillDeliversDataThatArrivesLater() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.shutdown("receive");
            peer.send("later\n");
            assertEquals("later", peer.client.receiveString());
            assertEquals(3, peer.client.send("abc"), "sending still works");
            assertEquals("abc", text(peer.read(3)));
        }
    }

    /** Checked against lua5.4 with LuaSocket 3.1 on this kernel: closed at once, data, closed. */
    /**
     * Linux (checked with lua5.4): after shutdown("both") the bytes already queued are still
     * read, but data arriving later resets the connection: the peer's next send fails and the
     * receive says "closed".
     */
    @Test
    void bothModeKeepsQueuedDataButDataArrivingLaterResetsTheConnection() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("queued\n");
            peer.client.shutdown("both");
            peer.send("later\n");
            Thread.sleep(50);
            assertThrows(java.io.IOException.class, () -> {
                peer.send("again\n");
                Thread.sleep(50);
                peer.send("and again\n");
            }, "the peer was reset");
            assertEquals("queued", peer.client.receiveString());
            receiveFails("closed", "", peer.client::receive);
        }
    }

    /**
     * Linux keeps the reset that data after shutdown("both") causes as the socket's pending
     * error, behind the bytes queued before it: a "*a" that gets those bytes then meets the
     * error fails with them as its partial, where end of stream would have returned them
     * [checked with C LuaSocket].
     */
    @ParameterizedTest
    @ValueSource(strings = {LoopbackSupport.V4, LoopbackSupport.V6})
    void bothModeQueuedBytesThenAResetFailReceiveAllWithThemAsPartial(String host)
            throws Exception {
        if (host.equals(LoopbackSupport.V6)) {
            LoopbackSupport.assumeIpv6();
        }
        try (Peer peer = Peer.accepted(host)) {
            queueThenShutBoth(peer);
            peer.send("\n");
            Thread.sleep(50);
            receiveFails("closed", "aaaa", () -> peer.client.receive("*a"));
            receiveFails("closed", "", () -> peer.client.receive("*a"));
        }
    }

    /** A reset from the peer itself after shutdown("both") is the same pending error. */
    @Test
    void bothModeQueuedBytesThenAPeerResetFailReceiveAllWithThemAsPartial() throws Exception {
        try (Peer peer = Peer.connected()) {
            queueThenShutBoth(peer);
            peer.reset();
            Thread.sleep(50);
            assertEquals("aa", peer.client.receiveString(2));
            receiveFails("closed", "aa", () -> peer.client.receive("*a"));
        }
    }

    /**
     * A send after the output is shut down still reaches Linux, which hands it the pending
     * reset and forgets it: the "*a" after it returns the queued bytes [checked with C
     * LuaSocket]. An empty range makes no system call and consumes nothing.
     */
    @Test
    void aSendAfterShutdownBothTakesThePendingResetAway() throws Exception {
        try (Peer peer = Peer.connected()) {
            queueThenShutBoth(peer);
            peer.send("\n");
            Thread.sleep(50);
            assertEquals(1, peer.client.send(LoopbackSupport.bytes("x"), 2));
            sendFails("closed", 0, () -> peer.client.send(LoopbackSupport.bytes("x")));
            assertEquals("aaaa", peer.client.receiveString("*a"));
            receiveFails("closed", "", () -> peer.client.receive("*a"));
        }
    }

    /** The same after shutdown("send") alone, where the reset comes from the peer. */
    @Test
    void aSendAfterShutdownSendTakesAPeerResetAway() throws Exception {
        for (boolean send : new boolean[] {true, false}) {
            try (Peer peer = Peer.connected()) {
                peer.client.shutdown("send");
                Thread.sleep(50);
                peer.send("abc");
                Thread.sleep(50);
                peer.reset();
                Thread.sleep(50);
                if (send) {
                    sendFails("closed", 0, () -> peer.client.send(LoopbackSupport.bytes("x")));
                    assertEquals("abc", peer.client.receiveString("*a"));
                } else {
                    receiveFails("closed", "abc", () -> peer.client.receive("*a"));
                }
                receiveFails("closed", "", () -> peer.client.receive("*a"));
            }
        }
    }

    /** Only an error makes that partial: end of stream after shutdown("both") returns the bytes. */
    @Test
    void bothModeQueuedBytesThenEndOfStreamAreWhatReceiveAllReturns() throws Exception {
        try (Peer peer = Peer.connected()) {
            queueThenShutBoth(peer);
            assertEquals("aa", peer.client.receiveString(2));
            assertEquals("aa", peer.client.receiveString("*a"));
            receiveFails("closed", "", () -> peer.client.receive("*a"));
        }
        for (boolean finishFirst : new boolean[] {true, false}) {
            try (Peer peer = Peer.connected()) {
                peer.send("aaaa");
                if (finishFirst) {
                    peer.finish();
                }
                Thread.sleep(50);
                peer.client.shutdown("both");
                Thread.sleep(50);
                if (!finishFirst) {
                    peer.finish();
                    Thread.sleep(50);
                }
                assertEquals("aaaa", peer.client.receiveString("*a"), "peer finished first: "
                        + finishFirst);
                receiveFails("closed", "", () -> peer.client.receive("*a"));
            }
        }
    }

    /**
     * The bytes queued at shutdown("both") are read out before the kernel's SHUT_RD, but a peer
     * that never stops sending cannot keep that going: shutdown returns, the client gets the
     * bytes in order, then "closed". As with C LuaSocket, the peer then waits on a full window
     * until the client closes, which resets it.
     */
    @Test
    void bothModeAgainstAPeerThatNeverStopsSendingReturns() throws Exception {
        try (Peer peer = Peer.connected()) {
            byte[] chunk = new byte[65536];
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = (byte) i;
            }
            java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        peer.socket.getOutputStream().write(chunk);
                        written.addAndGet(chunk.length);
                    }
                } catch (java.io.IOException expected) {
                    // reset by the client's kernel
                }
            });
            LoopbackSupport.awaitCondition(5, "the peer has sent 1 MiB",
                    () -> written.get() > (1 << 20));
            long receiveBuffer = ((Number) peer.client.getoption("recv-buffer-size")).longValue();
            peer.client.shutdown("both");
            long got = 0;
            try {
                while (true) {
                    byte[] piece = peer.client.receive(8192);
                    for (int k = 0; k < piece.length; k++) {
                        assertEquals((byte) (got + k), piece[k], "byte " + (got + k));
                    }
                    got += piece.length;
                }
            } catch (ReceiveException e) {
                assertEquals("closed", e.getMessage());
                got += e.partial().length;
            }
            assertTrue(got > 0 && got <= written.get() + chunk.length, "kept " + got);
            // C keeps what the kernel held at the call, at most its receive buffer; reading on
            // while the peer sends would keep far more.
            assertTrue(got <= receiveBuffer + 2 * 8192,
                    "kept " + got + " of " + written.get() + " bytes, buffer " + receiveBuffer);
            peer.client.close();
            writer.join(5000);
            assertTrue(!writer.isAlive(), "the close reset the peer");
        }
    }

    /** The peer sends "aaaa", which the kernel queues; then the client shuts both directions. */
    private static void queueThenShutBoth(Peer peer) throws Exception {
        peer.send("aaaa");
        Thread.sleep(50);
        peer.client.shutdown("both");
        Thread.sleep(50);
    }

    /** The same when the two directions are shut down one after the other. */
    @Test
    void receiveThenSendModesKeepDataThatArrivedBetween() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.shutdown("receive");
            peer.send("between\n");
            Thread.sleep(50);
            peer.client.shutdown("send");
            assertEquals("between", peer.client.receiveString());
            peer.send("after\n");
            Thread.sleep(50);
            receiveFails("closed", "", peer.client::receive);
        }
    }

    @TimedTest
    void receiveModeMakesAnEmptyReceiveClosedAtOnceUntilDataArrives() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.settimeout(1);
            peer.client.shutdown("receive");
            long started = System.nanoTime();
            receiveFails("closed", "", () -> peer.client.receive());
            Timing.assertAtMost(0.5, LoopbackSupport.secondsSince(started),
                    "a receive on a shut input, with nothing queued");
            peer.send("later\n");
            assertEquals("later", peer.client.receiveString());
            receiveFails("closed", "", () -> peer.client.receive());
        }
    }

    @Test
    void receiveModeWakesAReceiveWaitingOnAnotherThread() throws Exception {
        try (Peer peer = Peer.connected()) {
            java.util.concurrent.CompletableFuture<Throwable> failure =
                    new java.util.concurrent.CompletableFuture<>();
            Thread receiver = Thread.startVirtualThread(() -> {
                try {
                    peer.client.receive();
                    failure.complete(null);
                } catch (Throwable t) {
                    failure.complete(t);
                }
            });
            LoopbackSupport.awaitCondition(5, "the receiver parks",
                    () -> receiver.getState() == Thread.State.WAITING
                            || receiver.getState() == Thread.State.TIMED_WAITING);
            peer.client.shutdown("receive");
            Throwable e = failure.get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(e instanceof ReceiveException, String.valueOf(e));
            assertEquals("closed", e.getMessage());
        }
    }

    @ParameterizedTest(name = "shutdown(\"{0}\") raises")
    @ValueSource(strings = {"xx", "12", "", "Both", "send ", "r"})
    void invalidModesRaise(String mode) throws Exception {
        try (Peer peer = Peer.connected()) {
            raises(IllegalArgumentException.class, "invalid option '" + mode + "'",
                    () -> peer.client.shutdown(mode));
            assertEquals(3, peer.client.send("abc"), "nothing was shut down");
        }
    }

    @Test
    void shutdownOfAClosedSocketStillSucceeds() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.close();
            peer.client.shutdown();
            peer.client.shutdown("send");
            peer.client.shutdown("receive");
            assertEquals("tcp{client}", peer.client.className());
        }
    }

    @Test
    void shutdownTwiceSucceeds() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.shutdown("send");
            peer.client.shutdown("send");
            peer.client.shutdown("both");
        }
    }
}
