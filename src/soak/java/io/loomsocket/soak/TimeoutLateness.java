package io.loomsocket.soak;

import io.loomsocket.ReceiveException;
import io.loomsocket.Tcp;
import io.loomsocket.TcpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The third phase, client side: {@code echoers} connections exchange checked lines (as fast as
 * they can, or one every {@code pace} milliseconds) while {@code silent} connections, whose
 * server sends nothing, each make {@code repeats} receives under a 200 ms total timeout
 * ({@code settimeout(0.2, "t")}); the lateness of a timeout is how long past 200 ms its
 * receive returned "timeout".
 */
final class TimeoutLateness {
    private static final String HOST = "127.0.0.1";
    private static final int CONNECTING = 256;
    private static final long TIMEOUT_NANOS = 200_000_000L;

    private final Tally tally;
    private final Semaphore connecting = new Semaphore(CONNECTING);
    private final CountDownLatch echoing;
    private final AtomicLong echoed = new AtomicLong();
    private final Lateness timeouts;
    /** The same waits as plain {@code Thread.sleep}: the scheduler's share of the lateness. */
    private final Lateness sleeps;
    /** Milliseconds an echoing connection waits between lines; 0 for none. */
    private final int paceMillis;
    private volatile boolean stop;

    private TimeoutLateness(int echoers, int silent, int repeats, int paceMillis, Tally tally) {
        this.tally = tally;
        this.paceMillis = paceMillis;
        this.echoing = new CountDownLatch(echoers);
        this.timeouts = new Lateness(silent * repeats);
        this.sleeps = new Lateness(silent * repeats);
    }

    /** Runs the phase; returns a one-line account with the lateness p50/p99/max. */
    static String run(Settings sizes, int echoPort, int silentPort, Tally tally)
            throws Exception {
        int echoers = sizes.number("echoers");
        int silent = sizes.number("silent");
        int repeats = sizes.number("repeats");
        TimeoutLateness phase = new TimeoutLateness(echoers, silent, repeats,
                sizes.number("pace"), tally);
        List<Thread> echoThreads = new ArrayList<>();
        for (int id = 0; id < echoers; id++) {
            long connection = id;
            echoThreads.add(Thread.ofVirtual().start(() -> phase.echo(connection, echoPort)));
        }
        List<TcpClient> quiet = new ArrayList<>();
        for (int i = 0; i < silent; i++) {
            try {
                quiet.add(Tcp.connect(HOST, silentPort, Duration.ofSeconds(10)));
                tally.connections.incrementAndGet();
            } catch (Exception e) {
                tally.error("connect of silent connection " + i, e);
            }
        }
        phase.echoing.await();
        Thread.sleep(1000); // the echo load reaches its steady state
        long echoedBefore = phase.echoed.get();
        long started = System.nanoTime();
        List<Thread> timers = new ArrayList<>();
        for (TcpClient client : quiet) {
            timers.add(Thread.ofVirtual().start(() -> phase.timeouts(client, repeats)));
            timers.add(Thread.ofVirtual().start(() -> phase.sleeps(repeats)));
        }
        for (Thread thread : timers) {
            thread.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long echoedDuring = phase.echoed.get() - echoedBefore;
        phase.stop = true;
        for (Thread thread : echoThreads) {
            thread.join();
        }
        for (TcpClient client : quiet) {
            phase.end(client);
        }
        return String.format("%d timeouts of 200 ms (total) on %d silent connections while %d"
                + " connections echoed %d lines (%.0f/s%s): lateness %s (Thread.sleep(200 ms)"
                + " on as many virtual threads meanwhile: %s)",
                phase.timeouts.count(), quiet.size(), echoers, echoedDuring,
                echoedDuring / seconds, phase.paceMillis == 0 ? ", unpaced"
                        : ", a line every " + phase.paceMillis + " ms each",
                phase.timeouts.summary(), phase.sleeps.summary());
    }

    private void echo(long id, int port) {
        TcpClient client = null;
        String where = "echoing connection " + id;
        boolean counted = false;
        try {
            connecting.acquire();
            try {
                client = Tcp.connect(HOST, port, Duration.ofSeconds(10));
            } finally {
                connecting.release();
            }
            tally.connections.incrementAndGet();
            client.settimeout(60);
            for (long round = 0; !stop; round++) {
                client.send(CheckedLine.make("load", id, round) + "\n");
                String echo;
                try {
                    echo = client.receiveString();
                } catch (ReceiveException e) {
                    tally.lost(where, "no echo of round " + round + ": " + Tally.describe(e));
                    return;
                }
                String problem = CheckedLine.check(echo, "load", id, round);
                if (problem != null) {
                    tally.lost(where, problem);
                }
                echoed.incrementAndGet();
                if (!counted) {
                    counted = true;
                    echoing.countDown();
                }
                if (paceMillis > 0) {
                    Thread.sleep(paceMillis);
                }
            }
            client.send("bye\n");
            Ending.expectEnd(client, where, tally);
        } catch (Unexpected e) {
            tally.error(where, e.getMessage());
        } catch (Exception e) {
            tally.error(where, e);
        } finally {
            if (client != null) {
                tally.close(client);
            }
            if (!counted) {
                echoing.countDown(); // failed before its first echo: the phase need not wait
            }
        }
    }

    /** Timed receives on a connection whose server sends nothing; each must time out. */
    private void timeouts(TcpClient client, int repeats) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(200)); // spread the deadlines
            for (int i = 0; i < repeats; i++) {
                client.settimeout(0.2, "t");
                long started = System.nanoTime();
                try {
                    String line = client.receiveString();
                    tally.error("silent connection", "a receive returned \"" + line + "\"");
                    continue;
                } catch (ReceiveException e) {
                    long lateness = System.nanoTime() - started - TIMEOUT_NANOS;
                    if (!e.isTimeout() || e.partialLength() != 0) {
                        tally.error("silent connection", e);
                    } else if (lateness < 0) {
                        tally.error("silent connection", String.format(
                                "a 200 ms timeout fired %.1f ms early", -lateness / 1e6));
                    } else {
                        timeouts.add(lateness);
                        tally.overrun(lateness);
                    }
                }
            }
        } catch (InterruptedException e) {
            tally.error("silent connection", e);
        }
    }

    /** The control: the same waits as sleeps, timed the same way. */
    private void sleeps(int repeats) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(200));
            for (int i = 0; i < repeats; i++) {
                long started = System.nanoTime();
                Thread.sleep(Duration.ofNanos(TIMEOUT_NANOS));
                sleeps.add(System.nanoTime() - started - TIMEOUT_NANOS);
            }
        } catch (InterruptedException e) {
            tally.error("sleeping control thread", e);
        }
    }

    private void end(TcpClient client) {
        try {
            client.settimeout(10);
            client.send("bye\n");
            Ending.expectEnd(client, "silent connection", tally);
        } catch (Unexpected e) {
            tally.error("silent connection", e.getMessage());
        } catch (Exception e) {
            tally.error("silent connection", e);
        } finally {
            tally.close(client);
        }
    }
}
