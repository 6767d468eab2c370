package io.loomsocket.internal.transport;

import io.loomsocket.internal.engine.IoFailure;
import io.loomsocket.internal.engine.Timeout;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.function.Predicate;

/**
 * The waits of one socket: one slot for the reading direction (reads, accepts) and one for the
 * writing direction (writes, connects). The socket layer waits through this object and tells it
 * when the socket closes; it never sees how a wait is made.
 */
public final class SocketWaits {
    final WaitSlot[] slots;

    /** {@code current} tells whether a channel is still the socket's own. */
    public SocketWaits(Predicate<SelectableChannel> current) {
        slots = WaitSlot.newPair(current);
    }

    /** Waits until {@code listening} may accept, as LuaSocket's {@code socket_waitfd}. */
    public void awaitAcceptable(SelectableChannel listening, Timeout.Clock clock) throws IoFailure {
        awaitReady(slots[0], listening, SelectionKey.OP_ACCEPT, clock);
    }

    /** Waits until a pending connect of {@code connecting} has finished, one way or the other. */
    public void awaitConnected(SelectableChannel connecting, Timeout.Clock clock) throws IoFailure {
        awaitReady(slots[1], connecting, SelectionKey.OP_CONNECT, clock);
    }

    /** A connect is over: keep nothing it opened for its wait. */
    public void connectDone() {
        slots[1].closeOwnSelector();
    }

    /**
     * {@code channel} was closed by the JDK while a wait had it registered (a connect that
     * failed): takes it out of the shared selector now, since the JDK closes its descriptor only
     * once no selector holds it, and an idle shared selector would hold it until its next select.
     */
    public void released(SelectableChannel channel) {
        Poller.deregister(channel);
    }

    /** Wakes a receive waiting now (shutdown("receive") makes it see end of stream). */
    public void wakeReader() {
        slots[0].signal();
    }

    /**
     * The socket is closing and {@code channels} are no longer its own: wakes whoever waits, and
     * takes the channels out of every selector, so that closing them afterwards closes their
     * descriptors at once, as close(2) does.
     */
    public void closing(SelectableChannel... channels) {
        Waiting.closing(slots, channels);
    }

    /**
     * Waits as LuaSocket's {@code socket_waitfd} does: not at all when the block timeout is 0,
     * otherwise for the time the timeout table allows; an expired wait is a timeout.
     */
    static void awaitReady(WaitSlot slot, SelectableChannel channel, int operation,
            Timeout.Clock clock) throws IoFailure {
        if (clock.neverWaits()) {
            throw IoFailure.timeout();
        }
        long nanos = clock.waitNanos();
        if (nanos == 0 || !Waiting.await(slot, channel, operation, nanos)) {
            throw IoFailure.timeout();
        }
    }
}
