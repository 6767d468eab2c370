package io.loomsocket.internal.transport;

import java.nio.channels.Selector;
import java.util.concurrent.locks.LockSupport;

/**
 * What one direction of a socket keeps across the registrations of its channels: a wake asked
 * for by another thread (shutdown("receive") wakes a waiting receive to see end of stream), and
 * the selector a platform thread waits in now, so that a wake or a close can reach it.
 *
 * <p>Invariants (ARCHITECTURE.md, "The invariants of the waits"):
 * <ul>
 *   <li>S1. A wake sets its flag and then wakes the waiters; a waiter publishes itself (in its
 *       slot's state, or here as a platform selector) and then reads the flag. So a wake is seen
 *       by the wait it was meant for, or by the next one, once.</li>
 *   <li>S2. A platform waiter publishes its selector before it checks that its channel is still
 *       the socket's, and clears it only after its channel has left that selector; close makes
 *       the channel no longer the socket's and then reads the selector. So close either is seen
 *       by the waiter or sees it, and waits until it is gone before closing the channel.</li>
 * </ul>
 */
final class WaitSignals {
    /** Set by {@link #wake}: the next (or current) wait returns at once, once. */
    private volatile boolean woken;
    /** The selector a platform thread waits in now ({@link PlatformWait}), or null. */
    private volatile Selector platformSelector;
    /** A thread waiting in {@link #awaitPlatformWaiterGone}, woken when the waiter leaves. */
    private volatile Thread closer;

    /** Asks the current or next wait to return at once; wakes a platform waiter. */
    void wake() {
        woken = true;
        wakePlatformWaiter();
    }

    /** Whether a wake was asked for; spends it. */
    boolean takeWake() {
        if (woken) {
            woken = false;
            return true;
        }
        return false;
    }

    /** Makes a platform thread's select return, so that it looks again at why it waits. */
    void wakePlatformWaiter() {
        Selector selector = platformSelector;
        if (selector != null) {
            selector.wakeup();
        }
    }

    /** The selector a platform thread waits in now, or null (visible for testing). */
    Selector platformSelector() {
        return platformSelector;
    }

    /** A platform thread starts waiting in {@code selector} (S2: before it checks its channel). */
    void platformWaitStarts(Selector selector) {
        platformSelector = selector;
    }

    /** The platform waiter is gone, its channel out of its selector (S2). */
    void platformWaitEnded() {
        platformSelector = null;
        Thread waiting = closer;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }

    /**
     * Waits (a second at most) until no platform thread waits on this direction: its channel
     * leaves its selector as it returns, and must not be closed before, or the JDK would defer
     * the close. Called by close after the channel stopped being the socket's (S2). Parks while
     * it waits (the waiter unparks it as it leaves), and an interrupt of the closing thread
     * neither shortens the wait nor makes it spin; the flag stays set.
     */
    void awaitPlatformWaiterGone() {
        if (platformSelector == null) {
            return;
        }
        boolean interrupted = Thread.interrupted();
        Thread me = Thread.currentThread();
        closer = me;
        try {
            long deadline = System.nanoTime() + 1_000_000_000L;
            Selector selector;
            while ((selector = platformSelector) != null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                selector.wakeup();
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
        } finally {
            if (closer == me) {
                closer = null;
            }
            if (interrupted) {
                me.interrupt();
            }
        }
    }
}
