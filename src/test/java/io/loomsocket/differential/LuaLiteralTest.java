package io.loomsocket.differential;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The scenario argument syntax, which must read what Lua reads. */
class LuaLiteralTest {

    @Property(tries = 500)
    void everyByteStringQuotesAndParsesBack(@ForAll byte[] bytes) {
        List<Object> values = LuaLiteral.parseList(LuaLiteral.quote(bytes));
        assertArrayEquals(bytes, (byte[]) values.get(0));
    }

    @Test
    void literalsOfEveryKind() {
        List<Object> values = LuaLiteral.parseList(
                "nil, true, false, 3, -2.5, 1e3, \"a\\r\\n\\0\\65\\x41\", 'q', {on = true, timeout = 3},"
                        + " rep(\"ab\", 3)");
        assertNull(values.get(0));
        assertEquals(true, values.get(1));
        assertEquals(false, values.get(2));
        assertEquals(3L, values.get(3));
        assertEquals(-2.5, values.get(4));
        assertEquals(1000.0, values.get(5));
        assertArrayEquals(latin1("a\r\n\0AA"), (byte[]) values.get(6));
        assertArrayEquals(latin1("q"), (byte[]) values.get(7));
        assertEquals(Map.of("on", true, "timeout", 3L), values.get(8));
        assertArrayEquals(latin1("ababab"), (byte[]) values.get(9));
        assertEquals(List.of(), LuaLiteral.parseList("  "));
    }

    @Test
    void badSyntaxNamesWhereItIs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LuaLiteral.parseList("1, frob"));
        assertEquals("unknown word 'frob' at 7 in: 1, frob", e.getMessage());
    }

    @Test
    void numbersRenderAsLuaPrintsThem() {
        assertEquals("3", Canonical.number(3.0));
        assertEquals("-1", Canonical.number(-1L));
        assertEquals("0.15", Canonical.number(0.15));
        assertEquals("0.33333333333333", Canonical.number(1.0 / 3));
        assertEquals("1.844674407371e+19", Canonical.number(0x1p64));
        assertEquals("1e-05", Canonical.number(0.00001));
        assertEquals("0.0001", Canonical.number(0.0001));
    }

    @Test
    void longStringsRenderAsLengthDigestAndStart() {
        byte[] bytes = new byte[100];
        assertEquals("#100:" + String.format("%08x", Canonical.fnv1a32(bytes)) + ":\""
                + "\\x00".repeat(24) + "\"", Canonical.string(bytes));
        assertEquals("\"a\\\"b\\\\\\xff\"", Canonical.string(new byte[] {'a', '"', 'b', '\\', -1}));
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
