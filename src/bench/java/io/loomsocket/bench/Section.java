package io.loomsocket.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One table of the report: a scenario, its variants and the ratios against one of them. */
final class Section {
    final String title;
    String description;
    final String rateUnit;
    final String cpuColumn;
    final String switchColumn;
    final List<Result> results = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    /** Index in {@link #results} of the variant the ratios divide by. */
    int reference;

    Section(String title, String description, String rateUnit, String cpuColumn,
            String switchColumn) {
        this.title = title;
        this.description = description;
        this.rateUnit = rateUnit;
        this.cpuColumn = cpuColumn;
        this.switchColumn = switchColumn;
    }

    /** A Markdown table; it reads as plain text too. */
    String table() {
        StringBuilder b = new StringBuilder();
        b.append("### ").append(title).append("\n\n").append(description).append("\n\n");
        Result ref = reference < results.size() ? results.get(reference) : null;
        String refName = ref == null ? "ref" : shortName(ref.label);
        b.append("| variant | median ").append(rateUnit).append(" | min | max | spread | vs ")
                .append(refName).append(" | ").append(cpuColumn).append(" | ")
                .append(switchColumn).append(" | cores busy |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            b.append("| ").append(r.label)
                    .append(" | ").append(number(r.median()))
                    .append(" | ").append(number(r.min()))
                    .append(" | ").append(number(r.max()))
                    .append(" | ").append(String.format(Locale.ROOT, "%.0f%%", 100 * r.spread()))
                    .append(" | ").append(ref == null ? "" : String.format(Locale.ROOT, "%.2f",
                            r.median() / ref.median()))
                    .append(" | ").append(small(r.cpuMicrosPerOp()))
                    .append(" | ").append(small(r.switchesPerOp()))
                    .append(" | ").append(small(r.cores()))
                    .append(" |\n");
        }
        for (String note : notes) {
            b.append("\n").append(note).append("\n");
        }
        return b.toString();
    }

    /** "(ii)" of "(ii) java.net.Socket ...", "jdk-vt" of "jdk-vt: java.net.Socket ...". */
    static String shortName(String label) {
        int space = label.indexOf(' ');
        if (space > 0 && label.startsWith("(")) {
            return label.substring(0, space);
        }
        int colon = label.indexOf(": ");
        return colon > 0 ? label.substring(0, colon) : label;
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String small(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (Math.abs(v) >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
