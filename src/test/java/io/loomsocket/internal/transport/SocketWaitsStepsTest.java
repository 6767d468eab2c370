package io.loomsocket.internal.transport;

import static java.nio.channels.SelectionKey.OP_READ;
import static java.nio.channels.SelectionKey.OP_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SocketWaits} over loopback channels, step by step: a channel is registered with a
 * poller at its first wait and only while it is the socket's, kept for the next waits, retired
 * (its key cancelled, the poller let go of it) when it is given up or replaced, and the waits
 * themselves: none at a block timeout of 0 or with no time left, a virtual thread's through
 * its slot, a platform thread's in a selector of its own, a receive's woken by a wake, a
 * connect's interest dropped when it is done, and close waiting for a platform waiter to leave.
 */
class SocketWaitsStepsTest {
    private ServerSocketChannel listener;
    private final List<SocketChannel> opened = new ArrayList<>();
    /** The socket's own channel, as the socket layer would answer. */
    private volatile SelectableChannel current;
    private final SocketWaits waits = new SocketWaits(this::isCurrent);
    /** A platform waiter held as it finds its channel no longer the socket's, or null. */
    private volatile Thread heldWaiter;
    /** The thread that closes, whose park in the writing direction lets the held waiter go. */
    private volatile Thread heldUntilParked;

    /**
     * The socket layer's answer to "is this still the socket's channel?". A waiter named by
     * {@link #heldWaiter} that is told no is held there, with its channel still in its selector,
     * until {@link #heldUntilParked} parks waiting for the writing direction's waiter to leave
     * (or 5 s pass, or the test lets it go): a close that did not wait for it would return
     * while the channel is still registered, every time.
     */
    private boolean isCurrent(SelectableChannel channel) {
        boolean answer = channel == current;
        if (!answer && Thread.currentThread() == heldWaiter) {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (heldWaiter != null && deadline - System.nanoTime() > 0) {
                Thread closer = heldUntilParked;
                if (closer != null
                        && java.util.concurrent.locks.LockSupport.getBlocker(closer)
                                == waits.signals(false)) {
                    break;
                }
                Thread.onSpinWait();
            }
        }
        return answer;
    }

    @BeforeEach
    void listen() throws IOException {
        listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
    }

    @AfterEach
    void closeAll() throws IOException {
        List<SelectableChannel> all = new ArrayList<>(opened);
        all.add(listener);
        current = null;
        waits.closing(all.toArray(new SelectableChannel[0]));
        for (SocketChannel channel : opened) {
            channel.close();
        }
        listener.close();
    }

    /** A connected, non-blocking client channel; its peer is opened too (index + 1). */
    private SocketChannel connected() throws IOException {
        SocketChannel client = SocketChannel.open(listener.getLocalAddress());
        opened.add(client);
        opened.add(listener.accept());
        client.configureBlocking(false);
        return client;
    }

    private SocketChannel peerOf(SocketChannel client) {
        return opened.get(opened.indexOf(client) + 1);
    }

    private static Timeout.Clock blockTimeout(double seconds) {
        Timeout timeout = new Timeout();
        timeout.setBlockSeconds(seconds);
        return timeout.start();
    }

    @Test
    void aChannelIsRegisteredAtItsFirstWaitAndKeptForTheNext() throws Exception {
        SocketChannel client = connected();
        current = client;
        assertFalse(client.isRegistered());
        WaitSlot reading = waits.slotFor(client, true);
        assertNotNull(reading);
        assertTrue(client.isRegistered());
        assertSame(client, reading.key.channel());
        assertSame(reading, waits.slotFor(client, true), "the same registration");
        WaitSlot writing = waits.slotFor(client, false);
        assertNotSame(reading, writing);
        assertSame(reading.key, writing.key);
        assertSame(waits.signals(true), waits.signals(true));
        assertNotSame(waits.signals(true), waits.signals(false));
    }

    @Test
    void aChannelThatIsNotTheSocketsIsNotRegistered() throws Exception {
        SocketChannel client = connected();
        current = connected();
        assertNull(waits.slotFor(client, true));
        assertFalse(client.isRegistered());
        // The wait returns at once: the caller's retry sees why.
        assertNull(onVirtualThread(() -> waits.awaitReadable(client, Timeout.Clock.unlimited())));
        assertFalse(client.isRegistered());
    }

