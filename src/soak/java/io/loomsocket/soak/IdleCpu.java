package io.loomsocket.soak;

import java.io.IOException;

/**
 * The fourth phase's idle step, measured from outside: while the client's connections hold
 * unread data both ways (some half-closed), nobody receives on either end, so neither JVM may
 * use more than {@link #LIMIT} of a core. A poller that left a socket's read interest in its
 * level-triggered selector with nobody waiting would be told about that socket at every
 * select, and spin.
 */
final class IdleCpu {
    /** The most CPU allowed to each JVM over the window, as a share of one core. */
    static final double LIMIT = 0.01;
    /** Time for the last sends and closes to settle before the window. */
    private static final long SETTLE_MILLIS = 2000;
    private static final long WINDOW_MILLIS = 5000;

    private IdleCpu() {}

    /** The errors (one per JVM above the limit) and each JVM's share of a core. */
    record Result(int errors, double client, double server) {}

    /**
     * Measures both JVMs' CPU (all their threads, from {@code /proc/<pid>/stat}) over the
     * window and prints it.
     *
     * @param held the client's line, {@code idle <connections> <half-closed by the client>
     *     <half-closed by the server>}
     */
    static Result check(String held, long clientPid, long serverPid)
            throws IOException, InterruptedException {
        String[] fields = held.split(" ");
        Thread.sleep(SETTLE_MILLIS);
        long clientBefore = CpuTime.ofProcess(clientPid);
        long serverBefore = CpuTime.ofProcess(serverPid);
        long started = System.nanoTime();
        Thread.sleep(WINDOW_MILLIS);
        double client = (double) (CpuTime.ofProcess(clientPid) - clientBefore)
                / (System.nanoTime() - started);
        double server = (double) (CpuTime.ofProcess(serverPid) - serverBefore)
                / (System.nanoTime() - started);
        String load = CpuTime.loadAverage();
        System.out.printf("phase 4: idle: %s connections hold unread data both ways (%s"
                + " half-closed by the client, %s by the server) and nobody receives: CPU over"
                + " %.0f s client %.2f %%, server %.2f %% of a core (limit %.0f %% each); load"
                + " average %s%n", fields[1], fields[2], fields[3], WINDOW_MILLIS / 1e3,
                client * 100, server * 100, LIMIT * 100, load);
        int errors = 0;
        if (client > LIMIT) {
            errors++;
            System.out.println("soak: error: the client used more than 1 % of a core while idle");
        }
        if (server > LIMIT) {
            errors++;
            System.out.println("soak: error: the server used more than 1 % of a core while idle");
        }
        return new Result(errors, client, server);
    }
}
