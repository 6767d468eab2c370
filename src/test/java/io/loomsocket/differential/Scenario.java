package io.loomsocket.differential;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A scenario: lines that both implementations run against the same kind of peer. A line is a
 * subject step ({@link Statement}), a peer operation ({@code peer:OP(ARGS)}, see {@link
 * ScenarioPeer}), or a queued one ({@code async peer:OP(ARGS)}). {@code $PEER} is the peer's
 * listening port, {@code $BUSY} a port where a listener of the test's own is bound, and {@code
 * $CLOSED} a port where nothing listens; {@code $NAME+N} is that port plus N (so {@code
 * $CLOSED+65536} names the same port above the 16-bit range). Besides LuaSocket's methods, a
 * step may call the compound {@code receiveuntil} and {@code senduntil}, the retry loops of
 * non-blocking code (described in {@link LoomsocketSubject}).
 *
 * <p>Files hold several: {@code == name} starts one; {@code --} starts a comment, and {@code
 * --! ID} marks a line where the two implementations must differ, by the documented difference
 * ID (the comparison fails if they agree there). Two shorthands expand to the steps that make a
 * connection:
 *
 * <pre>
 *   &#64;client NAME [HOST]    peer:listen(HOST); NAME = socket.connect(HOST, $PEER); peer:accept()
 *   &#64;accepted NAME [HOST]  NAMEs = socket.bind(HOST, 0); peer:connect("NAMEs");
 *                         NAME = NAMEs:accept(); NAMEs:close()
 * </pre>
 *
 * @param name what the scenario checks
 * @param lines the lines, shorthands expanded
 */
record Scenario(String name, List<String> lines) {
    Scenario {
        lines = expand(lines);
    }

    /** The scenarios of a file. */
    static List<Scenario> load(Path file) throws IOException {
        List<Scenario> scenarios = new ArrayList<>();
        String name = null;
        List<String> lines = new ArrayList<>();
        for (String raw : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            String line = stripComment(raw).strip();
            if (raw.startsWith("==")) {
                if (name != null) {
                    scenarios.add(new Scenario(name, lines));
                }
                name = raw.substring(2).strip();
                lines = new ArrayList<>();
            } else if (!line.isEmpty()) {
                if (name == null) {
                    throw new IllegalArgumentException(file + ": a line before the first '== name'");
                }
                lines.add(line);
            }
        }
        if (name != null) {
            scenarios.add(new Scenario(name, lines));
        }
        return scenarios;
    }

    /** The marker of a line whose results must differ, by a documented difference. */
    static final String DIFFERS = "  --! ";

    /** The documented difference a line must show ({@code --! ID} at its end), or null. */
    static String expectedDifference(String line) {
        int at = line.lastIndexOf(DIFFERS);
        return at < 0 ? null : line.substring(at + DIFFERS.length()).strip();
    }

    /** The line without its {@code --!} marker. */
    static String code(String line) {
        int at = line.lastIndexOf(DIFFERS);
        return at < 0 ? line : line.substring(0, at).strip();
    }

    /**
     * Drops a {@code --} comment that is not inside a string; a {@code --! ID} marker stays (as
     * {@link #DIFFERS} and the id).
     */
    private static String stripComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '-' && i + 1 < line.length() && line.charAt(i + 1) == '-') {
                String code = line.substring(0, i).strip();
                if (i + 2 < line.length() && line.charAt(i + 2) == '!') {
                    return code + DIFFERS + line.substring(i + 3).strip();
                }
                return code;
            }
        }
        return line;
    }

    private static List<String> expand(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String[] words = line.split("\\s+");
            String host = words.length > 2 ? words[2] : "127.0.0.1";
            switch (words[0]) {
                case "@client" -> {
                    out.add("peer:listen(\"" + host + "\")");
                    out.add(words[1] + " = socket.connect(\"" + host + "\", $PEER)");
                    out.add("peer:accept()");
                }
                case "@accepted" -> {
                    String server = words[1] + "s";
                    out.add(server + " = socket.bind(\"" + host + "\", 0)");
                    out.add("peer:connect(\"" + server + "\", \"" + host + "\")");
                    out.add(words[1] + " = " + server + ":accept()");
                    out.add(server + ":close()");
                }
                default -> out.add(line);
            }
        }
        return List.copyOf(out);
    }

    /** The scenario as a file would hold it, for reports and for replaying a generated one. */
    String text() {
        return "== " + name + "\n" + String.join("\n", lines) + "\n";
    }
}