    @Test
    void aClosedChannelIsNotRegistered() throws Exception {
        SocketChannel client = connected();
        current = client;
        client.close();
        assertNull(waits.slotFor(client, true));
    }

    @Test
    void aReplacedChannelIsRetiredBeforeTheNextOneIsRegistered() throws Exception {
        SocketChannel first = connected();
        current = first;
        WaitSlot old = waits.slotFor(first, true);
        SocketChannel second = connected();
        current = second; // replaced with no retire (as after a failed connect)
        WaitSlot next = waits.slotFor(second, true);
        assertNotSame(old, next);
        assertSame(second, next.key.channel());
        assertFalse(old.key.isValid(), "the old key is cancelled");
        assertFalse(first.isRegistered(), "the poller let go of the old channel");
        assertTrue(second.isRegistered());
    }

    @Test
    void retireTakesOutOnlyTheSocketsChannel() throws Exception {
        SocketChannel client = connected();
        SocketChannel other = connected();
        current = client;
        WaitSlot slot = waits.slotFor(client, true);
        waits.retire(other);
        assertTrue(slot.key.isValid());
        assertSame(slot, waits.slotFor(client, true));
        waits.retire(other, client);
        assertFalse(slot.key.isValid());
        assertFalse(client.isRegistered(), "retire waits until the poller let go of it");
        // Registered anew, with new slots, by another thread: retire let go of its lock.
        AtomicReference<WaitSlot> again = new AtomicReference<>();
        assertNull(onVirtualThread(() -> again.set(waits.slotFor(client, true))));
        assertNotSame(slot, again.get());
        assertTrue(again.get().key.isValid());
        assertTrue(client.isRegistered());
    }

    @Test
    void aBlockTimeoutOfZeroOrNoTimeLeftIsATimeoutWithoutARegistration() throws Exception {
        SocketChannel client = connected();
        current = client;
        IoFailure zero = assertThrows(IoFailure.class,
                () -> waits.awaitReadable(client, blockTimeout(0)));
        assertTrue(zero.isTimeout());
        Timeout spent = new Timeout();
        spent.setTotalSeconds(0);
        Timeout.Clock clock = spent.start();
        assertTrue(assertThrows(IoFailure.class, () -> waits.awaitWritable(client, clock))
                .isTimeout());
        Throwable onVirtual = onVirtualThread(() -> waits.awaitReadable(client, spent.start()));
        assertTrue(assertInstanceOf(IoFailure.class, onVirtual).isTimeout());
        assertFalse(client.isRegistered());
    }

    @Test
    void anAcceptWaitsForAConnection() throws Exception {
        listener.configureBlocking(false);
        current = listener;
        SocketChannel client = SocketChannel.open();
        opened.add(client);
        client.connect(listener.getLocalAddress());
        assertNull(onVirtualThread(() -> waits.awaitAcceptable(listener, blockTimeout(10))));
        assertTrue(listener.isRegistered());
        SocketChannel accepted = listener.accept();
        assertNotNull(accepted);
        opened.add(accepted);
    }

