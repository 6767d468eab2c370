package io.loomsocket.soak;

import io.loomsocket.ReceiveException;
import io.loomsocket.Tcp;
import io.loomsocket.TcpClient;
import io.loomsocket.TcpMaster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fourth phase's quiet step, client side: objects that connected, echoed a line, closed
 * and connected again (the same object: LuaSocket's {@code close()} then {@code connect()}) all
 * wait at once in a timed receive on a silent server, with nothing else running in this JVM.
 * Each wait must time out on time and cost nothing while it waits: a wait that returned at once
 * and retried would spin until its timeout. The Java threads' CPU over the waits is measured
 * (the carriers, so every virtual thread, and the library's threads; not the JIT's or the
 * collector's), and each platform thread's own; then each object echoes a line and ends.
 */
final class ReopenedWaits {
    /** The most Java-thread CPU allowed while the objects wait, as a share of one core. */
    static final double CPU_LIMIT = 0.05;
    /** The most CPU a platform thread may use in its wait, as a share of the wait. */
    static final double THREAD_CPU_LIMIT = 0.02;
    private static final String HOST = "127.0.0.1";

    private final int port;
    private final double waitSeconds;
    private final boolean judged;
    private final Tally tally;
    private final CountDownLatch ready;
    private final CountDownLatch start = new CountDownLatch(1);
    private final CountDownLatch waited;
    private final Lateness lateness;
    private final AtomicLong worstThreadCpu = new AtomicLong();

    private ReopenedWaits(int objects, int port, double waitSeconds, boolean judged,
            Tally tally) {
        this.port = port;
        this.waitSeconds = waitSeconds;
        this.judged = judged;
        this.tally = tally;
        this.ready = new CountDownLatch(objects);
        this.waited = new CountDownLatch(objects);
        this.lateness = new Lateness(objects);
    }

    /**
     * Runs the step with {@code virtual} objects on virtual threads and {@code platform} on
     * platform threads; the CPU limits count as errors only if {@code judged}. Returns a
     * one-line account.
     */
    static String run(int virtual, int platform, int port, double waitSeconds, boolean judged,
            Tally tally) throws InterruptedException {
        ReopenedWaits step = new ReopenedWaits(virtual + platform, port, waitSeconds,
                judged, tally);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < virtual + platform; i++) {
            long id = i;
            boolean onPlatform = i >= virtual;
            Thread.Builder builder = onPlatform ? Thread.ofPlatform() : Thread.ofVirtual();
            threads.add(builder.name("reopened-" + id).start(() -> step.object(id, onPlatform)));
        }
        step.ready.await();
        Map<Long, Long> cpuBefore = CpuTime.ofJavaThreads();
        long started = System.nanoTime();
        step.start.countDown();
        step.waited.await();
        long window = System.nanoTime() - started;
        double share = (double) CpuTime.ofJavaThreadsSince(cpuBefore) / window;
        for (Thread thread : threads) {
            thread.join();
        }
        String load = CpuTime.loadAverage();
        if (judged && share > CPU_LIMIT) {
            tally.error("reopened objects", String.format("the Java threads used %.1f %% of a"
                    + " core while %d reopened objects waited (limit %.0f %%; load average %s)",
                    share * 100, virtual + platform, CPU_LIMIT * 100, load));
        }
        return String.format("%d objects closed and connected again (%d on virtual threads, %d"
                + " on platform threads), then a receive under settimeout(%s) on each at once:"
                + " lateness %s; Java threads' CPU over the %.2f s of the waits %.2f %% of a"
                + " core (limit %.0f %%), a platform thread's own at most %.2f ms (limit %.0f ms);"
                + " load average %s",
                virtual + platform, virtual, platform, waitSeconds, step.lateness.summary(),
                window / 1e9, share * 100, CPU_LIMIT * 100, step.worstThreadCpu.get() / 1e6,
                THREAD_CPU_LIMIT * waitSeconds * 1e3, load);
    }

    private void object(long id, boolean onPlatform) {
        String where = "reopened object " + id;
        TcpMaster master = null;
        TcpClient client = null;
        boolean readied = false;
        boolean counted = false;
        try {
            master = Tcp.tcp4();
            master.settimeout(10);
            client = master.connect(HOST, port);
            tally.connections.incrementAndGet();
            echo(client, id, 0, where);
            client.send("hold\n");
            client.close();
            // The same object again, through either of its views.
            client = id % 2 == 0 ? client.connect(HOST, port) : master.connect(HOST, port);
            tally.connections.incrementAndGet();
            ready.countDown();
            readied = true;
            start.await();
            client.settimeout(waitSeconds);
            TcpClient watched = client;
            AtomicBoolean stuck = new AtomicBoolean();
            ScheduledFuture<?> watch = Waits.WATCHDOG.schedule(() -> {
                stuck.set(true);
                watched.close();
            }, (long) (waitSeconds * 1e9) + TimeUnit.SECONDS.toNanos(WaitMix.STUCK_SECONDS),
                    TimeUnit.NANOSECONDS);
            long cpuBefore = onPlatform ? CpuTime.ofThisThread() : 0;
            long started = System.nanoTime();
            try {
                String line = client.receiveString();
                throw new Unexpected("a timed receive on a silent connection returned \"" + line
                        + "\"");
            } catch (ReceiveException e) {
                long elapsed = System.nanoTime() - started;
                long cpu = onPlatform ? CpuTime.ofThisThread() - cpuBefore : 0;
                watch.cancel(false);
                waited.countDown();
                counted = true;
                if (stuck.get()) {
                    tally.deadlineLost(where, String.format("a receive under settimeout(%s) had"
                            + " not ended %d s after its timeout; the watchdog closed the socket"
                            + " (%s)", waitSeconds, WaitMix.STUCK_SECONDS, Tally.describe(e)));
                    return;
                }
                judge(e, elapsed, cpu, where);
            } finally {
                watch.cancel(false);
            }
            echo(client, id, 1, where);
            client.send("bye\n");
            Ending.expectEnd(client, where, tally);
        } catch (Unexpected e) {
            tally.error(where, e.getMessage());
        } catch (Exception e) {
            tally.error(where, e);
        } finally {
            if (client != null) {
                tally.close(client);
            } else if (master != null) {
                master.close();
            }
            if (!readied) {
                ready.countDown();
            }
            if (!counted) {
                waited.countDown();
            }
        }
    }

    private void judge(ReceiveException e, long elapsed, long cpu, String where)
            throws Unexpected {
        if (!e.isTimeout() || e.partialLength() != 0) {
            throw new Unexpected("a timed receive on a silent connection failed "
                    + Tally.describe(e));
        }
        long timeoutNanos = (long) (waitSeconds * 1e9);
        long late = elapsed - timeoutNanos;
        if (late < 0) {
            throw new Unexpected(String.format("a receive under settimeout(%s) timed out %.1f ms"
                    + " early", waitSeconds, -late / 1e6));
        }
        lateness.add(late);
        tally.overrun(late);
        if (late > WaitMix.LATE_LIMIT_NANOS) {
            tally.error(where, String.format("a receive under settimeout(%s) ended %.3f s late"
                    + " (load average %s)", waitSeconds, late / 1e9, CpuTime.loadAverage()));
        }
        worstThreadCpu.accumulateAndGet(cpu, Math::max);
        if (judged && cpu > THREAD_CPU_LIMIT * timeoutNanos) {
            tally.error(where, String.format("a platform thread used %.1f ms of CPU in a %s s"
                    + " timed receive: its wait spun", cpu / 1e6, waitSeconds));
        }
    }

    private void echo(TcpClient client, long id, int round, String where) throws Exception {
        client.settimeout(10);
        String line = CheckedLine.make("reopen", id, round);
        client.send(line + "\n");
        String problem = CheckedLine.check(client.receiveString(), "reopen", id, round);
        if (problem != null) {
            tally.lost(where, problem);
        }
    }
}
