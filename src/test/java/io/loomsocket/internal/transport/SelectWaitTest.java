package io.loomsocket.internal.transport;

import static java.nio.channels.SelectionKey.OP_READ;
import static java.nio.channels.SelectionKey.OP_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.TcpException;
import io.loomsocket.internal.engine.IoFailure;
import io.loomsocket.internal.engine.Timeout;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SelectWait#await} over a loopback channel, on a platform thread (a selector of its own)
 * and on a virtual one (the socket's wait slot): what it answers (true: woken, look again;
 * false: the time ran out), for a wait with nothing to wait on, one that times out, one that
 * finds data, one woken by a wake, and one whose channel stops being the socket's; and what it
 * leaves behind (no selector published, the slot armed). Tcp.select loops while the wait says
 * true, so a wrong answer there costs only time; these tests see the answer itself.
 */
class SelectWaitTest {
    private ServerSocketChannel listener;
    private SocketChannel client;
    private SocketChannel peer;
    /** The socket's own channel, as the socket layer would answer. */
    private volatile SelectableChannel current;
    private final SocketWaits waits = new SocketWaits(channel -> channel == current);

    @BeforeEach
    void connect() throws IOException {
        listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        client = SocketChannel.open(listener.getLocalAddress());
        peer = listener.accept();
        client.configureBlocking(false);
        current = client;
    }

    @AfterEach
    void closeAll() throws IOException {
        Thread.interrupted();
        current = null;
        waits.closing(client);
        client.close();
        peer.close();
        listener.close();
    }

    private static Timeout.Clock blockTimeout(double seconds) {
        Timeout timeout = new Timeout();
        timeout.setBlockSeconds(seconds);
        return timeout.start();
    }

    private SelectWait readingClient() {
        SelectWait select = new SelectWait();
        select.add(waits, client, true, OP_READ);
        return select;
    }

    /** A select's wait that may fail. */
    private interface Select {
        boolean await() throws IoFailure;
    }

    /** Starts {@code select} on a new thread; its answer, or what it threw, goes to outcome. */
    private static Thread start(boolean virtual, Select select, AtomicReference<Object> outcome) {
        Runnable body = () -> {
            try {
                outcome.set(select.await());
            } catch (Throwable t) {
                outcome.set(t);
            }
        };
        return virtual ? Thread.ofVirtual().start(body) : Thread.ofPlatform().daemon().start(body);
    }

    /** Runs {@code select} on a new thread and returns its answer, or what it threw. */
    private static Object run(boolean virtual, Select select) throws InterruptedException {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Parking.join(start(virtual, select, outcome));
        return outcome.get();
    }

    /** Returns once {@code waiter} waits in the select: parked on the slot, or in its selector. */
    private void awaitWaiting(boolean virtual, Thread waiter) throws IoFailure {
        if (virtual) {
            Parking.awaitParked(waiter, waits.slotFor(client, true));
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            Selector selector = waits.signals(true).platformSelector();
            if (selector != null && client.keyFor(selector) != null) {
                return;
            }
            assertTrue(waiter.isAlive() && deadline - System.nanoTime() > 0,
                    "the select did not register its channel in its selector");
            Thread.onSpinWait();
        }
    }

    /**
     * What a finished select leaves: no selector published, and nobody in the slot (ARMED, or,
     * when data nobody waits for is there, the poller taking the interest out: CHANGING, then
     * DISARMED).
     */
    private void checkLeft(boolean virtual) throws IoFailure {
        assertNull(waits.signals(true).platformSelector(), "a selector left published");
        if (virtual) {
            String state = waits.slotFor(client, true).stateName();
            assertNotEquals("WAITING", state, "the select left its slot");
        } else {
            assertFalse(client.isRegistered(), "the channel left in a selector");
        }
    }

