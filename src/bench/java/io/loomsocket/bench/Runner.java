package io.loomsocket.bench;

import java.util.ArrayList;
import java.util.List;

/** Opens, warms up and measures a scenario's contenders with interleaved rounds. */
final class Runner {
    private Runner() {}

    /**
     * @param scale rate = units / seconds / scale (1e6 for MB/s)
     * @param opsUnit the CPU and switch columns are per this many units
     */
    static List<Result> run(List<Contender> contenders, int warmupRounds, int rounds,
            double scale, double opsUnit) throws Exception {
        List<List<Contender.Sample>> samples = new ArrayList<>();
        try {
            for (Contender c : contenders) {
                c.open();
                for (int i = 0; i < warmupRounds; i++) {
                    c.warmup();
                }
                samples.add(new ArrayList<>());
            }
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < contenders.size(); k++) {
                    samples.get(k).add(contenders.get(k).round());
                }
            }
        } finally {
            for (Contender c : contenders) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("closing " + c.label() + ": " + e);
                }
            }
        }
        List<Result> results = new ArrayList<>();
        for (int k = 0; k < contenders.size(); k++) {
            List<Contender.Sample> list = samples.get(k);
            double[] rates = new double[list.size()];
            double ops = 0;
            double cpu = 0;
            double switches = 0;
            double wall = 0;
            for (int i = 0; i < rates.length; i++) {
                Contender.Sample s = list.get(i);
                rates[i] = s.units() / s.seconds() / scale;
                ops += s.units() / opsUnit;
                cpu = cpu < 0 || s.cpuNanos() < 0 ? -1 : cpu + s.cpuNanos();
                switches = switches < 0 || s.switches() < 0 ? -1 : switches + s.switches();
                wall += s.seconds() * 1e9;
            }
            results.add(new Result(contenders.get(k).label(), rates, ops, cpu, switches, wall));
        }
        return results;
    }
}
