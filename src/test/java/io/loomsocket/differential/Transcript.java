package io.loomsocket.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one implementation did with a scenario: one entry per line, in order.
 *
 * @param subject the implementation's name
 * @param entries the results
 * @param failure why the run stopped early (a hang, an oracle crash), or null
 * @param ports the ports this run used, by name ({@code PEER}, {@code BUSY}, ...)
 */
record Transcript(String subject, List<Entry> entries, String failure, Map<String, Integer> ports) {
    /**
     * One line's outcome.
     *
     * @param line the line as the scenario wrote it
     * @param method the function, method or peer operation
     * @param bySubject true for a subject step, false for a peer operation
     * @param result the canonical result, normalised ({@link Normalizer})
     * @param elapsed seconds the step took (0 for peer operations)
     * @param delayed seconds of them that load took ({@link StepResult#delayed()})
     * @param peerBusy whether the peer was acting on its own thread when the step began
     *     ({@link ScenarioPeer#busy()})
     * @param toleranced values compared within a tolerance
     */
    record Entry(String line, String method, boolean bySubject, String result, double elapsed,
            double delayed, boolean peerBusy, List<Double> toleranced) {
        Entry withResult(String newResult) {
            return new Entry(line, method, bySubject, newResult, elapsed, delayed, peerBusy,
                    toleranced);
        }
    }

    Transcript withEntries(List<Entry> newEntries) {
        return new Transcript(subject, List.copyOf(newEntries), failure, ports);
    }

    static final class Builder {
        private final String subject;
        private final List<Entry> entries = new ArrayList<>();

        Builder(String subject) {
            this.subject = subject;
        }

        void add(Entry entry) {
            entries.add(entry);
        }

        Transcript build(String failure, Map<String, Integer> ports) {
            return new Transcript(subject, List.copyOf(entries), failure, Map.copyOf(ports));
        }
    }
}
