package io.loomsocket.differential;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two results of a call that timed out (or failed otherwise) while the peer was still sending or
 * reading on its own thread, which differ only in how far the call got: one partial a proper
 * prefix of the other, or another index of the last byte sent. How far a call gets before its
 * timeout fires depends on where the peer's bytes fall against that moment, which load moves;
 * when the results differ in nothing else, the difference is one of time, and is judged as the
 * elapsed times are ({@link Comparison}). A different message, a partial that is not a prefix of
 * the other, a result where the peer was idle: those are results, and fail.
 */
final class PaceDependent {
    /** {@code nil, "MESSAGE", PARTIAL-OR-INDEX}, the last value a string or an integer. */
    private static final Pattern FAILURE =
            Pattern.compile("nil, (\"(?:[^\"\\\\]|\\\\.)*\"), (.+)");
    private static final Pattern SHORT = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern LONG = Pattern.compile("#(\\d+):[0-9a-f]{8}:\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");

    private PaceDependent() {}

    /** Whether {@code a} and {@code b} differ only in how far the call got, as above. */
    static boolean only(String a, String b) {
        Matcher x = FAILURE.matcher(a);
        Matcher y = FAILURE.matcher(b);
        if (!x.matches() || !y.matches() || !x.group(1).equals(y.group(1))) {
            return false;
        }
        String p = x.group(2);
        String q = y.group(2);
        if (INTEGER.matcher(p).matches() && INTEGER.matcher(q).matches()) {
            return !p.equals(q);
        }
        return prefix(p, q) || prefix(q, p);
    }

    /** Whether the canonical string {@code shorter} is a proper prefix of {@code longer}. */
    private static boolean prefix(String shorter, String longer) {
        Matcher s = SHORT.matcher(shorter);
        if (s.matches()) {
            Matcher l = SHORT.matcher(longer);
            if (l.matches()) {
                return l.group(1).length() > s.group(1).length()
                        && l.group(1).startsWith(s.group(1));
            }
            Matcher big = LONG.matcher(longer);
            // A long string shows its first bytes only: a short one that begins it may be its
            // prefix, or begins where those bytes end.
            return big.matches() && (big.group(2).startsWith(s.group(1))
                    || s.group(1).startsWith(big.group(2)));
        }
        Matcher big = LONG.matcher(shorter);
        Matcher bigger = LONG.matcher(longer);
        return big.matches() && bigger.matches()
                && Long.parseLong(bigger.group(1)) > Long.parseLong(big.group(1))
                && bigger.group(2).equals(big.group(2));
    }
}
