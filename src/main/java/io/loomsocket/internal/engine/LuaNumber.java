package io.loomsocket.internal.engine;

/**
 * Lua's string-to-number rule, for the places where LuaSocket accepts a numeric string: decimal
 * or hexadecimal, integer or float, surrounded by optional whitespace. Not {@code "inf"} or
 * {@code "nan"}, and none of Java's suffixes ({@code "1d"}).
 *
 * <p>One left-to-right scan checks the shape, so the time is linear in the length: the text
 * comes from the caller (a receive pattern may be any string), and a regular expression with
 * nested repetitions backtracks quadratically over a long run of digits that ends badly.
 */
public final class LuaNumber {
    private LuaNumber() {}

    /** The number the text denotes, or {@code null} when Lua would not convert it. */
    public static Double parse(String text) {
        int from = 0;
        int to = text.length();
        while (from < to && isLuaSpace(text.charAt(from))) {
            from++;
        }
        while (to > from && isLuaSpace(text.charAt(to - 1))) {
            to--;
        }
        int at = from;
        boolean negative = false;
        if (at < to && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
            negative = text.charAt(at) == '-';
            at++;
        }
        if (at + 1 < to && text.charAt(at) == '0' && (text.charAt(at + 1) | 0x20) == 'x') {
            return hexadecimal(text, at + 2, to, negative);
        }
        return decimal(text, from, at, to);
    }

    /**
     * {@code digits [. digits] [e [sign] digits]} with at least one mantissa digit: the shape
     * C's strtod reads; Java's parser then gives the same correctly rounded value.
     */
    private static Double decimal(String text, int from, int at, int to) {
        int intDigits = decimalDigits(text, at, to);
        int i = at + intDigits;
        int fractionDigits = 0;
        if (i < to && text.charAt(i) == '.') {
            fractionDigits = decimalDigits(text, i + 1, to);
            i += 1 + fractionDigits;
        }
        if (intDigits + fractionDigits == 0) {
            return null;
        }
        if (i < to && (text.charAt(i) | 0x20) == 'e') {
            i = exponentEnd(text, i + 1, to); // -1 without a digit, which is never `to`
        }
        if (i != to) {
            return null;
        }
        return Double.parseDouble(text.substring(from, to));
    }

    /**
     * After {@code 0x}: {@code hexdigits [. hexdigits] [p [sign] digits]}. Without a point or an
     * exponent it is an integer, which Lua reads modulo 2^64; otherwise a float.
     */
    private static Double hexadecimal(String text, int at, int to, boolean negative) {
        int intDigits = hexDigits(text, at, to);
        int i = at + intDigits;
        boolean point = false;
        int fractionDigits = 0;
        if (i < to && text.charAt(i) == '.') {
            point = true;
            fractionDigits = hexDigits(text, i + 1, to);
            i += 1 + fractionDigits;
        }
        if (intDigits + fractionDigits == 0) {
            return null;
        }
        boolean exponent = false;
        if (i < to && (text.charAt(i) | 0x20) == 'p') {
            exponent = true;
            i = exponentEnd(text, i + 1, to); // -1 without a digit, which is never `to`
        }
        if (i != to) {
            return null;
        }
        if (!point && !exponent) {
            // Only the last 16 digits matter modulo 2^64.
            int start = Math.max(at, at + intDigits - 16);
            long value = Long.parseUnsignedLong(text.substring(start, at + intDigits), 16);
            return (double) (negative ? -value : value);
        }
        String body = text.substring(at, to);
        double value = Double.parseDouble("0x" + (exponent ? body : body + "p0"));
        return negative ? -value : value;
    }

    /** The index after {@code [sign] digits} starting at {@code at}, or -1 if there is no digit. */
    private static int exponentEnd(String text, int at, int to) {
        int i = at;
        if (i < to && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            i++;
        }
        int digits = decimalDigits(text, i, to);
        return digits == 0 ? -1 : i + digits;
    }

    private static int decimalDigits(String text, int at, int to) {
        int i = at;
        while (i < to && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i - at;
    }

    private static int hexDigits(String text, int at, int to) {
        int i = at;
        while (i < to && isHexDigit(text.charAt(i))) {
            i++;
        }
        return i - at;
    }

    /**
     * ASCII only, as C's {@code isxdigit} in Lua's C locale: {@link Character#digit} would also
     * take other scripts' digits (Arabic-Indic, fullwidth), which Lua rejects.
     */
    private static boolean isHexDigit(char c) {
        char lower = (char) (c | 0x20);
        return (c >= '0' && c <= '9') || (lower >= 'a' && lower <= 'f');
    }

    /** Lua skips only the C locale's spaces: space, \t, \n, \v, \f and \r. */
    private static boolean isLuaSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }
}
