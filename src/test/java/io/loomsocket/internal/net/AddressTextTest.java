package io.loomsocket.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Numeric address text as glibc's {@code inet_ntop} (through getnameinfo) prints it. */
@org.junit.jupiter.api.Timeout(value = 10, unit = TimeUnit.SECONDS)
class AddressTextTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "::1, ::1",
        "::, ::",
        "2001:db8::1, 2001:db8::1",
        "1:0:0:1:0:0:0:1, 1:0:0:1::1",
        "127.0.0.1, 127.0.0.1",
        "0.0.0.0, 0.0.0.0"})
    void examples(String address, String expected) throws UnknownHostException {
        assertEquals(expected, AddressText.of(InetAddress.getByName(address)));
    }

    /** The JDK turns a parsed "::ffff:a.b.c.d" into an IPv4 address; a socket can still report one. */
    @Test
    void v4MappedKeepsItsPrefix() throws UnknownHostException {
        InetAddress mapped = v6("::ffff:1.2.3.4");
        assertInstanceOf(Inet6Address.class, mapped);
        assertEquals("::ffff:1.2.3.4", AddressText.of(mapped));
    }

    /** Outputs of glibc 2.36's inet_ntop for the same 16 bytes. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "::2, ::2",
        "::ffff:0:0, ::ffff:0.0.0.0",
        "::ffff:ffff:ffff, ::ffff:255.255.255.255",
        "0:0:0:0:0:ffff:0:1, ::ffff:0.0.0.1",
        "::ffff:0:1.2.3.4, ::ffff:0:102:304",
        "0:0:0:0:ffff:0:0:0, ::ffff:0:0:0",
        "1::, 1::",
        "0:0:1::, 0:0:1::",
        "0:1:0:0:0:0:0:0, 0:1::",
        "1:0:0:2:0:0:3:4, 1::2:0:0:3:4",
        "1:0:2:0:0:0:3:4, 1:0:2::3:4",
        "1:0:2:3:4:5:6:7, 1:0:2:3:4:5:6:7",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:1::, 2001:db8:0:1::",
        "0:0:0:0:0:1:0:0, ::1:0:0",
        "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        "fe80::1, fe80::1",
        "1:0:0:0:0:0:0:1, 1::1",
        "::2:3:4, ::2:3:4",
        "0:0:0:0:1:0:0:1, ::1:0:0:1",
        "0:0:0:0:1:ffff:1:2, ::1:ffff:1:2",
        "64:ff9b::1.2.3.4, 64:ff9b::102:304"})
    void glibcOutputs(String address, String expected) throws UnknownHostException {
        assertEquals(expected, AddressText.of(v6(address)));
    }

    /**
     * glibc also prints an IPv4-compatible address with a dotted quad: 96 zero bits followed by a
     * non-zero 7th group (its inet_ntop6 rule: the longest zero run is exactly the first six
     * groups).
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"::1.2.3.4, ::1.2.3.4", "::0.1.0.0, ::0.1.0.0"})
    void glibcPrintsIpv4CompatibleAddressesDotted(String address, String expected) throws UnknownHostException {
        assertEquals(expected, AddressText.of(v6(address)));
    }

    /** An IPv6 address even for v4-mapped text, which the JDK would parse as IPv4. */
    private static Inet6Address v6(String text) throws UnknownHostException {
        byte[] bytes = InetAddress.getByName(text).getAddress();
        if (bytes.length == 4) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(bytes, 0, mapped, 12, 4);
            bytes = mapped;
        }
        return Inet6Address.getByAddress(null, bytes, -1);
    }
}
