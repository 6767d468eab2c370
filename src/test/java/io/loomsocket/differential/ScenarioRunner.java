package io.loomsocket.differential;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a scenario against one implementation with a fresh peer, and returns its transcript
 * (raw: {@link Normalizer} names the ports afterwards).
 */
final class ScenarioRunner {
    /** The longest a single step may take before the run counts as hung. */
    static final double STEP_LIMIT_SECONDS = 60;

    /**
     * {@code $NAME}, or {@code $NAME+N}: the port plus N (a port above 65535, say); or a string
     * literal (group 3), which is kept as it is, since a {@code $} in a string is a byte.
     */
    private static final Pattern VARIABLE = Pattern.compile(
            "\\$([A-Z]+)(?:\\+(\\d+))?|(\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*')");

    private ScenarioRunner() {}

    static Transcript run(Scenario scenario, Supplier<Subject> subjects) {
        Subject subject;
        try {
            subject = subjects.get();
        } catch (RuntimeException e) {
            return new Transcript("?", List.of(), "cannot start: " + e, Map.of());
        }
        Transcript.Builder transcript = new Transcript.Builder(subject.name());
        Map<String, Integer> ports = new HashMap<>();
        String failure = null;
        try (ScenarioPeer peer = new ScenarioPeer(); subject;
                HeldPort busy = HeldPort.listening();
                HeldPort refusing = HeldPort.refusing()) {
            ports.put("BUSY", busy.port());
            ports.put("CLOSED", refusing.port());
            for (String line : scenario.lines()) {
                String code = Scenario.code(line);
                boolean async = code.startsWith("async ");
                String body = async ? code.substring("async ".length()).strip() : code;
                if (peer.listenPort() >= 0) {
                    ports.put("PEER", peer.listenPort());
                }
                Statement statement = Statement.parse(substitute(body, ports));
                if ("peer".equals(statement.object())) {
                    String result;
                    if (async) {
                        peer.queue(statement, subject::port);
                        result = "queued";
                    } else {
                        result = peer.run(statement, subject::port);
                    }
                    transcript.add(new Transcript.Entry(line, statement.name(), false, result, 0,
                            0, false, List.of()));
                } else {
                    boolean peerBusy = peer.busy();
                    StepResult r = subject.step(statement, STEP_LIMIT_SECONDS);
                    transcript.add(new Transcript.Entry(line, statement.name(), true, r.result(),
                            r.elapsed(), r.delayed(), peerBusy, r.toleranced()));
                }
                if (peer.socketPort() >= 0 && peer.socketPort() != peer.listenPort()) {
                    ports.put("PEERSIDE", peer.socketPort());
                }
                if (peer.listenPort() >= 0) {
                    ports.put("PEER", peer.listenPort());
                }
            }
        } catch (Exception e) {
            failure = e.toString();
        }
        return transcript.build(failure, ports);
    }

    private static String substitute(String line, Map<String, Integer> ports) {
        Matcher m = VARIABLE.matcher(line);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            if (m.group(3) != null) {
                m.appendReplacement(out, Matcher.quoteReplacement(m.group(3)));
                continue;
            }
            Integer port = ports.get(m.group(1));
            if (port == null) {
                throw new IllegalArgumentException("$" + m.group(1) + " is not known here: " + line);
            }
            long value = port + (m.group(2) == null ? 0L : Long.parseLong(m.group(2)));
            m.appendReplacement(out, Long.toString(value));
        }
        return m.appendTail(out).toString();
    }
}
