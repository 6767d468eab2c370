package io.loomsocket.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.internal.engine.IoFailure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PendingReset} over one loopback connection whose state in the kernel's table the peer
 * drives: open, finished by the peer (its FIN), or gone (its reset). Each step waits until the
 * table shows the state, then asks what a read at the end of the shut input would say.
 */
class PendingResetTest {
    private ServerSocketChannel listener;
    private SocketChannel client;
    private Socket peer;
    private InetSocketAddress local;
    private InetSocketAddress remote;
    private final PendingReset reset = new PendingReset();

    @BeforeEach
    void connect() throws Exception {
        listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        client = SocketChannel.open(listener.getLocalAddress());
        peer = listener.accept().socket();
        local = (InetSocketAddress) client.getLocalAddress();
        remote = (InetSocketAddress) client.getRemoteAddress();
        awaitEntry(KernelTcpTable.Entry.OPEN);
    }

    @AfterEach
    void closeAll() throws IOException {
        peer.close();
        client.close();
        listener.close();
    }

    /** Waits (10 s at most) until the kernel's table shows the client's end in {@code state}. */
    private void awaitEntry(KernelTcpTable.Entry state) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (KernelTcpTable.lookup(local, remote) != state) {
            assertTrue(deadline - System.nanoTime() > 0, "the table never showed " + state);
            Thread.sleep(2);
        }
    }

    /** The peer resets the connection; the kernel then drops the client's end from its table. */
    private void peerResets() throws Exception {
        peer.setSoLinger(true, 0);
        peer.close();
        awaitEntry(KernelTcpTable.Entry.ABSENT);
    }

    private IoFailure endFails() {
        return assertThrows(IoFailure.class, reset::atEndOfShutInput);
    }

    @Test
    void nothingWatchedIsEndOfStream() throws Exception {
        assertFalse(reset.mayFail());
        reset.atEndOfShutInput();
        reset.sendAfterShutOutput();
        reset.atEndOfShutInput();
    }

    @Test
    void anErrorOfTheReadOutIsReportedOnceWhateverTheTableSays() throws Exception {
        reset.watch(client);
        peerResets();
        reset.failedWhileReadingOut(new SocketTimeoutException("read out"));
        assertTrue(reset.mayFail());
        assertEquals("timeout", endFails().getMessage(), "the error itself, not the table's");
        reset.atEndOfShutInput();
        assertFalse(reset.mayFail());
    }

    @Test
    void anErrorAloneMayFail() {
        reset.failedWhileReadingOut(new SocketTimeoutException("read out"));
        assertTrue(reset.mayFail());
    }

    @Test
    void aSendTakesTheErrorOfTheReadOut() throws Exception {
        reset.failedWhileReadingOut(new SocketTimeoutException("read out"));
        reset.sendAfterShutOutput();
        reset.atEndOfShutInput();
        assertFalse(reset.mayFail());
    }

    /** No watch begins once an error came: the send that takes it leaves nothing to report. */
    @Test
    void aWatchAfterAnErrorWatchesNothing() throws Exception {
        reset.failedWhileReadingOut(new SocketTimeoutException("read out"));
        reset.watch(client);
        reset.sendAfterShutOutput();
        peerResets();
        reset.atEndOfShutInput();
    }

    /** While the connection is open, neither a read's end nor a send ends the watch. */
    @Test
    void aResetAfterAnOpenEndAndASendIsReportedOnce() throws Exception {
        reset.watch(client);
        assertTrue(reset.mayFail());
        reset.atEndOfShutInput();
        reset.sendAfterShutOutput();
        assertTrue(reset.mayFail(), "still watched");
        peerResets();
        assertEquals("closed", endFails().getMessage());
        reset.atEndOfShutInput();
        assertFalse(reset.mayFail());
    }

    /** A send once the reset came takes it, as Linux hands it to the send. */
    @Test
    void aSendAfterTheResetTakesIt() throws Exception {
        reset.watch(client);
        peerResets();
        reset.sendAfterShutOutput();
        assertFalse(reset.mayFail());
        reset.atEndOfShutInput();
    }

    /** Once the peer finished, no reset can be known of: the end of stream ends the watch. */
    @Test
    void thePeersFinishEndsTheWatch() throws Exception {
        reset.watch(client);
        peer.shutdownOutput();
        awaitEntry(KernelTcpTable.Entry.PEER_FINISHED);
        reset.atEndOfShutInput();
        assertFalse(reset.mayFail());
        peerResets();
        reset.atEndOfShutInput();
    }
}
