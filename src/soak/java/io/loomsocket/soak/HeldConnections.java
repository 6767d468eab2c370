package io.loomsocket.soak;

import io.loomsocket.ReceiveException;
import io.loomsocket.Tcp;
import io.loomsocket.TcpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The second phase, client side: {@code target} connections, each on its own virtual thread,
 * all open at once (each waits until every connect has been tried), then {@code rounds} checked
 * lines each, every echo verified, then "bye" and the server's close.
 */
final class HeldConnections {
    private static final String HOST = "127.0.0.1";
    /** Connects in flight at once, well under the listener's backlog. */
    private static final int CONNECTING = 256;

    private final int port;
    private final int rounds;
    private final Tally tally;
    private final CountDownLatch tried;
    private final Semaphore connecting = new Semaphore(CONNECTING);
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();

    private HeldConnections(int target, int rounds, int port, Tally tally) {
        this.port = port;
        this.rounds = rounds;
        this.tally = tally;
        this.tried = new CountDownLatch(target);
    }

    /** Runs the phase; returns a one-line account with the number held at once. */
    static String run(int target, int rounds, int port, Tally tally) throws InterruptedException {
        HeldConnections phase = new HeldConnections(target, rounds, port, tally);
        long started = System.nanoTime();
        List<Thread> threads = new ArrayList<>(target);
        for (int id = 0; id < target; id++) {
            long connection = id;
            threads.add(Thread.ofVirtual().start(() -> phase.hold(connection)));
        }
        phase.tried.await();
        int held = phase.open.get();
        double connectSeconds = (System.nanoTime() - started) / 1e9;
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return String.format("held=%d connections at once (of %d tried; opened in %.1f s),"
                + " %d rounds of checked lines each, all done in %.1f s",
                Math.max(held, phase.peak.get()), target, connectSeconds, rounds, seconds);
    }

    private void hold(long id) {
        TcpClient client = null;
        try {
            connecting.acquire();
            try {
                client = Tcp.connect(HOST, port, Duration.ofSeconds(10));
            } finally {
                connecting.release();
            }
            tally.connections.incrementAndGet();
            peak.accumulateAndGet(open.incrementAndGet(), Math::max);
        } catch (Exception e) {
            tally.error("connect " + id + " of the held connections", e);
        } finally {
            tried.countDown();
        }
        if (client == null) {
            return;
        }
        String where = "held connection " + id;
        try {
            tried.await();
            client.settimeout(60);
            for (int round = 0; round < rounds; round++) {
                client.send(CheckedLine.make("held", id, round) + "\n");
                String echo;
                try {
                    echo = client.receiveString();
                } catch (ReceiveException e) {
                    tally.lost(where, "no echo of round " + round + ": " + Tally.describe(e));
                    return;
                }
                String problem = CheckedLine.check(echo, "held", id, round);
                if (problem != null) {
                    tally.lost(where, problem);
                }
            }
            client.send("bye\n");
            Ending.expectEnd(client, where, tally);
        } catch (Unexpected e) {
            tally.error(where, e.getMessage());
        } catch (Exception e) {
            tally.error(where, e);
        } finally {
            tally.close(client);
            open.decrementAndGet();
        }
    }
}
