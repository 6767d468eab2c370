package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lua 5.4's string-to-number conversion (lobject.c, l_str2int and l_str2d), which LuaSocket
 * applies to numeric strings (semantics reference 0 and 2.1): decimal or hexadecimal, integer or
 * float, with C {@code isspace} white space around it.
 */
@org.junit.jupiter.api.Timeout(value = 10, unit = TimeUnit.SECONDS)
class LuaNumberTest {
    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "10 | 10", "' 0x10 ' | 16", "2.9 | 2.9", "1e2 | 100", "-1 | -1",
        "+5 | 5", "1. | 1", ".5 | 0.5", "1E+2 | 100", "2e-1 | 0.2",
        "0X10 | 16", "-0x10 | -16", "0x1e | 30", "0xA.8 | 10.5", "0x.8 | 0.5", "0x1p4 | 16", "0x1P-2 | 0.25",
        "0xffffffffffffffff | -1", "0x10000000000000000 | 0",
        "9223372036854775808 | 9.223372036854775808e18"})
    void numbers(String text, double expected) {
        assertEquals(expected, LuaNumber.parse(text));
    }

    /**
     * Signs and the edges of the hexadecimal digits, each as {@code tonumber} in Lua 5.4 reads
     * it (checked with lua5.4): {@code "+0x10"} is 16, {@code "-0x1.8"} is -1.5.
     */
    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "+0x10 | 16", "-0x1.8 | -1.5", "+0x1.8 | 1.5", "-0x.8 | -0.5", "-0x1p4 | -16",
        "0x1.8p1 | 3", "0x1p+1 | 2", "0x1.p1 | 2", "+.5 | 0.5", "-.5 | -0.5", "5. | 5",
        "0 | 0", "+0 | 0", "7 | 7", "0x0 | 0", "0x9 | 9", "0xa | 10", "0xA | 10", "0xf | 15", "0xF | 15", "0x19aF | 6575",
        "0x10000000000000001 | 1", "-0x10000000000000001 | -1",
        "-0x8000000000000000 | -9.223372036854775808e18",
        "0x7fffffffffffffff | 9.223372036854775807e18",
        "'\t+0x10\t' | 16", "1e-400 | 0", "0x1p-1080 | 0"})
    void signsAndHexadecimalDigits(String text, double expected) {
        assertEquals(expected, LuaNumber.parse(text));
    }

    /** {@code "-0x0.0"} is a negative zero in Lua too. */
    @org.junit.jupiter.api.Test
    void aNegativeHexadecimalZeroKeepsItsSign() {
        assertEquals(-0.0, LuaNumber.parse("-0x0.0"));
        assertEquals(Double.POSITIVE_INFINITY, LuaNumber.parse("0x1p99999"));
        assertEquals(Double.NEGATIVE_INFINITY, LuaNumber.parse("-9e999"));
    }

    @ParameterizedTest(name = "white space \"{0}\"")
    @ValueSource(strings = {"\t10\n", "\r\n10 ", "\u000b10\f", "   10"})
    void cWhiteSpaceAroundIsAllowed(String text) {
        assertEquals(10.0, LuaNumber.parse(text));
    }

    @ParameterizedTest(name = "\"{0}\" is not a number")
    @ValueSource(strings = {
        "abc", "inf", "nan", "1d", "0x", "", "   ", "1e", ".", "- 1", "1 2", "0x1p", "infinity",
        "-inf", "NaN", "1f", "0b101", "1_000", "10\u0000", "\u00a010",
        // Lua 5.4 says nil to each (checked with lua5.4): one sign only, a digit after 0x, p
        // and e need digits, and only ASCII digits (not Arabic-Indic, not fullwidth).
        "+-1", "-+1", "+ 1", "0x+1", "0x-1", "0x1P", "0x1p-", ".e1", "0x.p1", "+0x", "00x10",
        "a1", "x0x10", "1x10", "0y10", "0xg", "0xG", "0x/", "0x:", "0x@", "0x`", "1.5e", "1.5e+",
        "0x\u0661\u0660", "0x\u0661", "0x\uff21", "0x1\u0660", "1\u0661", "\u0661"})
    void notNumbers(String text) {
        assertNull(LuaNumber.parse(text));
    }

    /**
     * Lua skips only the C locale's white space (space, \t, \n, \v, \f, \r); the file, group,
     * record and unit separators and Unicode spaces are not white space to it.
     */
    @ParameterizedTest(name = "\"{0}\" is not a number")
    @ValueSource(strings = {"\u001c10", "10\u001f", "\u200310", "10\u3000"})
    void otherWhiteSpaceIsNotSkipped(String text) {
        assertNull(LuaNumber.parse(text));
    }

    /**
     * The parse is linear in the length: a long run of digits that ends badly took seconds when
     * the shape was checked with a backtracking regular expression (20,000 digits: about 2 s).
     */
    @ParameterizedTest(name = "200,000 characters: {0}")
    @ValueSource(strings = {"1", "1.", "0x1", "0x1.", "1e1"})
    void longTextsTakeLinearTime(String start) {
        String run = start + "1".repeat(200_000);
        // Preemptive: a quadratic parse cannot be interrupted and would run for minutes.
        double seconds = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            long begin = System.nanoTime();
            assertNull(LuaNumber.parse(run + "x"));
            assertNull(LuaNumber.parse(run + "g"));
            assertNull(LuaNumber.parse(run + ".."));
            assertNull(LuaNumber.parse(run + " 1"));
            assertNull(LuaNumber.parse("1" + " ".repeat(200_000) + "1"));
            assertNotNull(LuaNumber.parse(run), "a long valid number still parses");
            return (System.nanoTime() - begin) / 1e9;
        });
        assertTrue(seconds < 0.5, "six parses of 200,000 characters took " + seconds + " s");
    }
}
