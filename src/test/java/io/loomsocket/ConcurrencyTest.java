package io.loomsocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.timing.TimedTest;
import io.loomsocket.timing.Timing;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One receive and one send at a time, both at once on two threads, and close from a third. */
@Timeout(30)
class ConcurrencyTest {
    /** Runs {@code body} on a virtual thread; the future holds its result or its failure. */
    static <T> CompletableFuture<T> async(ThrowingSupplier<T> body) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.startVirtualThread(() -> {
            try {
                result.complete(body.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    /** Waits until {@code thread} is parked or waiting (no blind sleeps before a close). */
    static void awaitParked(Thread thread) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (thread.getState() != Thread.State.WAITING
                && thread.getState() != Thread.State.TIMED_WAITING) {
            assertTrue(System.nanoTime() - deadline < 0, "thread never parked: " + thread.getState());
            LockSupport.parkNanos(1_000_000);
        }
    }

    @TimedTest
    void closeFromAnotherThreadWakesABlockedReceive() throws Exception {
        try (Loopback pair = Loopback.open()) {
            Thread[] receiver = new Thread[1];
            CompletableFuture<byte[]> result = async(() -> {
                receiver[0] = Thread.currentThread();
                return pair.client().receive();
            });
            while (receiver[0] == null) {
                Thread.onSpinWait();
            }
            awaitParked(receiver[0]);
            long closedAt = System.nanoTime();
            pair.client().close();
            Throwable failure = result.handle((ok, t) -> t).get(5, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - closedAt) / 1e9;
            ReceiveException e = assertInstanceOf(ReceiveException.class, unwrap(failure));
            assertEquals("closed", e.getMessage());
            Timing.assertAtMost(1.0, seconds, "the receive, woken by the close");
        }
    }

    @Test
    void closeFromAnotherThreadWakesABlockedSend() throws Exception {
        try (Loopback pair = Loopback.open()) {
            byte[] big = new byte[64 << 20];
            Thread[] sender = new Thread[1];
            CompletableFuture<Long> result = async(() -> {
                sender[0] = Thread.currentThread();
                return pair.client().send(big);
            });
            while (sender[0] == null) {
                Thread.onSpinWait();
            }
            awaitParked(sender[0]);
            pair.client().close();
            Throwable failure = result.handle((ok, t) -> t).get(5, TimeUnit.SECONDS);
            SendException e = assertInstanceOf(SendException.class, unwrap(failure));
            assertEquals("closed", e.getMessage());
            assertTrue(e.lastIndex() > 0 && e.lastIndex() < big.length, "last " + e.lastIndex());
        }
    }

    @Test
    void aReceiveAndASendRunAtOnce() throws Exception {
        try (Loopback pair = Loopback.open()) {
            CompletableFuture<byte[]> line = async(() -> pair.client().receive());
            byte[] big = new byte[8 << 20];
            CompletableFuture<Long> sent = async(() -> pair.client().send(big));
            // The peer drains the big send first, so the send finishes while the receive waits.
            assertArrayEquals(big, pair.peer().receive(big.length));
            assertEquals(big.length, sent.get(10, TimeUnit.SECONDS));
            assertFalse(line.isDone());
            pair.peer().send("done\n");
            assertEquals("done", new String(line.get(5, TimeUnit.SECONDS)));
        }
    }

    @TimedTest
    void aSecondReceiveWaitsForTheFirstUnderItsTimeout() throws Exception {
        try (Loopback pair = Loopback.open()) {
            BlockedCall<byte[]> first = BlockedCall.start(() -> pair.client().receive())
                    .awaitParked();
            pair.client().settimeout(0.2);
            long started = System.nanoTime();
            ReceiveException e = org.junit.jupiter.api.Assertions.assertThrows(
                    ReceiveException.class, () -> pair.client().receive());
            double seconds = (System.nanoTime() - started) / 1e9;
            assertEquals("timeout", e.getMessage());
            Timing.assertAtLeast(0.15, seconds, "the second receive, with timeout 0.2");
            Timing.assertAtMost(1.5, seconds, "the second receive, with timeout 0.2");
            pair.peer().send("x\n");
            assertEquals("x", new String(first.get()));
        }
    }

    @Test
    void interruptingAWaitingReceiveKeepsTheSocketAndTheFlag() throws Exception {
        try (Loopback pair = Loopback.open()) {
            pair.peer().send("par");
            Thread[] receiver = new Thread[1];
            boolean[] flag = new boolean[1];
            CompletableFuture<byte[]> result = async(() -> {
                receiver[0] = Thread.currentThread();
                try {
                    return pair.client().receive();
                } finally {
                    flag[0] = Thread.currentThread().isInterrupted();
                }
            });
            while (receiver[0] == null) {
                Thread.onSpinWait();
            }
            awaitParked(receiver[0]);
            receiver[0].interrupt();
            Throwable failure = result.handle((ok, t) -> t).get(5, TimeUnit.SECONDS);
            ReceiveException e = assertInstanceOf(ReceiveException.class, unwrap(failure));
            assertEquals(TcpException.Kind.INTERRUPTED, e.kind());
            assertEquals("par", e.partialString());
            assertTrue(flag[0], "the interrupt flag stays set");
            pair.peer().send("tial\n");
            assertEquals("partial", pair.client().receiveString("*l", e.partialString()));
        }
    }

    /**
     * Each end of one connection has a reader thread and a writer thread at once; 100,000
     * numbered lines each way arrive intact, in order, each once.
     */
    @Test
    void aReaderAndAWriterOnEachEndMoveAHundredThousandLinesEachWay() throws Exception {
        int lines = 100_000;
        try (Loopback pair = Loopback.open()) {
            List<CompletableFuture<Long>> work = new ArrayList<>();
            for (TcpClient end : new TcpClient[] {pair.client(), pair.peer()}) {
                String name = end == pair.client() ? "client" : "peer";
                work.add(async(() -> {
                    for (int k = 0; k < lines; k++) {
                        end.send(name + " line " + k + " " + "x".repeat(k % 50) + "\r\n");
                    }
                    return (long) lines;
                }));
                String other = end == pair.client() ? "peer" : "client";
                work.add(async(() -> {
                    for (int k = 0; k < lines; k++) {
                        String line = end.receiveString();
                        if (!line.equals(other + " line " + k + " " + "x".repeat(k % 50))) {
                            throw new AssertionError(name + " got \"" + line + "\" as line " + k);
                        }
                    }
                    return end.getstats().received();
                }));
            }
            for (CompletableFuture<Long> each : work) {
                each.get(60, TimeUnit.SECONDS);
            }
            assertEquals(pair.client().getstats().sent(), pair.peer().getstats().received());
            assertEquals(pair.peer().getstats().sent(), pair.client().getstats().received());
            assertFalse(pair.client().dirty() || pair.peer().dirty());
        }
    }

    static Throwable unwrap(Throwable t) {
        return t instanceof java.util.concurrent.CompletionException && t.getCause() != null
                ? t.getCause() : t;
    }
}
