package io.loomsocket.bench;

/**
 * A contender that runs in this JVM: each round runs {@link #body()} on a new virtual thread,
 * timed, with this process's CPU time and context switches around it.
 */
abstract class InProcess implements Contender {
    private final String label;

    InProcess(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    /** The work of one round, on a virtual thread; returns the units moved. */
    abstract long body(boolean warmup) throws Exception;

    @Override
    public void warmup() throws Exception {
        VirtualThreads.call("warmup " + label, 600, () -> body(true));
    }

    @Override
    public Sample round() throws Exception {
        return VirtualThreads.call("round " + label, 600, () -> {
            long pid = ProcessHandle.current().pid();
            long switches0 = ProcStats.contextSwitches(pid);
            long cpu0 = ProcStats.ownCpuNanos();
            long t0 = System.nanoTime();
            long units = body(false);
            long t1 = System.nanoTime();
            long cpu1 = ProcStats.ownCpuNanos();
            long switches1 = ProcStats.contextSwitches(pid);
            return new Sample((t1 - t0) / 1e9, units, cpu1 - cpu0, switches1 - switches0);
        });
    }
}
