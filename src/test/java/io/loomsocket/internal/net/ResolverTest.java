package io.loomsocket.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.TcpException.Kind;
import io.loomsocket.internal.engine.IoFailure;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * getaddrinfo's outcomes as LuaSocket reports them (semantics reference 7.2), without sockets:
 * literals, the test hosts file's {@code localhost} (IPv4 only), the bind wildcard, family
 * filters, and ports outside 0..65535. Nothing here is connected to.
 */
@org.junit.jupiter.api.Timeout(value = 10, unit = TimeUnit.SECONDS)
class ResolverTest {
    @ParameterizedTest(name = "{0} as {1}: {2}")
    @CsvSource(quoteCharacter = '\'', value = {
        "127.0.0.1, UNSPEC, 127.0.0.1",
        "127.0.0.1, INET, 127.0.0.1",
        "::1, UNSPEC, ::1",
        "::1, INET6, ::1",
        // An IPv6 literal stays IPv6 (the JDK alone would read it as IPv4)...
        "::ffff:127.0.0.1, UNSPEC, ::ffff:127.0.0.1",
        "::ffff:127.0.0.1, INET6, ::ffff:127.0.0.1",
        // ...but glibc answers an AF_INET request for it with the IPv4 address.
        "::ffff:127.0.0.1, INET, 127.0.0.1",
        "localhost, UNSPEC, 127.0.0.1",
        "localhost, INET, 127.0.0.1"})
    void resolvesToOneAddress(String host, Family family, String expected) throws IoFailure {
        List<InetSocketAddress> found = Resolver.resolve(host, 80, family, false);
        assertEquals(1, found.size(), found.toString());
        assertEquals(expected, AddressText.of(found.get(0).getAddress()));
        assertEquals(expected.contains(":"), found.get(0).getAddress() instanceof Inet6Address,
                "the family as written: " + found);
        assertEquals(80, found.get(0).getPort());
    }

    @ParameterizedTest(name = "{0} as {1}: \"{2}\"")
    @CsvSource(quoteCharacter = '\'', value = {
        "127.0.0.1, INET6, Address family for hostname not supported",
        "::1, INET, Address family for hostname not supported",
        "localhost, INET6, 'host or service not provided, or not known'",
        "'', UNSPEC, 'host or service not provided, or not known'",
        "no.such.name.invalid, UNSPEC, 'host or service not provided, or not known'",
        "'*', UNSPEC, 'host or service not provided, or not known'"})
    void failsAsGetaddrinfo(String host, Family family, String message) {
        IoFailure failure = assertThrows(IoFailure.class,
                () -> Resolver.resolve(host, 80, family, false));
        assertEquals(Kind.RESOLVER, failure.kind());
        assertEquals(message, failure.getMessage());
    }

    @ParameterizedTest(name = "bind \"*\" as {0}: {1}")
    @CsvSource(quoteCharacter = '\'', value = {
        "UNSPEC, '0.0.0.0 ::'", "INET, 0.0.0.0", "INET6, ::"})
    void theBindWildcardIsEveryInterfaceOfTheFamily(Family family, String expected)
            throws IoFailure {
        List<InetSocketAddress> found = Resolver.resolve("*", 7, family, true);
        assertEquals(expected, String.join(" ",
                found.stream().map(a -> AddressText.of(a.getAddress())).toList()));
        assertTrue(found.stream().allMatch(a -> a.getPort() == 7));
    }

