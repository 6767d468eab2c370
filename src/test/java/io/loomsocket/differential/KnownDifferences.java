package io.loomsocket.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

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
     * @param rewrite the oracle's result as loomsocket gives it
     */
    record Rule(String id, String reason, Predicate<Transcript.Entry> applies,
            UnaryOperator<String> rewrite) {}

    static final List<Rule> RULES = List.of(
            new Rule("getsockname-port-type",
                    "LuaSocket 3.1.0 returns getsockname's port as a string (fixed after the"
                            + " release); loomsocket's Address has an int port",
                    e -> e.bySubject() && e.method().equals("getsockname"),
                    r -> r.replaceFirst("^(\"[^\"]*\"), \"(\\d+)\", ", "$1, $2, ")),
            new Rule("linger-off-timeout",
                    "with linger off, Linux still reports the last timeout set; the JDK reports"
                            + " only that linger is off, so loomsocket's Linger has timeout 0",
                    e -> e.bySubject() && e.method().equals("getoption"),
                    r -> r.replaceFirst("^\\{on=false, timeout=\\d+\\}$", "{on=false, timeout=0}")));

    private KnownDifferences() {}

    /** The oracle's transcript with every rule applied, and the ids of the rules that changed it. */
    static Transcript apply(Transcript oracle, List<String> applied) {
        List<Transcript.Entry> entries = new ArrayList<>();
        for (Transcript.Entry e : oracle.entries()) {
            for (Rule rule : RULES) {
                if (rule.applies().test(e)) {
                    String rewritten = rule.rewrite().apply(e.result());
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