    /** Runs {@code wait} on a new virtual thread and returns what it threw, or null. */
    private static Throwable onVirtualThread(Waiting wait) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread thread = Thread.ofVirtual().start(() -> {
            try {
                wait.run();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        Parking.join(thread);
        return thrown.get();
    }

    /** A wait that may fail. */
    private interface Waiting {
        void run() throws Exception;
    }

    @Test
    void aVirtualThreadWaitsThroughItsSlotAndTimesOut() throws Exception {
        SocketChannel client = connected();
        current = client;
        Throwable thrown = onVirtualThread(() -> waits.awaitReadable(client, blockTimeout(0.05)));
        IoFailure timedOut = assertInstanceOf(IoFailure.class, thrown);
        assertTrue(timedOut.isTimeout());
        WaitSlot reading = waits.slotFor(client, true);
        assertEquals("ARMED", reading.stateName(), "its interest stays for the next wait");
        assertEquals(OP_READ, reading.key.interestOps());

        peerOf(client).write(ByteBuffer.wrap(new byte[] {1}));
        assertNull(onVirtualThread(() -> waits.awaitReadable(client, blockTimeout(10))));
        assertNull(onVirtualThread(() -> waits.awaitWritable(client, blockTimeout(10))));
    }

    @Test
    void aPlatformThreadWaitsInASelectorOfItsOwn() throws Exception {
        SocketChannel client = connected();
        current = client;
        IoFailure timedOut = assertThrows(IoFailure.class,
                () -> waits.awaitReadable(client, blockTimeout(0.05)));
        assertTrue(timedOut.isTimeout());
        assertFalse(client.isRegistered(), "no poller registration, and out of its selector");
        peerOf(client).write(ByteBuffer.wrap(new byte[] {1}));
        waits.awaitReadable(client, blockTimeout(10));
        assertFalse(client.isRegistered());
    }

    @Test
    void aWakeEndsAReceivesWait() throws Exception {
        SocketChannel client = connected();
        current = client;
        WaitSlot reading = waits.slotFor(client, true);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread receive = Thread.ofVirtual().start(() -> {
            try {
                waits.awaitReadable(client, Timeout.Clock.unlimited());
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        Parking.awaitParked(receive, reading);
        waits.wakeReader();
        Parking.join(receive);
        assertNull(thrown.get());
        assertFalse(waits.signals(true).takeWake(), "the wake was spent by the wait");
        assertEquals("ARMED", reading.stateName());
    }

    @Test
    void aWakeWithNoChannelRegisteredIsKeptForTheNextWait() throws Exception {
        waits.wakeReader();
        assertTrue(waits.signals(true).takeWake());
        waits.connectDone(); // nothing registered: nothing to disarm
    }

    /**
     * A connect's wait ends at once on a connected channel; once the connect is done, the
     * writing slot's interest goes (here ARMED by a send that timed out on a full buffer, so
     * that the poller has nothing to report meanwhile).
     */
    @Test
    void aConnectThatIsDoneTakesOutItsInterest() throws Exception {
        SocketChannel client = connected();
        current = client;
        assertNull(onVirtualThread(() -> waits.awaitConnected(client, blockTimeout(10))));
        assertTrue(client.isRegistered(), "the wait went through the poller");
        fill(client);
        Throwable thrown = onVirtualThread(() -> waits.awaitWritable(client, blockTimeout(0.05)));
        assertTrue(assertInstanceOf(IoFailure.class, thrown).isTimeout());
        WaitSlot writing = waits.slotFor(client, false);
        assertEquals("ARMED", writing.stateName());
        assertEquals(OP_WRITE, writing.key.interestOps() & OP_WRITE);
        waits.connectDone();
        assertEquals("DISARMED", writing.stateName());
        assertEquals(0, writing.key.interestOps());
    }

    /** Fills the send buffer of {@code client} (its peer reads nothing): it is not writable. */
    private static void fill(SocketChannel client) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
        do {
            chunk.clear();
        } while (client.write(chunk) > 0);
    }

    /**
     * Starts a platform thread that waits on {@code client} in one direction with no limit, and
     * returns once the channel is registered in that thread's own selector.
     */
    private Thread platformWaiter(SocketChannel client, boolean reading,
            AtomicReference<Throwable> thrown) {
        Thread waiter = Thread.ofPlatform().daemon().start(() -> {
            try {
                if (reading) {
                    waits.awaitReadable(client, Timeout.Clock.unlimited());
                } else {
                    waits.awaitWritable(client, Timeout.Clock.unlimited());
                }
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            Selector selector = waits.signals(reading).platformSelector();
            if (selector != null && client.keyFor(selector) != null) {
                return waiter;
            }
            assertTrue(waiter.isAlive() && deadline - System.nanoTime() > 0,
                    "the platform waiter did not register its channel in its selector");
            Thread.onSpinWait();
        }
    }

    /**
     * A platform thread waits in its own selector on a channel that the JDK then closes (as it
     * does when a connect fails) while it is still the socket's: retiring the channel wakes the
     * waiter, which finds it closed and returns. In each direction.
     */
    @Test
    void retireWakesAPlatformReaderWhoseChannelWasClosed() throws Exception {
        retireWakesAPlatformWaiterWhoseChannelWasClosed(true);
    }

    @Test
    void retireWakesAPlatformWriterWhoseChannelWasClosed() throws Exception {
        retireWakesAPlatformWaiterWhoseChannelWasClosed(false);
    }

    private void retireWakesAPlatformWaiterWhoseChannelWasClosed(boolean reading)
            throws Exception {
        SocketChannel client = connected();
        current = client;
        if (!reading) {
            fill(client);
        }
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter = platformWaiter(client, reading, thrown);
        client.close();
        waits.retire(client);
        Parking.join(waiter);
        assertNull(thrown.get());
    }

    /**
     * Close finds a platform thread waiting in each direction, each in its own selector: it
     * wakes them, and returns only once the channel has left both selectors.
     */
    @Test
    void closingWaitsUntilAPlatformReaderAndWriterHaveLeft() throws Exception {
        SocketChannel client = connected();
        current = client;
        fill(client);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread reader = platformWaiter(client, true, thrown);
        Thread writer = platformWaiter(client, false, thrown);
        current = null;
        waits.closing(client);
        assertFalse(client.isRegistered(), "closing returned with the channel still registered");
        Parking.join(reader);
        Parking.join(writer);
        assertNull(thrown.get());
    }

    /**
     * The same with a platform writer alone (a send on a full buffer): close waits for the
     * writing direction's waiter too, not only for a reader's.
     */
    @Test
    void closingWaitsUntilAPlatformWriterHasLeft() throws Exception {
        SocketChannel client = connected();
        current = client;
        fill(client);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread writer = platformWaiter(client, false, thrown);
        current = null;
        waits.closing(client);
        assertFalse(client.isRegistered(), "closing returned with the channel still registered");
        assertNull(waits.signals(false).platformSelector());
        Parking.join(writer);
        assertNull(thrown.get());
    }

    /**
     * The same, with the writer held after its wake until close waits for it: a close that
     * returned without waiting for the writing direction would find the channel registered.
     */
    @Test
    void closingWaitsForAPlatformWriterHeldOnItsWayOut() throws Exception {
        SocketChannel client = connected();
        current = client;
        fill(client);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread writer = platformWaiter(client, false, thrown);
        heldUntilParked = Thread.currentThread();
        heldWaiter = writer;
        try {
            current = null;
            waits.closing(client);
            assertFalse(client.isRegistered(), "closing returned with the channel still registered");
            assertNull(waits.signals(false).platformSelector());
        } finally {
            heldWaiter = null;
        }
        Parking.join(writer);
        assertNull(thrown.get());
    }

    /**
     * A channel replaced (after a failed connect) and still open: retiring it wakes a platform
     * writer waiting on its full send buffer, which finds it no longer the socket's and
     * returns. Nothing else would wake it: the buffer stays full.
     */
    @Test
    void retireWakesAPlatformWriterWhoseChannelWasReplaced() throws Exception {
        SocketChannel client = connected();
        current = client;
        fill(client);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread writer = platformWaiter(client, false, thrown);
        current = null;
        waits.retire(client);
        Parking.join(writer);
        assertNull(thrown.get());
        assertFalse(client.isRegistered());
    }

    /**
     * Close finds a platform thread waiting in its own selector: it wakes it, and returns only
     * once the channel has left that selector, so that closing the channel then closes it at
     * once (S2).
     */
    @Test
    void closingWaitsUntilAPlatformWaiterHasLeft() throws Exception {
        SocketChannel client = connected();
        current = client;
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread receive = Thread.ofPlatform().daemon().start(() -> {
            try {
                waits.awaitReadable(client, Timeout.Clock.unlimited());
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!client.isRegistered()) { // in the waiter's selector
            assertTrue(receive.isAlive() && deadline - System.nanoTime() > 0,
                    "the platform waiter did not register its channel");
            Thread.sleep(1);
        }
        current = null; // close makes the channel no longer the socket's, then:
        waits.closing(client);
        assertFalse(client.isRegistered(), "closing returned with the channel still registered");
        Parking.join(receive);
        assertNull(thrown.get());
    }

    @Test
    void anInterruptedPlatformWaiterFails() throws Exception {
        SocketChannel client = connected();
        current = client;
        Thread.currentThread().interrupt();
        try {
            IoFailure e = assertThrows(IoFailure.class,
                    () -> waits.awaitReadable(client, Timeout.Clock.unlimited()));
            assertEquals(TcpException.Kind.INTERRUPTED, e.kind());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }
}
