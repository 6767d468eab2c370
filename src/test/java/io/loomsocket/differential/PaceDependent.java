package io.loomsocket.differential;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Results that load can change while the peer works on its own thread, and only so. Two results
 * of a call that failed (a timeout, mostly) while the peer was still sending or reading, which
 * differ only in how far the call got: one partial a proper prefix of the other, or another
 * index of the last byte sent. How far a call gets before its timeout fires depends on where the
 * peer's bytes fall against that moment, which load moves. And two reports of the peer's drain
 * that differ only in whether the object's close came as an end of stream or as a reset
 * ({@link #onlyTheEnd}). When the results differ in nothing else, the difference is one of time,
 * and is judged as the elapsed times are ({@link Comparison}). A different message, a partial
 * that is not a prefix of the other, a result where the peer was idle: those are results, and
 * fail.
 */
final class PaceDependent {
    /** {@code nil, "MESSAGE", PARTIAL-OR-INDEX}, the last value a string or an integer. */
    private static final Pattern FAILURE =
            Pattern.compile("nil, (\"(?:[^\"\\\\]|\\\\.)*\"), (.+)");
    private static final Pattern SHORT = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern LONG = Pattern.compile("#(\\d+):[0-9a-f]{8}:\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");

    /** What {@code peer:drained()} says: the bytes, and how the stream ended. */
    private static final Pattern DRAINED = Pattern.compile("(.*), (eof|reset)");

    private PaceDependent() {}

    /**
     * Whether two reports of the peer's drain differ only in whether the object's close came as
     * an end of stream or as a reset. Linux resets a connection closed with bytes unread in its
     * receive queue; how many of the bytes the object had not consumed still sat in the kernel,
     * rather than in the object's buffer, depends on how the peer's pieces fell against its
     * reads, which load moves when the peer sent them during the calls.
     */
    static boolean onlyTheEnd(String a, String b) {
        Matcher x = DRAINED.matcher(a);
        Matcher y = DRAINED.matcher(b);
        return x.matches() && y.matches() && x.group(1).equals(y.group(1))
                && !x.group(2).equals(y.group(2));
    }

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
