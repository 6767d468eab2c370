package io.loomsocket.internal.net;

import io.loomsocket.TcpException.Kind;
import io.loomsocket.internal.engine.IoFailure;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Name resolution with getaddrinfo's outcomes as LuaSocket reports them (7.2): the object's
 * family filters the addresses, {@code "*"} is the wildcard only when binding, and a port outside
 * 0..65535 behaves as glibc's service parsing does (negative fails, larger wraps).
 */
public final class Resolver {
    public static final String NO_NAME = "host or service not provided, or not known";
    public static final String BAD_SERVICE = "service not supported for socket type";
    public static final String FAMILY_MISMATCH = "Address family for hostname not supported";

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private Resolver() {}

    /**
     * The addresses to try, in the resolver's order.
     *
     * @param passive true for bind, where {@code "*"} means every local interface
     */
    public static List<InetSocketAddress> resolve(String host, int port, Family family,
            boolean passive) throws IoFailure {
        if (port < 0) {
            throw new IoFailure(Kind.RESOLVER, BAD_SERVICE);
        }
        int wrapped = port & 0xFFFF;
        List<InetAddress> found = new ArrayList<>();
        if (passive && host.equals("*")) {
            if (family != Family.INET6) {
                found.add(wildcard(Family.INET));
            }
            if (family != Family.INET) {
                found.add(wildcard(Family.INET6));
            }
        } else if (host.isEmpty()) {
            throw new IoFailure(Kind.RESOLVER, NO_NAME);
        } else if (isLiteral(host)) {
            InetAddress parsed = lookup(host).get(0);
            InetAddress address = asWritten(host, parsed);
            if (family == Family.INET && isV4Mapped(address)) {
                // glibc's getaddrinfo answers an AF_INET request for ::ffff:a.b.c.d with a.b.c.d.
                address = parsed;
            }
            if (!family.accepts(address)) {
                throw new IoFailure(Kind.RESOLVER, FAMILY_MISMATCH);
            }
            found.add(address);
        } else {
            for (InetAddress address : lookup(host)) {
                if (family.accepts(address)) {
                    found.add(address);
                }
            }
            if (found.isEmpty()) {
                throw new IoFailure(Kind.RESOLVER, NO_NAME);
            }
        }
        List<InetSocketAddress> result = new ArrayList<>(found.size());
        for (InetAddress address : found) {
            result.add(new InetSocketAddress(address, wrapped));
        }
        return result;
    }

    /**
     * What {@code socket.dns.getaddrinfo(host)} lists for {@code socket.bind}: every address of
     * any family, an IPv6 literal kept IPv6 even when it maps an IPv4 address (the JDK would
     * read {@code ::ffff:127.0.0.1} as IPv4, and bind would then make an IPv4 socket).
     */
    public static List<InetAddress> addresses(String host) throws IoFailure {
        List<InetAddress> addresses = new ArrayList<>();
        for (InetSocketAddress address : resolve(host, 0, Family.UNSPEC, false)) {
            addresses.add(address.getAddress());
        }
        return addresses;
    }

    /** {@code 0.0.0.0} or {@code ::}. */
    public static InetAddress wildcard(Family family) {
        try {
            return InetAddress.getByAddress(new byte[family == Family.INET6 ? 16 : 4]);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** The family of an address. */
    public static Family familyOf(InetAddress address) {
        return address instanceof Inet6Address ? Family.INET6 : Family.INET;
    }

    /** An IPv4 address written in IPv6 form ({@code ::ffff:a.b.c.d}), which the JDK reads as IPv4. */
    public static boolean isV4Mapped(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return false;
        }
        byte[] bytes = address.getAddress();
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
    }

    /** Keeps an IPv6 literal in the IPv6 family even when it maps an IPv4 address. */
    private static InetAddress asWritten(String host, InetAddress address) {
        if (host.indexOf(':') < 0 || !(address instanceof Inet4Address)) {
            return address;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        System.arraycopy(address.getAddress(), 0, mapped, 12, 4);
        try {
            return Inet6Address.getByAddress(null, mapped, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || IPV4_LITERAL.matcher(host).matches();
    }

    private static List<InetAddress> lookup(String host) throws IoFailure {
        try {
            List<InetAddress> addresses = new ArrayList<>();
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (address instanceof Inet4Address || address instanceof Inet6Address) {
                    addresses.add(address);
                }
            }
            return addresses;
        } catch (UnknownHostException | SecurityException e) {
            throw new IoFailure(Kind.RESOLVER, NO_NAME);
        }
    }
}
