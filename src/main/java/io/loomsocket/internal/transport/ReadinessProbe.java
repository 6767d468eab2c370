package io.loomsocket.internal.transport;

import io.loomsocket.internal.engine.IoFailure;
import io.loomsocket.internal.net.ErrorText;
import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * Whether a channel is ready now, asked of the kernel without waiting: a selector from the
 * platform waits' pool ({@link PlatformWait#borrow}), the channel registered for one {@code
 * selectNow} and taken out again before the call returns. The caller holds the socket's state
 * lock meanwhile, which a close takes first, so no close finds the channel registered here (where
 * the JDK would defer it). Nothing here blocks, so holding that lock keeps its rule: it is never
 * held while waiting.
 */
public final class ReadinessProbe {
    private ReadinessProbe() {}

    /**
     * Whether {@code channel} is ready now for any of {@code operations}.
     *
     * @return false for a closed channel
     * @throws IoFailure when no selector can be opened
     */
    public static boolean readyNow(SelectableChannel channel, int operations) throws IoFailure {
        Selector selector = PlatformWait.borrow();
        SelectionKey key = null;
        try {
            key = channel.register(selector, operations);
            return selector.selectNow() > 0 && (key.readyOps() & operations) != 0;
        } catch (ClosedChannelException | CancelledKeyException e) {
            return false;
        } catch (IOException e) {
            throw ErrorText.failure(e);
        } finally {
            PlatformWait.giveBack(selector, key);
        }
    }
}
