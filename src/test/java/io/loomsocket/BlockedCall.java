package io.loomsocket;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A call run on a virtual thread of its own, for tests that act on a socket while the call
 * waits: {@link #awaitParked()} returns once the thread is really parked, so no test needs a
 * blind sleep before it closes, interrupts or sends.
 *
 * @param <T> what the call returns
 */
final class BlockedCall<T> {
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final Thread thread;

    private BlockedCall(ConcurrencyTest.ThrowingSupplier<T> body) {
        thread = Thread.ofVirtual().name("blocked-call").unstarted(() -> {
            try {
                result.complete(body.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
    }

    /** Starts the call. */
    static <T> BlockedCall<T> start(ConcurrencyTest.ThrowingSupplier<T> body) {
        BlockedCall<T> call = new BlockedCall<>(body);
        call.thread.start();
        return call;
    }

    /** Returns once the call is parked (or has ended); fails after 5 s. */
    BlockedCall<T> awaitParked() {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!result.isDone() && thread.getState() != Thread.State.WAITING
                && thread.getState() != Thread.State.TIMED_WAITING) {
            if (System.nanoTime() - deadline > 0) {
                fail("the call never parked: " + thread.getState());
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        return this;
    }

    /** The thread the call runs on. */
    Thread thread() {
        return thread;
    }

    boolean isDone() {
        return result.isDone();
    }

    /** The call's result, waiting up to 5 s for it; fails if it threw. */
    T get() throws Exception {
        try {
            return result.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the call failed", e.getCause());
        }
    }

    /** What the call threw, waiting up to 5 s; fails if it returned. */
    <X extends Throwable> X failure(Class<X> type) throws InterruptedException, TimeoutException {
        try {
            T value = result.get(5, TimeUnit.SECONDS);
            throw new AssertionError("the call returned " + value + " instead of failing");
        } catch (ExecutionException e) {
            return assertInstanceOf(type, e.getCause());
        }
    }
}
