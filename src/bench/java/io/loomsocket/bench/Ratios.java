package io.loomsocket.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one-line summaries: {@code ratio <case> <baseline> <value>} (loomsocket's figure over the
 * baseline's, higher is better), {@code check <what> <subject> pass|fail <detail>}, and
 * {@code note <case> <text>} for what a ratio cannot say (a failed run, say). Each line is
 * printed as soon as it is known and kept for the report.
 */
final class Ratios {
    private Ratios() {}

    private static final List<String> LINES = new ArrayList<>();

    /** loomsocket's value over the baseline's; both rates, so higher is better. */
    static void ratio(String name, String baseline, double loom, double base) {
        String value;
        if (Double.isNaN(loom)) {
            value = "0.00";
        } else if (Double.isNaN(base) || base == 0) {
            value = "inf";
        } else {
            value = String.format(Locale.ROOT, "%.2f", loom / base);
        }
        emit("ratio " + name + " " + baseline + " " + value);
    }

    /** For costs (descriptors, memory, CPU): the baseline's over loomsocket's. */
    static void costRatio(String name, String baseline, double loomCost, double baseCost) {
        double loom = Double.isNaN(loomCost) || loomCost <= 0 ? Double.NaN : 1 / loomCost;
        double base = Double.isNaN(baseCost) || baseCost <= 0 ? Double.NaN : 1 / baseCost;
        ratio(name, baseline, loom, base);
    }

    static void check(String what, String subject, boolean pass, String detail) {
        emit("check " + what + " " + subject + " " + (pass ? "pass" : "fail") + " " + detail);
    }

    static void note(String name, String text) {
        emit("note " + name + " " + text);
    }

    /** A line another benchmark JVM printed, passed on. */
    static void emitRaw(String line) {
        emit(line);
    }

    private static void emit(String line) {
        LINES.add(line);
        System.out.println(line);
        System.out.flush();
    }

    static List<String> lines() {
        return List.copyOf(LINES);
    }
}
