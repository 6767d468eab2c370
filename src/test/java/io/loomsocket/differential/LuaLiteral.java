package io.loomsocket.differential;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The argument lists of scenario steps: the Lua literals that src/test/lua/oracle.lua evaluates
 * with Lua itself. {@code nil} is null, booleans are {@link Boolean}, integer literals {@link
 * Long}, float literals {@link Double}, strings {@code byte[]} (Lua strings are bytes), {@code
 * {name = value}} tables {@link Map}, and {@code rep(s, n)} is Lua's {@code string.rep}. Strings
 * join with Lua's {@code ..} ({@code "unix " .. rep("x", 5) .. "line\n"}); this parser takes
 * only strings as its operands.
 */
final class LuaLiteral {
    private final String text;
    private int at;

    private LuaLiteral(String text) {
        this.text = text;
    }

    /** The values of a comma-separated list (empty text: no values). */
    static List<Object> parseList(String text) {
        LuaLiteral parser = new LuaLiteral(text);
        List<Object> values = new ArrayList<>();
        parser.skipSpace();
        if (parser.at == text.length()) {
            return values;
        }
        values.add(parser.expression());
        while (parser.peek(',')) {
            parser.at++;
            values.add(parser.expression());
        }
        parser.skipSpace();
        if (parser.at != text.length()) {
            throw parser.error("unexpected text");
        }
        return values;
    }

    /** A value, or strings joined by {@code ..}. */
    private Object expression() {
        Object first = value();
        if (!peekConcatenation()) {
            return first;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(operand(first));
        while (peekConcatenation()) {
            at += 2;
            out.writeBytes(operand(value()));
        }
        return out.toByteArray();
    }

    private boolean peekConcatenation() {
        skipSpace();
        return text.startsWith("..", at);
    }

    private byte[] operand(Object value) {
        if (!(value instanceof byte[] bytes)) {
            throw error("'..' joins strings only, got " + typeName(value));
        }
        return bytes;
    }

    private Object value() {
        skipSpace();
        if (at >= text.length()) {
            throw error("a value expected");
        }
        char c = text.charAt(at);
        if (c == '"' || c == '\'') {
            return string(c);
        }
        if (c == '{') {
            return table();
        }
        if (c == '-' || c == '.' || Character.isDigit(c)) {
            return number();
        }
        String word = word();
        switch (word) {
            case "nil":
                return null;
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            case "rep":
                return rep();
            default:
                throw error("unknown word '" + word + "'");
        }
    }

    private byte[] rep() {
        expect('(');
        Object unit = expression();
        expect(',');
        Object count = expression();
        expect(')');
        if (!(unit instanceof byte[] bytes) || !(count instanceof Number n)) {
            throw error("rep(string, count) expected");
        }
        int times = Math.max(0, n.intValue());
        byte[] out = new byte[Math.multiplyExact(bytes.length, times)];
        for (int i = 0; i < times; i++) {
            System.arraycopy(bytes, 0, out, i * bytes.length, bytes.length);
        }
        return out;
    }

    private Map<String, Object> table() {
        expect('{');
        Map<String, Object> fields = new LinkedHashMap<>();
        skipSpace();
        while (!peek('}')) {
            String name = word();
            expect('=');
            fields.put(name, expression());
            skipSpace();
            if (peek(',')) {
                at++;
            } else if (!peek('}')) {
                throw error("',' or '}' expected");
            }
        }
        expect('}');
        return fields;
    }

    private Object number() {
        int start = at;
        if (text.charAt(at) == '-') {
            at++;
        }
        while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at))
                || text.charAt(at) == '.'
                || ((text.charAt(at) == '-' || text.charAt(at) == '+')
                        && "eE".indexOf(text.charAt(at - 1)) >= 0))) {
            at++;
        }
        String literal = text.substring(start, at);
        try {
            if (literal.matches("-?\\d+")) {
                return Long.parseLong(literal);
            }
            return Double.parseDouble(literal);
        } catch (NumberFormatException e) {
            throw error("bad number '" + literal + "'");
        }
    }

    private byte[] string(char quote) {
        at++;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            if (at >= text.length()) {
                throw error("unfinished string");
            }
            char c = text.charAt(at++);
            if (c == quote) {
                return out.toByteArray();
            }
            if (c != '\\') {
                if (c > 0xFF) {
                    throw error("a char that is not a byte");
                }
                out.write(c);
                continue;
            }
            char e = text.charAt(at++);
            switch (e) {
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'a' -> out.write(7);
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'v' -> out.write(11);
                case '\\', '"', '\'' -> out.write(e);
                case 'x' -> {
                    out.write(Integer.parseInt(text.substring(at, at + 2), 16));
                    at += 2;
                }
                default -> {
                    if (!Character.isDigit(e)) {
                        throw error("unknown escape \\" + e);
                    }
                    int end = at - 1;
                    while (end < text.length() && end < at + 2 && Character.isDigit(text.charAt(end))) {
                        end++;
                    }
                    out.write(Integer.parseInt(text.substring(at - 1, end)));
                    at = end;
                }
            }
        }
    }

    private String word() {
        skipSpace();
        int start = at;
        while (at < text.length()
                && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
            at++;
        }
        if (start == at) {
            throw error("a name expected");
        }
        return text.substring(start, at);
    }

    private void expect(char c) {
        skipSpace();
        if (at >= text.length() || text.charAt(at) != c) {
            throw error("'" + c + "' expected");
        }
        at++;
    }

    private boolean peek(char c) {
        skipSpace();
        return at < text.length() && text.charAt(at) == c;
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at " + at + " in: " + text);
    }

    /** Lua's tostring for the values a scenario passes where LuaSocket wants a string. */
    static byte[] toBytes(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof Number number) {
            return Canonical.number(number).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        throw new IllegalArgumentException("string expected, got " + typeName(value));
    }

    /** Lua's type name of a value, as LuaSocket's argument errors print it. */
    static String typeName(Object value) {
        if (value == null) {
            return "nil";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof byte[]) {
            return "string";
        }
        if (value instanceof Map) {
            return "table";
        }
        return value.getClass().getSimpleName();
    }

    /** Lua source text for a value, for scenario lines that the generator writes. */
    static String source(Object value) {
        if (value == null) {
            return "nil";
        }
        if (value instanceof byte[] bytes) {
            return quote(bytes);
        }
        if (value instanceof Number number) {
            return number instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)
                    ? Canonical.number(number) + ".0" : Canonical.number(number);
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            map.forEach((k, v) -> out.append(out.length() > 1 ? ", " : "").append(k).append(" = ")
                    .append(source(v)));
            return out.append('}').toString();
        }
        return String.valueOf(value);
    }

    /** A Lua string literal for any bytes; long runs of one byte become rep(...). */
    static String quote(byte[] bytes) {
        if (bytes.length > 64 && allSame(bytes)) {
            return "rep(" + quote(Arrays.copyOf(bytes, 1)) + ", " + bytes.length + ")";
        }
        return '"' + Canonical.escape(bytes, bytes.length) + '"';
    }

    private static boolean allSame(byte[] bytes) {
        for (byte b : bytes) {
            if (b != bytes[0]) {
                return false;
            }
        }
        return true;
    }
}
