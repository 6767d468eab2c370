package io.loomsocket.differential;

import io.loomsocket.Linger;
import io.loomsocket.TcpSocket;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The canonical form of a step's result, exactly as src/test/lua/oracle.lua prints it: the
 * returned values without trailing nils ("nil" when none is left) joined by ", "; strings
 * quoted, and long ones (over 64 bytes) as {@code #LENGTH:FNV1A32:"first 24 bytes"}; integral
 * numbers as integers, others as C's {@code %.14g} (Lua's own number format); an object as its
 * class; a linger value as {@code {on=..., timeout=...}}; a raised error as {@code "error: "}
 * and its message.
 */
final class Canonical {
    static final int LONG = 64;
    static final int SHOWN = 24;
    /** The marker for a value compared within a tolerance instead of exactly (getstats' age). */
    static final String TOLERANCED = "~";

    private Canonical() {}

    /** The canonical list of returned values. */
    static String values(Object... values) {
        int n = values.length;
        while (n > 0 && values[n - 1] == null) {
            n--;
        }
        if (n == 0) {
            return "nil";
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            parts.add(value(values[i]));
        }
        return String.join(", ", parts);
    }

    /** A raised error. */
    static String error(String message) {
        return "error: " + message;
    }

    static String value(Object v) {
        if (v == null) {
            return "nil";
        }
        if (v instanceof Tolerance) {
            return TOLERANCED;
        }
        if (v instanceof Boolean b) {
            return b.toString();
        }
        if (v instanceof Number n) {
            return number(n);
        }
        if (v instanceof byte[] bytes) {
            return string(bytes);
        }
        if (v instanceof String s) {
            return string(s.getBytes(StandardCharsets.ISO_8859_1));
        }
        if (v instanceof Linger linger) {
            return "{on=" + linger.on() + ", timeout=" + linger.timeout() + "}";
        }
        if (v instanceof Map<?, ?> table) {
            return "{on=" + value(table.get("on")) + ", timeout=" + value(table.get("timeout")) + "}";
        }
        if (v instanceof TcpSocket socket) {
            return socket.className();
        }
        if (v instanceof Fd) {
            return "fd";
        }
        return "<" + v.getClass().getSimpleName() + ">";
    }

    /** Marks a value compared within a tolerance. */
    enum Tolerance { VALUE }

    /** Stands for a valid descriptor, whose number differs from run to run. */
    enum Fd { VALID }

    static String string(byte[] bytes) {
        if (bytes.length <= LONG) {
            return '"' + escape(bytes, bytes.length) + '"';
        }
        return String.format("#%d:%08x:\"%s\"", bytes.length, fnv1a32(bytes),
                escape(bytes, SHOWN));
    }

    /**
     * The first {@code length} bytes as the inside of a string literal that Lua and {@link
     * LuaLiteral} read back: printable ASCII as is, {@code \n \r \t \" \\}, others as {@code \xHH}.
     */
    static String escape(byte[] bytes, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int c = bytes[i] & 0xFF;
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c >= 0x7F) {
                        out.append(String.format("\\x%02x", c));
                    } else {
                        out.append((char) c);
                    }
                }
            }
        }
        return out.toString();
    }

    static int fnv1a32(byte[] bytes) {
        int hash = 0x811c9dc5;
        for (byte b : bytes) {
            hash = (hash ^ (b & 0xFF)) * 0x01000193;
        }
        return hash;
    }

    /** Lua's rendering: an integral value as an integer, any other as C's %.14g. */
    static String number(Number n) {
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            return Long.toString(n.longValue());
        }
        double d = n.doubleValue();
        if (d == Math.rint(d) && Math.abs(d) < 0x1p63) {
            return Long.toString((long) d);
        }
        return percentG14(d);
    }

    /** C's {@code %.14g}. */
    static String percentG14(double d) {
        if (Double.isNaN(d)) {
            return d > 0 ? "nan" : "-nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        BigDecimal rounded = new BigDecimal(d).round(new MathContext(14, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= 14) {
            BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
            String digits = mantissa.toPlainString();
            return digits + (exponent < 0 ? "e-" : "e+")
                    + String.format("%02d", Math.abs(exponent));
        }
        String plain = rounded.stripTrailingZeros().toPlainString();
        return plain;
    }
}
