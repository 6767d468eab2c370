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
 * The waits of one socket: its channel's {@link Registration} with a poller (a wait slot per
 * direction), and the {@link WaitSignals} of each direction, which outlive registrations. The
 * socket layer waits through this object and tells it when a channel stops being the socket's;
 * it never sees how a wait is made.
 *
 * <p>The channel is registered with a poller at its first wait and stays registered until the
 * socket closes or replaces the channel, so later waits change no registration. A channel the
 * socket takes on later (a connect or a bind after close, a fresh socket after a failed connect)
 * is registered anew, with new slots: nothing of the old one's state is carried over, so a
 * closed object that connects again waits as a new one does.
 *
 * <p>Invariants (ARCHITECTURE.md, "The invariants of the waits"):
 * <ul>
 *   <li>R1. A channel is registered only while it is the socket's, under {@code
 *       registrationLock}; a channel given up is retired under the same lock (its registration
 *       forgotten, its key cancelled), and the retiring thread then waits until the poller has
 *       let go of it. So a channel is never closed while a poller holds it (the JDK would defer
 *       the close, and send a FIN where close(2) sends a RST).</li>
 *   <li>R2. A registration's slots serve its key alone; the poller reaches them only through the
 *       key's attachment.</li>
 * </ul>
 */
public final class SocketWaits {
    private final WaitSignals readingSignals = new WaitSignals();
    private final WaitSignals writingSignals = new WaitSignals();
    /** Whether a channel is still the socket's own (close and a failed connect replace it). */
    private final Predicate<SelectableChannel> current;
    /** Held while a channel is registered and while one is retired (R1). */
    private final ReentrantLock registrationLock = new ReentrantLock();
    /** The current channel's registration, or null. */
    private volatile Registration registration; // need registrationLock to change

    /** {@code current} tells whether a channel is still the socket's own. */
    public SocketWaits(Predicate<SelectableChannel> current) {
        this.current = current;
    }

    /** Waits until {@code channel} may be read, as LuaSocket's {@code socket_waitfd}. */
    void awaitReadable(SelectableChannel channel, Timeout.Clock clock) throws IoFailure {
        awaitReady(true, channel, SelectionKey.OP_READ, clock);
    }

    /** Waits until {@code channel} may be written. */
    void awaitWritable(SelectableChannel channel, Timeout.Clock clock) throws IoFailure {
        awaitReady(false, channel, SelectionKey.OP_WRITE, clock);
    }

    /** Waits until {@code listening} may accept. */
    public void awaitAcceptable(SelectableChannel listening, Timeout.Clock clock) throws IoFailure {
        awaitReady(true, listening, SelectionKey.OP_ACCEPT, clock);
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
        awaitReady(false, connecting, SelectionKey.OP_CONNECT | SelectionKey.OP_WRITE, clock);
    }

    /**
     * A connect is over: its interest could only fire uselessly now (a connected socket is
     * writable, which the selector would report again and again).
     */
    public void connectDone() {
        Registration registered = registration;
        if (registered != null) {
            registered.writing.disarm();
        }
    }

    /** Wakes a receive waiting now (shutdown("receive") makes it see end of stream). */
    public void wakeReader() {
        readingSignals.wake();
        Registration registered = registration;
        if (registered != null) {
            registered.reading.unparkWaiter(); // S1: after the flag
        }
    }

    /**
     * The socket is closing and {@code channels} are no longer its own: wakes whoever waits, and
     * takes the channels out of their poller and out of any platform waiter's selector, so that
     * closing them afterwards closes their descriptors at once, as close(2) does. An interrupt
     * of the closing thread shortens none of these waits; its flag stays set.
     */
    public void closing(SelectableChannel... channels) {
        retire(channels); // wakes a platform waiter of either direction
        readingSignals.awaitPlatformWaiterGone();
        writingSignals.awaitPlatformWaiterGone();
    }

    /**
     * {@code channels} are no longer the socket's (closed, or replaced after a failed connect):
     * takes them out of their poller, waiting until the poller has let go of them, and wakes
     * whoever waits on them (R1).
     */
    public void retire(SelectableChannel... channels) {
        Registration retired = null;
        registrationLock.lock();
        try {
            Registration registered = registration;
            if (registered != null && isOneOf(registered.key.channel(), channels)) {
                retired = registered;
                registration = null;
                retired.retire();
            }
        } finally {
            registrationLock.unlock();
        }
        // A platform waiter on a retired channel (closed by the JDK after a failed connect)
        // looks again at its channel.
        readingSignals.wakePlatformWaiter();
        writingSignals.wakePlatformWaiter();
        if (retired != null) {
            retired.poller.awaitDeregistered(retired.key.channel());
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

    /**
     * Waits as LuaSocket's {@code socket_waitfd} does: not at all when the block timeout is 0,
     * otherwise for the time the timeout table allows; an expired wait is a timeout.
     */
    private void awaitReady(boolean reading, SelectableChannel channel, int operation,
            Timeout.Clock clock) throws IoFailure {
        if (clock.neverWaits()) {
            throw IoFailure.timeout();
        }
        long nanos = clock.waitNanos();
        if (nanos == 0) {
            throw IoFailure.timeout();
        }
        WaitSignals signals = reading ? readingSignals : writingSignals;
        if (!Thread.currentThread().isVirtual()) {
            if (!PlatformWait.await(signals, channel, operation, nanos,
                    () -> isCurrent(channel))) {
                throw IoFailure.timeout();
            }
            return;
        }
        Registration registered = registrationOf(channel);
        if (registered == null) {
            return; // not the socket's channel any more: the retry reports why
        }
        WaitSlot slot = reading ? registered.reading : registered.writing;
        if (!slot.await(signals, operation, nanos)) {
            throw IoFailure.timeout();
        }
    }

    /**
     * For {@link SelectWait}: the wait slot of {@code channel} in one direction, registering the
     * channel now if needed; null if it is not the socket's.
     */
    WaitSlot slotFor(SelectableChannel channel, boolean reading) throws IoFailure {
        Registration registered = registrationOf(channel);
        return registered == null ? null : reading ? registered.reading : registered.writing;
    }

    /** For {@link SelectWait}: the signals of one direction. */
    WaitSignals signals(boolean reading) {
        return reading ? readingSignals : writingSignals;
    }

    /** Whether {@code channel} is open and still the socket's (a platform waiter's check). */
    boolean isCurrent(SelectableChannel channel) {
        return channel.isOpen() && current.test(channel);
    }

    /**
     * The registration of {@code channel}, registering it now if needed; null if it is not the
     * socket's (R1).
     */
    private Registration registrationOf(SelectableChannel channel) throws IoFailure {
        Registration registered = registration;
        if (registered != null && registered.key.channel() == channel) {
            return registered;
        }
        registrationLock.lock();
        try {
            if (!current.test(channel)) {
                return null;
            }
            registered = registration;
            if (registered != null && registered.key.channel() == channel) {
                return registered;
            }
            if (registered != null) {
                // A channel the socket replaced without retiring it: let it go first.
                registration = null;
                registered.retire();
                registered.poller.awaitDeregistered(registered.key.channel());
            }
            Poller chosen = Poller.next();
            SelectionKey key = chosen.register(channel);
            registered = new Registration(key, chosen, DeadlineTimer.PROCESS);
            key.attach(registered); // before any interest: nothing is reported before
            registration = registered;
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
