package io.loomsocket;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A sample server's {@code serve(args, log)} on a virtual thread of its own, as its {@code main}
 * runs it, with its log captured; {@link #close()} interrupts it, which stops it as Ctrl-C
 * would, and rethrows what it threw.
 */
final class RunningSample implements AutoCloseable {
    /** A sample's {@code serve} method. */
    interface Serve {
        void serve(String[] args, PrintStream log) throws Exception;
    }

    final CapturedOutput log = new CapturedOutput();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final Thread thread;

    RunningSample(Serve serve, String... args) {
        thread = Thread.startVirtualThread(() -> {
            try {
                serve.serve(args, log.stream);
                ended.complete(null);
            } catch (Throwable t) {
                ended.completeExceptionally(t);
            }
        });
    }

    /** Waits for the first line matching {@code regex} (whose group 1 is the port); the port. */
    int port(String regex) throws InterruptedException {
        return Integer.parseInt(log.await(regex, Duration.ofSeconds(10)));
    }

    @Override
    public void close() throws Exception {
        thread.interrupt();
        try {
            ended.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the sample failed; its log:\n" + log.text(), e.getCause());
        }
    }
}
