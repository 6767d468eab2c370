package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The linear scanner of {@link LuaNumber} against the regular expressions it replaced, which
 * the differential suite had checked against Lua (and which are fine on short texts): the same
 * answer for every short text built from the characters that matter.
 */
class LuaNumberPropertyTest {
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern HEX = Pattern.compile(
            "[+-]?0[xX]([0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)([pP][+-]?\\d+)?");

    @Property(tries = 3000)
    void sameAnswerAsTheRegularExpressions(@ForAll("numberLike") String text) {
        assertEquals(reference(text), LuaNumber.parse(text), () -> "\"" + text + "\"");
    }

    @Provide
    Arbitrary<String> numberLike() {
        return Arbitraries.strings().withChars("0123456789abcdefxXpPeE.+- \t\u000bgn")
                .ofMaxLength(12);
    }

    /** The former implementation, kept as the model. */
    private static Double reference(String text) {
        int from = 0;
        int to = text.length();
        while (from < to && isLuaSpace(text.charAt(from))) {
            from++;
        }
        while (to > from && isLuaSpace(text.charAt(to - 1))) {
            to--;
        }
        String trimmed = text.substring(from, to);
        if (DECIMAL.matcher(trimmed).matches()) {
            return Double.parseDouble(trimmed);
        }
        if (HEX.matcher(trimmed).matches()) {
            boolean negative = trimmed.startsWith("-");
            String body = trimmed.replaceFirst("^[+-]?0[xX]", "");
            if (!body.contains(".") && !body.contains("p") && !body.contains("P")) {
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

    private static boolean isLuaSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }
}
