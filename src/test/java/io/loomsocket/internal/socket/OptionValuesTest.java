package io.loomsocket.internal.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.Linger;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The option names and the value rules of getoption and setoption, without a socket: every
 * check here raises before a socket would be asked (semantics reference 2.14).
 */
@org.junit.jupiter.api.Timeout(value = 10, unit = TimeUnit.SECONDS)
class OptionValuesTest {
    @Test
    void theNamesLuaSocketKnowsAndWhichGetoptionReads() {
        for (OptionName option : OptionName.values()) {
            assertEquals(option, OptionName.of(option.luaName));
            boolean gettable = switch (option.type) {
                case BOOLEAN, NUMBER, LINGER, ERROR -> true;
                case V6ONLY, UNREACHABLE -> false;
            };
            assertEquals(gettable, option.gettable(), option.luaName);
        }
        assertNull(OptionName.of("KEEPALIVE"), "names are case-sensitive");
        assertNull(OptionName.of("so-keepalive"));
    }

    /** C's (int) of a double on x86-64: NaN and values outside the int range are INT_MIN. */
    @ParameterizedTest(name = "(int) {0} = {1}")
    @CsvSource({
        "5.7, 5", "-5.7, -5", "0, 0", "2147483647, 2147483647", "2147483647.9, 2147483647",
        "2147483648, -2147483648", "-2147483648, -2147483648", "-2147483648.9, -2147483648",
        "-2147483649, -2147483648", "1e300, -2147483648", "NaN, -2147483648"})
    void cIntIsX86sConversion(double value, int expected) {
        assertEquals(expected, SocketOptions.cInt(value));
    }

    @ParameterizedTest(name = "{0} is a {1}")
    @CsvSource({"true, boolean", "5, number", "text, string"})
    void luaTypesOfValues(String kind, String expected) {
        Object value = switch (kind) {
            case "true" -> Boolean.TRUE;
            case "5" -> 5;
            default -> "text";
        };
        assertEquals(expected, SocketOptions.luaType(value));
    }

    @Test
    void luaTypesOfTheOtherValues() {
        assertEquals("no value", SocketOptions.luaType(null));
        assertEquals("string", SocketOptions.luaType(new byte[] {1}));
        assertEquals("string", SocketOptions.luaType(new StringBuilder("x")));
        assertEquals("table", SocketOptions.luaType(Map.of()));
        assertEquals("table", SocketOptions.luaType(new Linger(true, 1)));
        assertEquals("userdata", SocketOptions.luaType(new Object()));
    }

    /** A value in a message: quoted if a string, cut to 40 characters with "..." past that. */
    @Test
    void valuesInMessagesAreCutAtFortyCharacters() {
        String thirtyEight = "x".repeat(38);
        assertEquals("string \"" + thirtyEight + "\"", SocketOptions.describe(thirtyEight),
                "40 characters with the quotes: kept whole");
        String thirtyNine = "x".repeat(39);
        assertEquals("string \"" + "x".repeat(36) + "...", SocketOptions.describe(thirtyNine));
        assertEquals("number 12", SocketOptions.describe(12));
        assertEquals("no value", SocketOptions.describe(null));
    }

    @Test
    void aNumberOptionNeedsANumberOrANumericString() {
        IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
                () -> SocketOptions.set(null, "tcp-keepidle", "abc"));
        assertEquals("option 'tcp-keepidle': number expected, got string \"abc\"",
                text.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> SocketOptions.set(null, "tcp-keepcnt", Double.NaN));
        assertEquals("option 'tcp-keepcnt': number expected, got number NaN", nan.getMessage());
        IllegalArgumentException bool = assertThrows(IllegalArgumentException.class,
                () -> SocketOptions.set(null, "keepalive", 1));
        assertEquals("boolean expected, got number", bool.getMessage());
    }

    /** An unknown name is shown cut to 35 characters, as LuaSocket's "%.35s". */
    @Test
    void unknownNamesAreCutInTheMessage() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> SocketOptions.get(null, "n".repeat(36)));
        assertEquals("unsupported option `" + "n".repeat(35) + "'", error.getMessage());
        IllegalArgumentException setOnly = assertThrows(IllegalArgumentException.class,
                () -> SocketOptions.get(null, "ipv6-v6only"));
        assertEquals("unsupported option `ipv6-v6only'", setOnly.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SocketOptions.set(null, "error", 1)).getMessage().contains("`error'"));
        assertFalse(OptionName.ERROR.jdkOption != null, "error has no JDK option");
    }
}
