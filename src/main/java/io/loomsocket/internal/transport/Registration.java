package io.loomsocket.internal.transport;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;

/**
 * One registration of a socket's channel with a {@link Poller}: the key, and a {@link WaitSlot}
 * per direction. The key's attachment, so the poller hands readiness straight to the slots. A
 * channel registered anew gets a new registration: the state a retired one leaves behind (an
 * armed deadline, interest, a waiter on its way out) never reaches the next channel.
 */
final class Registration {
    final SelectionKey key;
    final Poller poller;
    /** Reads and accepts. */
    final WaitSlot reading;
    /** Writes and connects. */
    final WaitSlot writing;

    Registration(SelectionKey key, Poller poller, DeadlineTimer timer) {
        this.key = key;
        this.poller = poller;
        this.reading = new WaitSlot(key, SelectionKey.OP_READ | SelectionKey.OP_ACCEPT, poller,
                timer);
        this.writing = new WaitSlot(key, SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT, poller,
                timer);
    }

    /** Poller thread: the key's channel is ready for some of its interest. */
    void ready() {
        int operations;
        try {
            operations = key.readyOps();
        } catch (CancelledKeyException e) {
            return; // retired: its retirement wakes the waiters
        }
        if ((operations & reading.interest) != 0) {
            reading.ready();
        }
        if ((operations & writing.interest) != 0) {
            writing.ready();
        }
    }

    /**
     * The channel is no longer the socket's: cancels the key (so that the slots' waiters see
     * it), then wakes them and drops their deadlines (W3).
     */
    void retire() {
        key.cancel();
        reading.retire();
        writing.retire();
    }
}
