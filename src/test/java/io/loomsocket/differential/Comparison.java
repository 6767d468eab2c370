package io.loomsocket.differential;

import java.util.ArrayList;
import java.util.List;

/**
 * The line-by-line comparison of the oracle's transcript with loomsocket's: results must be equal;
 * elapsed times must agree within {@link #ABSOLUTE} seconds plus {@link #RELATIVE} of the larger,
 * which absorbs scheduling noise but not a wrong timeout, plus the time each implementation's
 * step spent ready to run without a processor ({@link RunQueueDelay}): what load took from a
 * step while it had work to do, to which a wait (a timeout late, or one that never fires) adds
 * nothing. Toleranced values (getstats' age, which counts from the object's creation) get the
 * same tolerance plus the difference between the two runs' total elapsed times so far, so that
 * one slow step does not fail every later age.
 *
 * <p>Two kinds of result are a matter of time too ({@link PaceDependent}): how far a call got
 * before it failed, while the peer was still sending or reading on its own thread; and whether
 * the object's close reached the peer as an end of stream or a reset, after the peer sent during
 * the calls. Such a difference counts with the times: the scenario runs again, and fails if it
 * shows in every run.
 *
 * @param scenario what ran
 * @param oracle C LuaSocket's transcript, known differences applied
 * @param loomsocket loomsocket's transcript
 * @param mismatches one line per difference; empty when the two agree
 * @param applied the ids of the known differences that rewrote oracle results or that lines
 *     marked {@code --!} showed
 * @param timingOnly true when every mismatch is a time outside its tolerance
 */
record Comparison(Scenario scenario, Transcript oracle, Transcript loomsocket,
        List<String> mismatches, List<String> applied, boolean timingOnly) {
    static final double ABSOLUTE = 0.1;
    static final double RELATIVE = 0.25;

    static Comparison of(Scenario scenario, Transcript rawOracle, Transcript rawLoomsocket) {
        List<String> applied = new ArrayList<>();
        Transcript oracle = Normalizer.ports(KnownDifferences.apply(rawOracle, applied));
        Transcript loomsocket = Normalizer.ports(rawLoomsocket);
        List<String> mismatches = new ArrayList<>();
        boolean timingOnly = true;
        double oracleSoFar = 0;
        double loomsocketSoFar = 0;
        if (oracle.failure() != null || loomsocket.failure() != null) {
            timingOnly = false;
            mismatches.add("run failed: C LuaSocket: " + oracle.failure() + "; loomsocket: "
                    + loomsocket.failure());
        }
        boolean peerWasBusy = false;
        int n = Math.max(oracle.entries().size(), loomsocket.entries().size());
        for (int i = 0; i < n; i++) {
            if (i >= oracle.entries().size() || i >= loomsocket.entries().size()) {
                mismatches.add("line " + (i + 1) + ": only one implementation got here");
                timingOnly = false;
                break;
            }
            Transcript.Entry a = oracle.entries().get(i);
            Transcript.Entry b = loomsocket.entries().get(i);
            peerWasBusy |= a.peerBusy() && b.peerBusy();
            oracleSoFar += a.elapsed();
            loomsocketSoFar += b.elapsed();
            String documented = Scenario.expectedDifference(a.line());
            if (documented != null) {
                if (a.result().equals(b.result())) {
                    mismatches.add("line " + (i + 1) + " " + a.line() + ": the documented difference '"
                            + documented + "' did not show: both gave " + a.result());
                    timingOnly = false;
                } else {
                    applied.add(documented);
                }
            } else if (!a.result().equals(b.result())) {
                if (a.peerBusy() && b.peerBusy() && PaceDependent.only(a.result(), b.result())) {
                    mismatches.add("line " + (i + 1) + " " + a.line() + ": how far the call got"
                            + " before its timeout, while the peer was still at work: "
                            + a.result() + " vs " + b.result());
                } else if (peerWasBusy && a.method().equals("drained")
                        && PaceDependent.onlyTheEnd(a.result(), b.result())) {
                    mismatches.add("line " + (i + 1) + " " + a.line() + ": the close came as "
                            + a.result() + " vs " + b.result() + ", after the peer sent during"
                            + " the calls");
                } else {
                    mismatches.add("line " + (i + 1) + " " + a.line() + ": result");
                    timingOnly = false;
                }
            } else if (a.bySubject()
                    && !close(a.elapsed(), b.elapsed(), a.delayed() + b.delayed())) {
                mismatches.add(String.format("line %d %s: took %.3f s vs %.3f s (load took %.3f s"
                        + " vs %.3f s of them)", i + 1, a.line(), a.elapsed(), b.elapsed(),
                        a.delayed(), b.delayed()));
            } else if (!closeAll(a.toleranced(), b.toleranced(),
                    Math.abs(oracleSoFar - loomsocketSoFar))) {
                mismatches.add("line " + (i + 1) + " " + a.line() + ": " + a.toleranced() + " vs "
                        + b.toleranced());
            }
        }
        return new Comparison(scenario, oracle, loomsocket, List.copyOf(mismatches),
                List.copyOf(applied), timingOnly && !mismatches.isEmpty());
    }

    static boolean close(double a, double b, double allowance) {
        return Math.abs(a - b)
                <= ABSOLUTE + RELATIVE * Math.max(Math.abs(a), Math.abs(b)) + allowance;
    }

    private static boolean closeAll(List<Double> a, List<Double> b, double allowance) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!close(a.get(i), b.get(i), allowance)) {
                return false;
            }
        }
        return true;
    }

    boolean agree() {
        return mismatches.isEmpty();
    }

    /** The scenario, both outputs side by side (differing lines marked), and the mismatches. */
    String report() {
        StringBuilder out = new StringBuilder();
        out.append("Scenario (replay it from a .scn file):\n").append(scenario.text()).append('\n');
        out.append(String.format("%-3s %-4s %-44s | %-40s | %s%n", "", "#", "line",
                oracle.subject(), loomsocket.subject()));
        boolean peerWasBusy = false;
        int n = Math.max(oracle.entries().size(), loomsocket.entries().size());
        for (int i = 0; i < n; i++) {
            Transcript.Entry a = i < oracle.entries().size() ? oracle.entries().get(i) : null;
            Transcript.Entry b = i < loomsocket.entries().size() ? loomsocket.entries().get(i) : null;
            String line = a != null ? a.line() : b.line();
            String left = a == null ? "-" : a.result() + timing(a);
            String right = b == null ? "-" : b.result() + timing(b);
            boolean same = a != null && b != null && a.result().equals(b.result());
            String mark = same ? "" : Scenario.expectedDifference(line) != null ? "!=" : "!!";
            out.append(String.format("%-3s %-4d %-44s | %-40s | %s%n", mark, i + 1,
                    line, left, right));
        }
        if (oracle.failure() != null) {
            out.append("C LuaSocket run failed: ").append(oracle.failure()).append('\n');
        }
        if (loomsocket.failure() != null) {
            out.append("loomsocket run failed: ").append(loomsocket.failure()).append('\n');
        }
        out.append("Mismatches:\n");
        mismatches.forEach(m -> out.append("  ").append(m).append('\n'));
        if (!applied.isEmpty()) {
            out.append("Documented differences seen (marked != above, or rewritten): ").append(applied)
                    .append('\n');
        }
        return out.toString();
    }

    private static String timing(Transcript.Entry e) {
        return e.bySubject() && e.elapsed() >= 0.01 ? String.format(" (%.3fs)", e.elapsed()) : "";
    }
}