    @Test
    void aSelectOfNothingSleepsForItsTimeAndSaysItRanOut() throws IoFailure {
        Timeout timeout = new Timeout();
        timeout.setTotalSeconds(0.05);
        long start = System.nanoTime();
        assertFalse(new SelectWait().await(timeout.start()));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50),
                "returned before its time");
    }

    @Test
    void aSelectOfNothingWithNoLimitIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SelectWait().await(Timeout.Clock.unlimited()));
        assertEquals("nothing to wait for, and no time limit", e.getMessage());
    }

    @Test
    void anInterruptedSelectOfNothingFailsAndKeepsTheFlag() {
        Thread.currentThread().interrupt();
        IoFailure e = assertThrows(IoFailure.class,
                () -> new SelectWait().await(blockTimeout(10)));
        assertEquals(TcpException.Kind.INTERRUPTED, e.kind());
        assertTrue(Thread.interrupted());
    }

    @Test
    void aSelectAllowedNoWaitSaysItRanOut() throws IoFailure {
        assertFalse(readingClient().await(Timeout.Clock.immediate()));
        assertFalse(readingClient().await(blockTimeout(0)));
        Timeout noTimeLeft = new Timeout();
        noTimeLeft.setTotalSeconds(0);
        assertFalse(readingClient().await(noTimeLeft.start()));
        assertFalse(client.isRegistered(), "no wait, no registration");
    }

    @ParameterizedTest(name = "virtual: {0}")
    @ValueSource(booleans = {false, true})
    void aSelectThatFindsNothingSaysItRanOut(boolean virtual) throws Exception {
        assertEquals(false, run(virtual, () -> readingClient().await(blockTimeout(0.05))));
        checkLeft(virtual);
    }

    @ParameterizedTest(name = "virtual: {0}")
    @ValueSource(booleans = {false, true})
    void aSelectWithNoLimitEndsWhenDataIsThere(boolean virtual) throws Exception {
        peer.write(ByteBuffer.wrap(new byte[] {1}));
        assertEquals(true, run(virtual, () -> readingClient().await(Timeout.Clock.unlimited())));
        checkLeft(virtual);
    }

    @ParameterizedTest(name = "virtual: {0}")
    @ValueSource(booleans = {false, true})
    void aWakeEndsASelectAndIsSpent(boolean virtual) throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread waiter = start(virtual, () -> readingClient().await(Timeout.Clock.unlimited()),
                outcome);
        awaitWaiting(virtual, waiter);
        waits.wakeReader();
        Parking.join(waiter);
        assertEquals(true, outcome.get());
        assertFalse(waits.signals(true).takeWake(), "the wake was spent by the select");
        checkLeft(virtual);
    }

    @ParameterizedTest(name = "virtual: {0}")
    @ValueSource(booleans = {false, true})
    void aWakeAskedForBeforeASelectEndsItAtOnce(boolean virtual) throws Exception {
        waits.wakeReader();
        assertEquals(true, run(virtual, () -> readingClient().await(Timeout.Clock.unlimited())));
        assertFalse(waits.signals(true).takeWake(), "the wake was spent by the select");
        checkLeft(virtual);
    }

    @ParameterizedTest(name = "virtual: {0}")
    @ValueSource(booleans = {false, true})
    void aChannelThatIsNoLongerTheSocketsEndsASelectAtOnce(boolean virtual) throws Exception {
        current = null;
        assertEquals(true, run(virtual, () -> readingClient().await(blockTimeout(10))));
        assertFalse(client.isRegistered());
    }

    @ParameterizedTest(name = "virtual: {0}")
    @ValueSource(booleans = {false, true})
    void aChannelRetiredDuringASelectEndsIt(boolean virtual) throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread waiter = start(virtual, () -> readingClient().await(Timeout.Clock.unlimited()),
                outcome);
        awaitWaiting(virtual, waiter);
        current = null;
        waits.retire(client);
        Parking.join(waiter);
        assertEquals(true, outcome.get());
        assertNull(waits.signals(true).platformSelector());
        assertFalse(client.isRegistered());
    }

    /**
     * One socket asked for twice in one direction (listed twice in a select's set) is one
     * entry: the thread becomes its slot's waiter once.
     */
    @ParameterizedTest(name = "virtual: {0}")
    @ValueSource(booleans = {false, true})
    void aDirectionAddedTwiceIsWaitedOnOnce(boolean virtual) throws Exception {
        Object outcome = run(virtual, () -> {
            SelectWait select = readingClient();
            select.add(waits, client, true, OP_READ);
            return select.await(blockTimeout(0.05));
        });
        assertEquals(false, outcome, () -> String.valueOf(outcome));
        checkLeft(virtual);
    }

    /** Two directions of one socket are two entries: each waits on its own slot. */
    @ParameterizedTest(name = "virtual: {0}")
    @ValueSource(booleans = {false, true})
    void theWritingDirectionOfASocketWhoseReadingOneIsAlsoAskedEndsASelect(boolean virtual)
            throws Exception {
        Object outcome = run(virtual, () -> {
            SelectWait select = readingClient(); // nothing to read
            select.add(waits, client, false, OP_WRITE); // writable at once
            return select.await(blockTimeout(10));
        });
        assertEquals(true, outcome, () -> String.valueOf(outcome));
    }

    /** Two sockets in one direction are two entries: the second one's data ends the select. */
    @ParameterizedTest(name = "virtual: {0}")
    @ValueSource(booleans = {false, true})
    void theSecondOfTwoSocketsEndsASelect(boolean virtual) throws Exception {
        try (SocketChannel other = SocketChannel.open(listener.getLocalAddress());
                SocketChannel otherPeer = listener.accept()) {
            other.configureBlocking(false);
            SocketWaits otherWaits = new SocketWaits(channel -> channel == other);
            otherPeer.write(ByteBuffer.wrap(new byte[] {1}));
            try {
                Object outcome = run(virtual, () -> {
                    SelectWait select = readingClient(); // nothing to read
                    select.add(otherWaits, other, true, OP_READ);
                    return select.await(blockTimeout(10));
                });
                assertEquals(true, outcome, () -> String.valueOf(outcome));
            } finally {
                otherWaits.closing(other);
            }
        }
    }

    @Test
    void anInterruptedPlatformSelectFailsAndKeepsTheFlag() throws Exception {
        Object outcome = run(false, () -> {
            Thread.currentThread().interrupt();
            try {
                return readingClient().await(Timeout.Clock.unlimited());
            } finally {
                assertTrue(Thread.currentThread().isInterrupted(), "the flag was cleared");
            }
        });
        assertEquals(TcpException.Kind.INTERRUPTED, assertInstanceOf(IoFailure.class, outcome)
                .kind());
        checkLeft(false);
    }
}
