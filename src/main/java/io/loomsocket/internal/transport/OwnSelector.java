package io.loomsocket.internal.transport;

import io.loomsocket.TcpException;
import io.loomsocket.internal.engine.IoFailure;
import io.loomsocket.internal.engine.Timeout;
import io.loomsocket.internal.net.ErrorText;
import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.Selector;

/**
 * Waits for readiness on a selector of the slot's own, selected by the waiting thread itself.
 * On JDK 25 a virtual thread in {@code Selector.select} parks (the JDK's poller watches the
 * selector's epoll descriptor), so the wait costs one hand-off, as the JDK's own socket reads do,
 * instead of the two of the shared {@link Poller}. A platform thread may always wait this way.
 * The price is two descriptors (epoll and eventfd) per direction that has ever waited, released
 * when the socket closes.
 */
final class OwnSelector {
    /** Whether {@code Selector.select} parks a virtual thread instead of holding its carrier. */
    static final boolean SELECT_PARKS_VIRTUAL_THREADS = Runtime.version().feature() >= 25;

    private OwnSelector() {}

    /** Whether the calling thread should wait on its slot's own selector. */
    static boolean suitsCurrentThread() {
        return switch (Waiting.MODE) {
            case SHARED -> false;
            case OWN -> true;
            case AUTO -> SELECT_PARKS_VIRTUAL_THREADS || !Thread.currentThread().isVirtual();
        };
    }

    /** See {@link Poller#await}: true when woken, false when the time ran out. */
    static boolean await(WaitSlot slot, SelectableChannel channel, int operation, long nanos)
            throws IoFailure {
        Selector selector;
        try {
            selector = slot.ownSelectorFor(channel, operation);
        } catch (ClosedChannelException | CancelledKeyException | ClosedSelectorException e) {
            slot.closeOwnSelector(); // the socket closed meanwhile: free what this wait opened
            return true; // and the retry reports "closed"
        } catch (IOException e) {
            throw ErrorText.failure(e);
        }
        long deadline = System.nanoTime() + nanos;
        slot.waiter = Thread.currentThread();
        try {
            while (true) {
                int ready;
                try {
                    if (nanos != Timeout.FOREVER) {
                        if (deadline - System.nanoTime() <= 0) {
                            return false;
                        }
                        DeadlineTimer.arm(slot, deadline);
                    }
                    ready = selector.select();
                    selector.selectedKeys().clear();
                } catch (ClosedSelectorException e) {
                    return true;
                } catch (IOException e) {
                    throw ErrorText.failure(e);
                }
                if (ready > 0 || slot.signalled) {
                    return true;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new IoFailure(TcpException.Kind.INTERRUPTED, "interrupted");
                }
            }
        } finally {
            slot.waiter = null;
        }
    }
}
