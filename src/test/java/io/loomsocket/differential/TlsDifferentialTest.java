package io.loomsocket.differential;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * TLS against C LuaSec: each scenario of src/test/scenarios-tls runs with LuaSec at both ends
 * (the reference), loomsocket at both ends, and mixed both ways, and every run must give
 * LuaSec's results (values, partials, last indices, error strings) at LuaSec's times. A run that
 * differs on times alone is run once more before it counts.
 */
class TlsDifferentialTest {
    static final Path FILE = Path.of("src/test/scenarios-tls/luasec.tscn");
    private static final boolean SHOW = Boolean.getBoolean("loomsocket.differential.show");

    @TestFactory
    @Timeout(300)
    Stream<DynamicTest> everyScenarioAgreesWithLuaSecInEveryPairing() throws Exception {
        Oracle.require();
        warmUp();
        return TlsDifferential.parse(FILE).stream().map(scenario ->
                DynamicTest.dynamicTest(scenario.name(), () -> check(scenario)));
    }

    /**
     * One run of the first scenarios with loomsocket at both ends before any is timed: the
     * JVM's first handshakes and first megabytes of AES-GCM run interpreted, a cost of start-up
     * that a C library does not have and that the times of the runs should not carry.
     */
    private static void warmUp() throws Exception {
        var J = TlsDifferential.Impl.LOOMSOCKET;
        for (TlsDifferential.Scenario scenario : TlsDifferential.parse(FILE)) {
            TlsDifferential.run(scenario, J, J);
        }
    }

    private static void check(TlsDifferential.Scenario scenario) throws Exception {
        var L = TlsDifferential.Impl.LUASEC;
        var J = TlsDifferential.Impl.LOOMSOCKET;
        TlsDifferential.Impl[][] pairings = {{J, J}, {J, L}, {L, J}};
        List<TlsDifferential.Line> reference = TlsDifferential.run(scenario, L, L);
        List<String> failures = new ArrayList<>();
        for (TlsDifferential.Impl[] pairing : pairings) {
            String label = "server " + pairing[0] + ", client " + pairing[1];
            List<TlsDifferential.Line> run = TlsDifferential.run(scenario, pairing[0], pairing[1]);
            boolean[] timingOnly = {false};
            List<String> kept = new ArrayList<>();
            List<String> differences = TlsDifferential.differences(reference, run, timingOnly,
                    scenario.known(), pairing[0], pairing[1], kept);
            if (timingOnly[0]) {
                reference = TlsDifferential.run(scenario, L, L);
                run = TlsDifferential.run(scenario, pairing[0], pairing[1]);
                kept.clear();
                differences = TlsDifferential.differences(reference, run, timingOnly,
                        scenario.known(), pairing[0], pairing[1], kept);
            }
            for (String difference : kept) {
                System.out.println("TLS differential, known difference in \"" + scenario.name()
                        + "\" (" + label + "): " + difference);
            }
            if (SHOW) {
                System.out.println("== " + scenario.name() + " (" + label + ")");
                for (int i = 0; i < run.size(); i++) {
                    System.out.printf("  %-40s %-50s LuaSec %.3f s, this %.3f s%n",
                            run.get(i).step(), run.get(i).result(), reference.get(i).elapsed(),
                            run.get(i).elapsed());
                }
            }
            if (!differences.isEmpty()) {
                failures.add(label + ":\n    " + String.join("\n    ", differences));
            }
        }
        if (!failures.isEmpty()) {
            fail("\"" + scenario.name() + "\" differs from C LuaSec\n  "
                    + String.join("\n  ", failures));
        }
    }
}
