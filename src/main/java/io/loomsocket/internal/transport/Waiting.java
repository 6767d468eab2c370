package io.loomsocket.internal.transport;

import io.loomsocket.internal.engine.IoFailure;
import java.nio.channels.SelectableChannel;

/**
 * How a thread waits for a socket to become ready: on the socket's own selector when that does
 * not hold a carrier thread ({@link OwnSelector}), otherwise through the shared {@link Poller}.
 * The system property {@code io.loomsocket.waiting} ({@code auto}, {@code own}, {@code shared})
 * overrides the choice; {@code shared} keeps one descriptor per connection.
 */
final class Waiting {
    enum Mode { AUTO, OWN, SHARED }

    static final Mode MODE = mode(System.getProperty("io.loomsocket.waiting", "auto"));

    private Waiting() {}

    private static Mode mode(String value) {
        try {
            return Mode.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "io.loomsocket.waiting must be auto, own or shared, not \"" + value + "\"", e);
        }
    }

    /** Parks until ready, closed or out of time; false when the time ran out. */
    static boolean await(WaitSlot slot, SelectableChannel channel, int operation, long nanos)
            throws IoFailure {
        slot.signalled = false;
        if (OwnSelector.suitsCurrentThread()) {
            return OwnSelector.await(slot, channel, operation, nanos);
        }
        return Poller.get().await(slot, channel, operation, nanos);
    }

    /**
     * The socket is closing and {@code channels} are no longer its own: wakes whoever waits on
     * its slots, and takes the channels out of every selector (its own selectors close), so
     * that closing them afterwards closes their descriptors at once, as close(2) does.
     */
    static void closing(WaitSlot[] slots, SelectableChannel... channels) {
        for (WaitSlot slot : slots) {
            slot.signal();
            slot.closeOwnSelector();
            DeadlineTimer.disarm(slot);
        }
        for (SelectableChannel channel : channels) {
            Poller.deregister(channel);
        }
    }
}
