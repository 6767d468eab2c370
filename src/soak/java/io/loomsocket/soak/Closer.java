package io.loomsocket.soak;

import io.loomsocket.TcpSocket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Closes a socket from another thread, after a pause, while the thread that started it waits
 * in a receive or a send on that socket; and watches that the call ends: if it has not ended
 * {@link #GRACE_SECONDS} after the close began, the closer interrupts the waiting thread, which
 * then reports a missing ending.
 */
final class Closer {
    /** How long after the close the waiting call must have ended, or it is interrupted. */
    static final long GRACE_SECONDS = 5;

    private final TcpSocket socket;
    private final Thread waiter;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean closing;
    private volatile long closeStarted;
    private volatile boolean interrupted;
    private Thread thread;

    private Closer(TcpSocket socket, Thread waiter) {
        this.socket = socket;
        this.waiter = waiter;
    }

    /** Closes {@code socket} {@code pauseNanos} from now, on a virtual thread of its own. */
    static Closer start(TcpSocket socket, long pauseNanos) {
        Closer closer = new Closer(socket, Thread.currentThread());
        closer.thread = Thread.ofVirtual().name("closer").start(() -> closer.run(pauseNanos));
        return closer;
    }

    private void run(long pauseNanos) {
        if (pauseNanos > 0) {
            LockSupport.parkNanos(pauseNanos);
        }
        closeStarted = System.nanoTime();
        closing = true;
        socket.close();
        try {
            if (!ended.await(GRACE_SECONDS, TimeUnit.SECONDS)) {
                interrupted = true;
                waiter.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The waiting thread's call has ended: the nanoseconds from the start of the close to now,
     * or -1 if the close had not begun.
     */
    long ended() {
        long now = System.nanoTime();
        ended.countDown();
        return closing ? now - closeStarted : -1;
    }

    /** Whether the call did not end in time and the waiting thread was interrupted. */
    boolean interruptedWaiter() {
        return interrupted;
    }

    /** Waits for the closer to finish, and clears an interrupt it may have made. */
    void join() throws InterruptedException {
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                if (!interrupted) {
                    throw e;
                }
            }
        }
        if (interrupted) {
            Thread.interrupted();
        }
    }
}
