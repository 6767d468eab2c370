package io.loomsocket.internal.transport;

import static java.nio.channels.SelectionKey.OP_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.internal.engine.IoFailure;
import io.loomsocket.internal.engine.Timeout;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PendingConnect} on a connect that stays pending: the listener's accept queue is full,
 * so Linux drops the SYN and retries it only after about 1 s, longer than any step here.
 */
class PendingConnectTest {
    private ServerSocket listener;
    private final List<Socket> queued = new ArrayList<>();
    private final List<SocketChannel> opened = new ArrayList<>();
    private volatile SelectableChannel current;
    private final SocketWaits waits = new SocketWaits(channel -> channel == current);
    /** The channels {@link ConnectOutcomes#connected} was told of. */
    private final List<SocketChannel> connected = new ArrayList<>();
    private final ConnectOutcomes outcomes = new ConnectOutcomes() {
        @Override
        public void connected(SocketChannel channel) {
            connected.add(channel);
        }

        @Override
        public IoFailure failed(SocketChannel channel, IOException cause) {
            return new IoFailure(io.loomsocket.TcpException.Kind.OTHER, cause.getMessage());
        }

        @Override
        public IoFailure takeError(SocketChannel channel) {
            return null;
        }

        @Override
        public boolean readsEndOfStream(SocketChannel channel) {
            return false;
        }
    };
    private final PendingConnect pendingConnect =
            new PendingConnect(() -> (SocketChannel) current, waits, outcomes);

    @BeforeEach
    void fillTheAcceptQueue() throws IOException {
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 1);
        for (int i = 0; i < 8; i++) {
            Socket socket = new Socket();
            queued.add(socket);
            try {
                socket.connect(listener.getLocalSocketAddress(), 200);
            } catch (SocketTimeoutException e) {
                return;
            }
        }
        throw new IllegalStateException("the accept queue never filled");
    }

    @AfterEach
    void closeAll() throws IOException {
        current = null;
        waits.closing(opened.toArray(new SelectableChannel[0]));
        for (SocketChannel channel : opened) {
            channel.close();
        }
        for (Socket socket : queued) {
            socket.close();
        }
        listener.close();
    }

    /** A non-blocking channel whose connect to the full listener is under way. */
    private SocketChannel pending() throws IOException {
        SocketChannel channel = SocketChannel.open();
        opened.add(channel);
        channel.configureBlocking(false);
        assertFalse(channel.connect(listener.getLocalSocketAddress()), "the SYN was dropped");
        assertTrue(channel.isConnectionPending());
        return channel;
    }

    private static Timeout.Clock blockTimeout(double seconds) {
        Timeout timeout = new Timeout();
        timeout.setBlockSeconds(seconds);
        return timeout.start();
    }

    /**
     * A wait for the handshake that times out still takes out the connect's interest: the
     * writing slot is left disarmed, with nothing asked of the poller.
     */
    @Test
    void aWaitThatTimesOutTakesOutTheConnectsInterest() throws Exception {
        SocketChannel channel = pending();
        current = channel;
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                pendingConnect.await(channel, blockTimeout(0.05));
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        Throwable thrown = outcome.get(10, TimeUnit.SECONDS);
        assertTrue(assertInstanceOf(IoFailure.class, thrown).isTimeout(), "the wait timed out");
        assertTrue(channel.isConnectionPending());
        WaitSlot writing = waits.slotFor(channel, false);
        assertNotNull(writing, "the wait went through the poller");
        assertEquals("DISARMED", writing.stateName());
        assertEquals(0, writing.key.interestOps() & OP_WRITE);
        assertEquals(List.of(), connected);
    }

    @Test
    void finishNowSaysFalseWhileTheHandshakeGoesOn() throws Exception {
        SocketChannel channel = pending();
        current = channel;
        assertFalse(pendingConnect.finishNow(channel));
        assertEquals(List.of(), connected);
    }

    /** A channel that is no longer the socket's is left alone: the caller's read says why. */
    @Test
    void finishNowLeavesAChannelThatIsNoLongerTheSockets() throws Exception {
        SocketChannel channel = pending();
        current = null;
        assertTrue(pendingConnect.finishNow(channel));
        assertTrue(channel.isConnectionPending(), "not finished");
        assertEquals(List.of(), connected);
    }

    /** A channel connected already is no news: nothing is recorded as connected again. */
    @Test
    void finishNowOnAConnectedChannelRecordsNothing() throws Exception {
        try (ServerSocket open = new ServerSocket()) {
            open.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            SocketChannel channel = SocketChannel.open(open.getLocalSocketAddress());
            opened.add(channel);
            channel.configureBlocking(false);
            current = channel;
            assertTrue(pendingConnect.finishNow(channel));
            pendingConnect.finish(channel, blockTimeout(0));
            assertEquals(List.of(), connected);
        }
    }
}
