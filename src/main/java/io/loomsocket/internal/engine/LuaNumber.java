package io.loomsocket.internal.engine;

import java.util.regex.Pattern;

/**
 * Lua's string-to-number rule, for the places where LuaSocket accepts a numeric string: decimal
 * or hexadecimal, integer or float, surrounded by optional whitespace. Not {@code "inf"} or
 * {@code "nan"}, and none of Java's suffixes ({@code "1d"}).
 */
public final class LuaNumber {
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern HEX =
            Pattern.compile("[+-]?0[xX]([0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)([pP][+-]?\\d+)?");

    private LuaNumber() {}

    /** Lua skips only the C locale's spaces: space, \t, \n, \v, \f and \r. */
    private static String trimLuaSpace(String text) {
        int from = 0;
        int to = text.length();
        while (from < to && isLuaSpace(text.charAt(from))) {
            from++;
        }
        while (to > from && isLuaSpace(text.charAt(to - 1))) {
            to--;
        }
        return text.substring(from, to);
    }

    private static boolean isLuaSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    /** The number the text denotes, or {@code null} when Lua would not convert it. */
    public static Double parse(String text) {
        String trimmed = trimLuaSpace(text);
        if (DECIMAL.matcher(trimmed).matches()) {
            return Double.parseDouble(trimmed);
        }
        if (HEX.matcher(trimmed).matches()) {
            boolean negative = trimmed.startsWith("-");
            String body = trimmed.replaceFirst("^[+-]?0[xX]", "");
            if (!body.contains(".") && !body.contains("p") && !body.contains("P")) {
                // Lua reads hexadecimal integers modulo 2^64.
                long value = Long.parseUnsignedLong(
                        body.length() > 16 ? body.substring(body.length() - 16) : body, 16);
                return (double) (negative ? -value : value);
            }
            String normalized = body.contains("p") || body.contains("P") ? body : body + "p0";
            double value = Double.parseDouble("0x" + normalized);
            return negative ? -value : value;
        }
        return null;
    }
}
