package io.loomsocket.internal.transport;

import io.loomsocket.internal.engine.IoFailure;
import io.loomsocket.internal.engine.Timeout;
import io.loomsocket.internal.net.ErrorText;
import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The waits of one socket: a slot for the reading direction (reads, accepts) and one for the
 * writing direction (writes, connects), and the socket's registration with a {@link Poller}.
 * The socket layer waits through this object and tells it when a channel stops being the
 * socket's; it never sees how a wait is made.
 *
 * <p>The channel is registered with a poller at its first wait and stays registered until the
 * socket closes (or replaces the channel), so later waits change no registration.
 */
public final class SocketWaits {
    private final WaitSlot reading =
            new WaitSlot(SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
    private final WaitSlot writing =
            new WaitSlot(SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT);
    /** Whether a channel is still the socket's own (close and a failed connect replace it). */
    private final Predicate<SelectableChannel> current;
    /**
     * Held while a channel is registered and while one is retired, so that no poller takes a
     * channel the socket has given up: a channel must be registered nowhere when it is closed,
     * or the JDK defers the close (and shuts the output down instead, a FIN for a RST).
     */
    private final ReentrantLock registrationLock = new ReentrantLock();
    /** The current channel's key in its poller's selector, or null. */
    private volatile SelectionKey key; // need registrationLock to change
    /** The poller of {@link #key}. */
    private volatile Poller poller; // need registrationLock to change
    /** Set by {@link #closing}: no channel is registered after it. */
    private volatile boolean closed; // need registrationLock to change

    /** {@code current} tells whether a channel is still the socket's own. */
    public SocketWaits(Predicate<SelectableChannel> current) {
        this.current = current;
    }

    /** Waits until {@code channel} may be read, as LuaSocket's {@code socket_waitfd}. */
    void awaitReadable(SelectableChannel channel, Timeout.Clock clock) throws IoFailure {
        awaitReady(reading, channel, SelectionKey.OP_READ, clock);
    }

    /** Waits until {@code channel} may be written. */
    void awaitWritable(SelectableChannel channel, Timeout.Clock clock) throws IoFailure {
        awaitReady(writing, channel, SelectionKey.OP_WRITE, clock);
    }

    /** Waits until {@code listening} may accept. */
    public void awaitAcceptable(SelectableChannel listening, Timeout.Clock clock) throws IoFailure {
        awaitReady(reading, listening, SelectionKey.OP_ACCEPT, clock);
    }

    /**
     * Waits until a pending connect of {@code connecting} has finished, one way or the other.
     * The JDK reports OP_CONNECT only while the channel is pending and OP_WRITE only once it is
     * connected, so the wait asks for both: a connect that another thread finishes between this
     * thread's look at the channel and its wait still ends the wait (asking for OP_CONNECT alone,
     * it would sleep until its timeout while the selector found the socket writable again and
     * again).
     */
    public void awaitConnected(SelectableChannel connecting, Timeout.Clock clock) throws IoFailure {
        awaitReady(writing, connecting, SelectionKey.OP_CONNECT | SelectionKey.OP_WRITE, clock);
    }

    /**
     * A connect is over: its interest could only fire uselessly now (a connected socket is
     * writable, which the selector would report again and again).
     */
    public void connectDone() {
        SelectionKey registered = key;
        if (registered != null) {
            writing.disarm(registered);
        }
    }

    /** Wakes a receive waiting now (shutdown("receive") makes it see end of stream). */
    public void wakeReader() {
        reading.wake();
    }

    /**
     * The socket is closing and {@code channels} are no longer its own: wakes whoever waits, and
     * takes the channels out of their poller, so that closing them afterwards closes their
     * descriptors at once, as close(2) does.
     */
    public void closing(SelectableChannel... channels) {
        registrationLock.lock();
        try {
            closed = true;
        } finally {
            registrationLock.unlock();
        }
        reading.close();
        writing.close();
        reading.awaitPlatformWaiterGone();
        writing.awaitPlatformWaiterGone();
        retire(channels);
    }

    /**
     * {@code channels} are no longer the socket's (closed, or replaced after a failed connect):
     * takes them out of their poller, waiting until the poller has let go of them, and wakes
     * whoever waits on them.
     */
    public void retire(SelectableChannel... channels) {
        SelectionKey retired = null;
        Poller itsPoller = null;
        registrationLock.lock();
        try {
            SelectionKey registered = key;
            if (registered != null && isOneOf(registered.channel(), channels)) {
                retired = registered;
                itsPoller = poller;
                key = null;
                poller = null;
            }
        } finally {
            registrationLock.unlock();
        }
        if (retired != null) {
            retired.cancel();
            reading.wake();
            writing.wake();
            itsPoller.awaitDeregistered(retired.channel());
        }
    }

    private static boolean isOneOf(SelectableChannel channel, SelectableChannel[] channels) {
        for (SelectableChannel candidate : channels) {
            if (candidate == channel) {
                return true;
            }
        }
        return false;
    }

    /** Poller thread: {@code ready}'s channel is ready for some of its interest. */
    void ready(SelectionKey ready) {
        int operations;
        try {
            operations = ready.readyOps();
        } catch (CancelledKeyException e) {
            return; // the socket is closing, and its close wakes the waiters
        }
        if ((operations & reading.interest) != 0) {
            reading.ready(ready);
        }
        if ((operations & writing.interest) != 0) {
            writing.ready(ready);
        }
    }

    /**
     * Waits as LuaSocket's {@code socket_waitfd} does: not at all when the block timeout is 0,
     * otherwise for the time the timeout table allows; an expired wait is a timeout.
     */
    private void awaitReady(WaitSlot slot, SelectableChannel channel, int operation,
            Timeout.Clock clock) throws IoFailure {
        if (clock.neverWaits()) {
            throw IoFailure.timeout();
        }
        long nanos = clock.waitNanos();
        if (nanos == 0) {
            throw IoFailure.timeout();
        }
        if (!Thread.currentThread().isVirtual()) {
            if (!PlatformWait.await(slot, channel, operation, nanos, () -> isCurrent(channel))) {
                throw IoFailure.timeout();
            }
            return;
        }
        SelectionKey registered = keyFor(channel);
        if (registered == null) {
            return; // not the socket's channel any more: the retry reports why
        }
        if (!slot.await(registered, poller, operation, nanos)) {
            throw IoFailure.timeout();
        }
    }

    /** Whether {@code channel} is still the socket's and the socket is open. */
    private boolean isCurrent(SelectableChannel channel) {
        return !closed && current.test(channel);
    }

    /** The key of {@code channel}, registering it now if needed; null if it is not the socket's. */
    private SelectionKey keyFor(SelectableChannel channel) throws IoFailure {
        SelectionKey registered = key;
        if (registered != null && registered.channel() == channel) {
            return registered;
        }
        registrationLock.lock();
        try {
            if (closed || !current.test(channel)) {
                return null;
            }
            registered = key;
            if (registered != null && registered.channel() == channel) {
                return registered;
            }
            if (registered != null) {
                // A channel the socket replaced without retiring it: let it go first.
                registered.cancel();
                poller.awaitDeregistered(registered.channel());
            }
            Poller chosen = Poller.next();
            registered = chosen.register(channel, this);
            reading.reset();
            writing.reset();
            poller = chosen;
            key = registered;
            return registered;
        } catch (ClosedChannelException | CancelledKeyException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            throw ErrorText.failure(e);
        } finally {
            registrationLock.unlock();
        }
    }
}
