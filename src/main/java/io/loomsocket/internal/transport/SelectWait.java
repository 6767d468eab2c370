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
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * One thread waiting for any of several sockets' directions at once: the wait of LuaSocket's
 * select. It goes through the sockets' own waits, so it costs no descriptor: a virtual thread
 * becomes the waiter of every slot at once ({@link WaitSlot#enter}) and parks until one of them
 * is ready (the poller hands that slot back to ARMED and unparks it), one of their channels is
 * retired (close cancels the key), one is woken (shutdown), its deadline passes (armed in the
 * first slot: the timer unparks that slot's waiter, which is this thread in all of them), or it
 * is interrupted; it then leaves every slot, each by compare-and-set (W3 holds slot by slot). A
 * platform thread waits in a selector of its own with every channel registered, as a single
 * platform wait does with one.
 *
 * <p>The caller holds, for each socket, the lock of the direction it waits on (a receive's, a
 * send's), as the receive or send it stands for would: a slot takes one waiter at a time. Which
 * sockets are ready is for the caller to ask afterwards; the wait only says that one may be.
 */
public final class SelectWait {
    private final List<SocketWaits> sockets = new ArrayList<>();
    private final List<SelectableChannel> channels = new ArrayList<>();
    private final List<Boolean> reading = new ArrayList<>();
    private final List<Integer> operations = new ArrayList<>();

    /**
     * Adds a direction to wait on: {@code channel}, the socket's channel, for {@code operation}
     * in the reading direction (reads, accepts) or the writing one (writes, connects).
     */
    public void add(SocketWaits waits, SelectableChannel channel, boolean readingDirection,
            int operation) {
        for (int i = 0; i < sockets.size(); i++) {
            if (sockets.get(i) == waits && reading.get(i) == readingDirection) {
                operations.set(i, operations.get(i) | operation); // one slot, one entry
                return;
            }
        }
        sockets.add(waits);
        channels.add(channel);
        reading.add(readingDirection);
        operations.add(operation);
    }

    /**
     * Waits under {@code clock} until one of the directions may be ready.
     *
     * @return true when woken (one may be ready, or a socket changed), false when the time ran
     *     out or the clock allows no wait
     * @throws IoFailure "interrupted" when the thread is interrupted; its flag stays set
     */
    public boolean await(Timeout.Clock clock) throws IoFailure {
        if (clock.neverWaits()) {
            return false;
        }
        long nanos = clock.waitNanos();
        if (nanos == 0) {
            return false;
        }
        if (sockets.isEmpty()) {
            return sleep(nanos);
        }
        return Thread.currentThread().isVirtual() ? awaitVirtual(nanos) : awaitPlatform(nanos);
    }

    private boolean awaitVirtual(long nanos) throws IoFailure {
        WaitSlot[] slots = new WaitSlot[sockets.size()];
        int[] wanted = new int[sockets.size()];
        WaitSignals[] signals = new WaitSignals[sockets.size()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = sockets.get(i).slotFor(channels.get(i), reading.get(i));
            if (slots[i] == null) {
                return true; // not the socket's channel any more: look again
            }
            wanted[i] = operations.get(i);
            signals[i] = signals(i);
        }
        return awaitSlots(slots, wanted, signals, nanos);
    }

    /**
     * The calling virtual thread becomes the waiter of every slot ({@code operations[i]} in
     * {@code slots[i]}), parks until one of them ends its wait (W3 for each slot: readiness,
     * its key cancelled, a wake in {@code signals}, or the deadline armed in the first slot), and
     * leaves them all.
     *
     * @return true when woken, false when {@code nanos} passed ({@link Timeout#FOREVER}: never)
     * @throws IoFailure "interrupted" when the thread is interrupted; its flag stays set
     */
    static boolean awaitSlots(WaitSlot[] slots, int[] operations, WaitSignals[] signals,
            long nanos) throws IoFailure {
        Thread me = Thread.currentThread();
        int entered = 0;
        try {
            for (; entered < slots.length; entered++) {
                if (!slots[entered].enter(me, operations[entered])) {
                    return true; // retired: look again
                }
            }
            long deadline = nanos == Timeout.FOREVER ? 0 : System.nanoTime() + nanos;
            while (true) {
                if (nanos != Timeout.FOREVER && deadline - System.nanoTime() > 0) {
                    // Before the looks below, as in WaitSlot.await: the arm may park.
                    slots[0].armDeadline(deadline);
                }
                for (WaitSlot slot : slots) {
                    if (!slot.isWaiter(me) || !slot.key.isValid()) {
                        return true;
                    }
                }
                boolean woken = false;
                for (WaitSignals signal : signals) {
                    woken |= signal.takeWake();
                }
                if (woken) {
                    return true;
                }
                if (me.isInterrupted()) {
                    throw new IoFailure(TcpException.Kind.INTERRUPTED, "interrupted");
                }
                if (nanos != Timeout.FOREVER && deadline - System.nanoTime() <= 0) {
                    return false;
                }
                LockSupport.park(slots[0]);
            }
        } finally {
            for (int i = 0; i < entered; i++) {
                slots[i].leave(me);
            }
        }
    }

    private boolean awaitPlatform(long nanos) throws IoFailure {
        Selector selector = PlatformWait.borrow();
        SelectionKey[] keys = new SelectionKey[sockets.size()];
        int published = 0;
        try {
            // Published before the channels are checked (S2), as a single platform wait does.
            for (; published < sockets.size(); published++) {
                signals(published).platformWaitStarts(selector);
            }
            for (int i = 0; i < sockets.size(); i++) {
                if (!sockets.get(i).isCurrent(channels.get(i))) {
                    return true;
                }
                try {
                    SelectionKey key = channels.get(i).register(selector, 0);
                    key.interestOpsOr(operations.get(i));
                    keys[i] = key;
                } catch (ClosedChannelException | CancelledKeyException e) {
                    return true;
                }
            }
            long deadline = nanos == Timeout.FOREVER ? 0 : System.nanoTime() + nanos;
            while (true) {
                if (takeAnyWake()) {
                    return true;
                }
                for (int i = 0; i < sockets.size(); i++) {
                    if (!sockets.get(i).isCurrent(channels.get(i))) {
                        return true;
                    }
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new IoFailure(TcpException.Kind.INTERRUPTED, "interrupted");
                }
                long millis = 0;
                if (nanos != Timeout.FOREVER) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    millis = Math.max(1, (left + 999_999) / 1_000_000);
                }
                if (selector.select(ready -> { }, millis) > 0) {
                    return true;
                }
            }
        } catch (ClosedSelectorException e) {
            return true;
        } catch (IOException e) {
            throw ErrorText.failure(e);
        } finally {
            PlatformWait.giveBack(selector, keys);
            for (int i = 0; i < published; i++) {
                signals(i).platformWaitEnded(); // after the channels left the selector (S2)
            }
        }
    }

    private WaitSignals signals(int index) {
        return sockets.get(index).signals(reading.get(index));
    }

    /** Whether a wake was asked of any direction waited on; spends every one found. */
    private boolean takeAnyWake() {
        boolean woken = false;
        for (int i = 0; i < sockets.size(); i++) {
            woken |= signals(i).takeWake();
        }
        return woken;
    }

    /** Nothing to wait on: LuaSocket's select then just sleeps for its timeout. */
    private static boolean sleep(long nanos) throws IoFailure {
        if (nanos == Timeout.FOREVER) {
            throw new IllegalArgumentException("nothing to wait for, and no time limit");
        }
        long deadline = System.nanoTime() + nanos;
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            if (Thread.currentThread().isInterrupted()) {
                throw new IoFailure(TcpException.Kind.INTERRUPTED, "interrupted");
            }
            LockSupport.parkNanos(left);
        }
        return false;
    }
}
