package io.loomsocket.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The fourth phase, client side: waits that must always end, and cost nothing while they wait.
 * Against the server's {@link WaitServer}, in three steps:
 *
 * <ol>
 *   <li>{@link ReopenedWaits}: objects closed and connected again wait at once in a timed
 *       receive, alone in the JVM; they must end on time and not spin;
 *   <li>{@link WaitMix}: many connections at once receive lines that come in pieces at random
 *       moments under tiny block timeouts, total timeouts and deadlines that run out in the
 *       middle of a receive, have their socket closed by another thread while a receive or a
 *       send waits, and connect again on the same object; after each round a receive under a
 *       normal timeout must end on time;
 *   <li>the idle step: those connections then hold unread data both ways (some half-closed)
 *       while the soak measures both JVMs' CPU ({@code idle} on standard output, then
 *       {@code idle-over} on standard input).
 * </ol>
 */
final class Waits {
    /** What a cut send sends: 1 MiB of noise, far more than the socket buffers take. */
    static final byte[] BLOCK = noise(1 << 20);
    /** Closes a socket whose timed receive has not ended long after its timeout. */
    static final ScheduledExecutorService WATCHDOG = watchdog();
    /** Objects of the quiet step on platform threads (the rest are on virtual threads). */
    private static final int PLATFORM_OBJECTS = 4;
    /** Virtual threads that sleep as long as the timed receives, the scheduler's share. */
    private static final int SLEEPERS = 16;

    /**
     * The sizes of one run of the phase: {@code name} keeps its keys apart from another run's,
     * {@code checkSeconds} is the normal timeout of the checking receives, {@code idle} whether
     * the idle step runs, {@code cpuJudged} whether the quiet step's CPU limits count.
     */
    record Sizes(String name, int connections, int rounds, int reopened, double checkSeconds,
            boolean idle, boolean cpuJudged) {
        /** The soak's own sizes, from its settings. */
        static Sizes of(Settings settings) {
            return new Sizes("main", settings.number("waiters"), settings.number("wait-rounds"),
                    settings.number("reopened"), 1.0, true, true);
        }
    }

    /** The idle step's hand-over to the soak: says what is held, returns when it is over. */
    @FunctionalInterface
    interface IdleStep {
        void hold(String held) throws Exception;
    }

    private Waits() {}

    /** Line {@code k} of round {@code round} of connection {@code id}. */
    static String line(long id, long round, int k) {
        return CheckedLine.make("wait", id, round * 8 + k);
    }

    /** Runs the phase; {@code report} gets a line per step. */
    static void run(Sizes sizes, int port, Tally tally, Consumer<String> report,
            IdleStep idleStep) throws Exception {
        int platform = Math.min(PLATFORM_OBJECTS, sizes.reopened());
        report.accept("reopened: " + ReopenedWaits.run(sizes.reopened() - platform, platform,
                port, sizes.checkSeconds(), sizes.cpuJudged(), tally));

        long seed = new SplittableRandom().nextLong();
        WaitMix mix = new WaitMix(sizes, port, seed, tally);
        AtomicBoolean mixing = new AtomicBoolean(true);
        Lateness sleeps = new Lateness(100_000);
        List<Thread> sleepers = new ArrayList<>();
        for (int i = 0; i < SLEEPERS; i++) {
            sleepers.add(Thread.ofVirtual().start(() -> sleep(sizes.checkSeconds(), mixing,
                    sleeps)));
        }
        long started = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int id = 0; id < sizes.connections(); id++) {
            long connection = id;
            threads.add(Thread.ofVirtual().name("waits-" + id).start(() -> mix.run(connection)));
        }
        mix.atIdle.await();
        double seconds = (System.nanoTime() - started) / 1e9;
        mixing.set(false);
        for (Thread sleeper : sleepers) {
            sleeper.join();
        }
        report.accept(String.format("mix: %d connections, %d rounds each, every kind in turn,"
                + " in %.1f s (seed %d): %d lines received in pieces under short limits, with %d"
                + " timeouts (%d under block timeouts of 2-40 us, %d under total timeouts, %d"
                + " under deadlines), %d of them mid-line (the partial passed back as the"
                + " prefix); %d receives and %d sends closed by another thread (%d sends done"
                + " before the close), ended %s after the close began; %d closed objects"
                + " connected again; receives under settimeout(%s) after each round and each"
                + " connect: lateness %s (Thread.sleep(%s s) on %d virtual threads meanwhile:"
                + " %s); load average %s",
                sizes.connections(), sizes.rounds(), seconds, seed, mix.lines.get(),
                mix.timeouts[0].get() + mix.timeouts[1].get() + mix.timeouts[2].get(),
                mix.timeouts[WaitMix.Kind.BLOCK.ordinal()].get(),
                mix.timeouts[WaitMix.Kind.TOTAL.ordinal()].get(),
                mix.timeouts[WaitMix.Kind.DEADLINE.ordinal()].get(), mix.midLine.get(),
                mix.closedReceives.get(), mix.closedSends.get(), mix.sendsNotCut.get(),
                mix.closeWakes.summary(), mix.reconnects.get(), sizes.checkSeconds(),
                mix.checks.summary(), sizes.checkSeconds(), SLEEPERS, sleeps.summary(),
                CpuTime.loadAverage()));
        if (sizes.idle()) {
            idleStep.hold(mix.idle.get() + " " + mix.clientHalf.get() + " "
                    + mix.serverHalf.get());
        }
        mix.idleOver.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private static void sleep(double seconds, AtomicBoolean mixing, Lateness sleeps) {
        long nanos = (long) (seconds * 1e9);
        try {
            while (mixing.get()) {
                long started = System.nanoTime();
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
                sleeps.add(System.nanoTime() - started - nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] noise(int length) {
        byte[] block = new byte[length];
        new SplittableRandom(0x5EEDL).nextBytes(block);
        return block;
    }

    private static ScheduledExecutorService watchdog() {
        ScheduledThreadPoolExecutor watchdog = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "soak-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        watchdog.setRemoveOnCancelPolicy(true);
        return watchdog;
    }
}