    /** For bind, only "*" is the wildcard; any other host resolves as for connect. */
    @Test
    void bindResolvesOtherHostsAsConnectDoes() throws IoFailure {
        List<InetSocketAddress> found = Resolver.resolve("127.0.0.1", 7, Family.UNSPEC, true);
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 7)), found);
    }

    @ParameterizedTest(name = "port {0} -> {1}")
    @CsvSource({"0, 0", "65535, 65535", "65536, 0", "70000, 4464", "131071, 65535"})
    void largePortsWrapAsGlibcReadsThem(int port, int expected) throws IoFailure {
        assertEquals(expected, Resolver.resolve("127.0.0.1", port, Family.UNSPEC, false)
                .get(0).getPort());
    }

    @Test
    void aNegativePortIsNotAService() {
        IoFailure failure = assertThrows(IoFailure.class,
                () -> Resolver.resolve("127.0.0.1", -1, Family.UNSPEC, false));
        assertEquals(Kind.RESOLVER, failure.kind());
        assertEquals(Resolver.BAD_SERVICE, failure.getMessage());
    }

    @Test
    void addressesKeepAnIpv6LiteralIpv6() throws IoFailure {
        List<InetAddress> mapped = Resolver.addresses("::ffff:127.0.0.1");
        assertEquals(1, mapped.size());
        assertInstanceOf(Inet6Address.class, mapped.get(0));
        assertEquals(List.of("127.0.0.1"),
                Resolver.addresses("localhost").stream().map(AddressText::of).toList());
    }

    @Test
    void theWildcardsAndTheFamilies() throws UnknownHostException {
        assertEquals(InetAddress.getByName("0.0.0.0"), Resolver.wildcard(Family.INET));
        assertEquals(InetAddress.getByName("0.0.0.0"), Resolver.wildcard(Family.UNSPEC));
        assertEquals(InetAddress.getByName("::"), Resolver.wildcard(Family.INET6));
        assertEquals(Family.INET, Resolver.familyOf(InetAddress.getByName("127.0.0.1")));
        assertEquals(Family.INET6, Resolver.familyOf(InetAddress.getByName("::1")));
    }

    @Test
    void v4MappedIsTheIpv6FormOfAnIpv4Address() throws UnknownHostException {
        assertFalse(Resolver.isV4Mapped(InetAddress.getByName("127.0.0.1")));
        assertFalse(Resolver.isV4Mapped(InetAddress.getByName("0.0.0.0")), "four bytes only");
        assertFalse(Resolver.isV4Mapped(InetAddress.getByName("::1")));
        assertTrue(Resolver.isV4Mapped(v6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 1, 2, 3, 4)));
        assertFalse(Resolver.isV4Mapped(v6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFE, 1, 2, 3, 4)));
        assertFalse(Resolver.isV4Mapped(v6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFE, 0xFF, 1, 2, 3, 4)));
        assertFalse(Resolver.isV4Mapped(v6(0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xFF, 0xFF, 1, 2, 3, 4)));
        assertFalse(Resolver.isV4Mapped(v6(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 1, 2, 3, 4)));
    }

    @Test
    void familiesNameThemselvesAndFilterAddresses() throws UnknownHostException {
        assertEquals("unspec", Family.UNSPEC.text());
        assertEquals("inet", Family.INET.text());
        assertEquals("inet6", Family.INET6.text());
        InetAddress v4 = InetAddress.getByName("127.0.0.1");
        InetAddress v6 = InetAddress.getByName("::1");
        assertTrue(Family.UNSPEC.accepts(v4) && Family.UNSPEC.accepts(v6));
        assertTrue(Family.INET.accepts(v4) && !Family.INET.accepts(v6));
        assertTrue(!Family.INET6.accepts(v4) && Family.INET6.accepts(v6));
        assertEquals(StandardProtocolFamily.INET, Family.UNSPEC.protocolFamily());
        assertEquals(StandardProtocolFamily.INET, Family.INET.protocolFamily());
        assertEquals(StandardProtocolFamily.INET6, Family.INET6.protocolFamily());
    }

    private static InetAddress v6(int... bytes) throws UnknownHostException {
        byte[] address = new byte[16];
        for (int i = 0; i < 16; i++) {
            address[i] = (byte) bytes[i];
        }
        return Inet6Address.getByAddress(null, address, -1);
    }
}
