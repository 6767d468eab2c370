package io.loomsocket.bench;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/** Runs a body on a new virtual thread and waits for it, for a bounded time. */
final class VirtualThreads {
    private VirtualThreads() {}

    static <T> T call(String name, long seconds, Callable<T> body) throws Exception {
        AtomicReference<T> value = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = Thread.ofVirtual().name(name).start(() -> {
            try {
                value.set(body.call());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        if (!thread.join(java.time.Duration.ofSeconds(seconds))) {
            thread.interrupt();
            throw new IllegalStateException(name + " did not finish within " + seconds + " s");
        }
        Throwable t = failure.get();
        if (t instanceof Exception e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return value.get();
    }

    /** Starts a background virtual thread whose failures are printed, not lost. */
    static Thread start(String name, ThrowingRunnable body) {
        return Thread.ofVirtual().name(name).start(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                System.err.println(name + ": " + t);
            }
        });
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    static void joinQuietly(Thread thread, long seconds) {
        try {
            thread.join(java.time.Duration.ofSeconds(seconds));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
