package io.loomsocket.differential;

import io.loomsocket.internal.engine.LuaNumber;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Where loomsocket differs from C LuaSocket on purpose, in a form the comparison can apply: each
 * rule rewrites the oracle's result into the result loomsocket gives by design, and is counted
 * when it does. Every rule is in the README's table of differences with its reason; a rule that
 * hides a behaviour instead of a representation does not belong here.
 */
final class KnownDifferences {
    /**
     * One deliberate difference.
     *
     * @param id a short name, used in reports and in the README's table
     * @param reason why loomsocket differs
     * @param applies which oracle entries it concerns
     * @param rewrite the oracle's result as loomsocket gives it, from the oracle's entry
     */
    record Rule(String id, String reason, Predicate<Transcript.Entry> applies,
            Function<Transcript.Entry, String> rewrite) {}

    static final List<Rule> RULES = List.of(
            new Rule("getsockname-port-type",
                    "LuaSocket 3.1.0 returns getsockname's port as a string (fixed after the"
                            + " release); loomsocket's Address has an int port",
                    e -> e.bySubject() && e.method().equals("getsockname"),
                    e -> e.result().replaceFirst("^(\"[^\"]*\"), \"(\\d+)\", ", "$1, $2, ")),
            new Rule("linger-off-timeout",
                    "with linger off, Linux still reports the last timeout set; the JDK reports"
                            + " only that linger is off, so loomsocket's Linger has timeout 0",
                    e -> e.bySubject() && e.method().equals("getoption"),
                    e -> e.result().replaceFirst("^\\{on=false, timeout=\\d+\\}$",
                            "{on=false, timeout=0}")),
            new Rule("errors-name-the-value",
                    "a raised error names the bad value: LuaSocket's text, then the value"
                            + " (`invalid receive pattern \"*x\" ...`, `invalid timeout mode"
                            + " \"x\" ...`), and a negative count is called a count (`invalid"
                            + " receive count -1 ...`), where LuaSocket says `invalid receive"
                            + " pattern` for both",
                    e -> e.bySubject() && (e.result().equals("error: invalid receive pattern")
                            || e.result().equals("error: invalid timeout mode")),
                    KnownDifferences::namingTheValue));

    private KnownDifferences() {}

    /** The raised error's text as loomsocket words it for the entry's argument. */
    private static String namingTheValue(Transcript.Entry e) {
        Statement step = Statement.parse(e.line());
        if (e.result().equals("error: invalid timeout mode")) {
            return "error: invalid timeout mode " + quoted(text(step.arg(1)))
                    + " (\"b\" for block, \"t\" for total)";
        }
        Object pattern = step.arg(0);
        if (pattern instanceof Long count) {
            return "error: invalid receive count " + count + " (a count is 0 or more)";
        }
        String shown = pattern instanceof Double count ? Canonical.number(count) : text(pattern);
        if (LuaNumber.parse(shown) != null) {
            return "error: invalid receive count " + quoted(shown) + " (a count is 0 or more)";
        }
        return "error: invalid receive pattern " + quoted(shown) + " (\"*l\", \"*a\" or a count)";
    }

    private static String text(Object literal) {
        return literal instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1)
                : String.valueOf(literal);
    }

    /** As loomsocket quotes a value in a message (io.loomsocket.Shown). */
    private static String quoted(String text) {
        StringBuilder shown = new StringBuilder("\"");
        for (int i = 0; i < Math.min(text.length(), 40); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> shown.append("\\n");
                case '\r' -> shown.append("\\r");
                case '\t' -> shown.append("\\t");
                case '"' -> shown.append("\\\"");
                case '\\' -> shown.append("\\\\");
                default -> shown.append(c < 0x20 || c == 0x7f
                        ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return shown.append('"').append(text.length() > 40 ? "..." : "").toString();
    }

    /** The oracle's transcript with every rule applied, and the ids of the rules that changed it. */
    static Transcript apply(Transcript oracle, List<String> applied) {
        List<Transcript.Entry> entries = new ArrayList<>();
        for (Transcript.Entry e : oracle.entries()) {
            for (Rule rule : RULES) {
                if (rule.applies().test(e)) {
                    String rewritten = rule.rewrite().apply(e);
                    if (!rewritten.equals(e.result())) {
                        applied.add(rule.id());
                        e = e.withResult(rewritten);
                    }
                }
            }
            entries.add(e);
        }
        return oracle.withEntries(entries);
    }
}
