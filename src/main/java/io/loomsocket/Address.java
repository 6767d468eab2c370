package io.loomsocket;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * {@code getsockname()} and {@code getpeername()}: a numeric address, a port, and the family
 * that the object stores, which LuaSocket reports rather than the family of the address itself.
 *
 * <p>The family strings are LuaSocket's for these two methods: {@code "inet"}, {@code "inet6"},
 * or {@code "unspec"}. {@link TcpSocket#getfamily()} names the same families {@code "inet4"} and
 * {@code "inet6"}, as LuaSocket does; both are kept because both are LuaSocket's API. Java code
 * that needs the family of the address itself can test {@code toInetSocketAddress().getAddress()}
 * for {@link java.net.Inet6Address}.
 *
 * @param address numeric form, such as {@code "127.0.0.1"} or {@code "::1"}
 * @param port the port
 * @param family the object's family: {@code "inet"}, {@code "inet6"} or {@code "unspec"}
 */
public record Address(String address, int port, String family) {
    /**
     * The address and port as the JDK's {@link InetSocketAddress} (a Java addition), for APIs
     * that take one. The address is numeric, so no name is looked up.
     *
     * @return the address and port
     * @throws IllegalArgumentException an address that is not a numeric IPv4 or IPv6 address
     */
    public InetSocketAddress toInetSocketAddress() {
        if (address == null || !isNumeric(address)) {
            throw new IllegalArgumentException("not a numeric address: " + address);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(address), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not a numeric address: " + address, e);
        }
    }

    /**
     * The address and port as logs and URLs write them: {@code 127.0.0.1:17001}, {@code
     * [::1]:17001} (an IPv6 address in brackets). The family is left out; {@link #family()}
     * has it.
     *
     * @return {@code address:port}, with an IPv6 address in brackets
     */
    @Override
    public String toString() {
        return hostPort(address, port);
    }

    /** {@code host:port}, an IPv6 host in brackets. */
    static String hostPort(String host, int port) {
        return (host != null && host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Dotted IPv4 or an IPv6 form: only these make getByName parse rather than resolve. */
    private static boolean isNumeric(String text) {
        if (text.indexOf(':') >= 0) {
            return text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        }
        return text.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }
}
