package io.loomsocket.lua;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code socket.dns} ({@code inet.c}) through the JDK's resolver, which asks the system's (the
 * hosts file, then DNS) as getaddrinfo and gethostbyname do, with LuaSocket's error strings.
 * The JDK reports no aliases, so {@code resolved.alias} is always empty.
 */
final class Dns {
    private static final String HOST_NOT_FOUND = "host not found";
    private static final String NO_NAME = "host or service not provided, or not known";

    private Dns() {}

    static LuaTable create() {
        LuaTable dns = new LuaTable();
        dns.rawset("toip", Fn.function("toip", args -> toip(args, false)));
        dns.rawset("tohostname", Fn.function("tohostname", args -> toip(args, true)));
        dns.rawset("getaddrinfo", Fn.function("getaddrinfo", Dns::getaddrinfo));
        dns.rawset("getnameinfo", Fn.function("getnameinfo", Dns::getnameinfo));
        dns.rawset("gethostname", Fn.function("gethostname", args -> gethostname()));
        return dns;
    }

    /**
     * {@code toip} and {@code tohostname}: gethostbyname's IPv4 answer, or for a dotted IPv4
     * address gethostbyaddr's (a reverse lookup: an address with no name is "host not found").
     */
    private static Varargs toip(Args args, boolean name) {
        String host = args.checkString(1).tojstring();
        try {
            String canonical;
            List<Inet4Address> addresses = new ArrayList<>();
            if (isDottedIpv4(host)) {
                InetAddress address = InetAddress.getByName(host);
                canonical = address.getCanonicalHostName();
                if (canonical.equals(address.getHostAddress())) {
                    return notFound(HOST_NOT_FOUND);
                }
                addresses.add((Inet4Address) address);
            } else {
                if (host.isEmpty() || host.indexOf(':') >= 0) {
                    return notFound(HOST_NOT_FOUND);
                }
                for (InetAddress address : InetAddress.getAllByName(host)) {
                    if (address instanceof Inet4Address v4) {
                        addresses.add(v4);
                    }
                }
                if (addresses.isEmpty()) {
                    return notFound(HOST_NOT_FOUND);
                }
                canonical = addresses.get(0).getCanonicalHostName();
                if (canonical.equals(addresses.get(0).getHostAddress())) {
                    canonical = host;
                }
            }
            LuaTable resolved = new LuaTable();
            resolved.set("name", LuaValue.valueOf(canonical));
            resolved.set("alias", new LuaTable());
            LuaTable ips = new LuaTable();
            for (Inet4Address address : addresses) {
                ips.insert(0, LuaValue.valueOf(address.getHostAddress()));
            }
            resolved.set("ip", ips);
            LuaValue first = LuaValue.valueOf(name ? canonical : addresses.get(0).getHostAddress());
            return LuaValue.varargsOf(first, resolved);
        } catch (UnknownHostException | SecurityException e) {
            return notFound(HOST_NOT_FOUND);
        }
    }

    private static Varargs getaddrinfo(Args args) {
        String host = args.checkString(1).tojstring();
        try {
            if (host.isEmpty()) {
                return notFound(NO_NAME);
            }
            LuaTable list = new LuaTable();
            for (InetAddress address : InetAddress.getAllByName(host)) {
                LuaTable entry = new LuaTable();
                entry.set("family", LuaValue.valueOf(address instanceof Inet6Address ? "inet6" : "inet"));
                entry.set("addr", LuaValue.valueOf(numeric(address)));
                list.insert(0, entry);
            }
            return list;
        } catch (UnknownHostException | SecurityException e) {
            return notFound(NO_NAME);
        }
    }

    private static Varargs getnameinfo(Args args) {
        String host = args.isNoneOrNil(1) ? null : args.checkString(1).tojstring();
        String service = args.isNoneOrNil(2) ? null : args.checkString(2).tojstring();
        if (host == null && service == null) {
            throw new RaisedError("host and serv cannot be both nil");
        }
        LuaTable names = new LuaTable();
        if (host != null) {
            try {
                for (InetAddress address : InetAddress.getAllByName(host)) {
                    names.insert(0, LuaValue.valueOf(address.getCanonicalHostName()));
                }
            } catch (UnknownHostException | SecurityException e) {
                return notFound(NO_NAME);
            }
        }
        if (service == null) {
            return names;
        }
        int port = Ports.parse(service);
        if (port < 0) {
            return notFound(Ports.UNKNOWN_SERVICE);
        }
        return LuaValue.varargsOf(names, LuaValue.valueOf(Ports.name(port)));
    }

    private static Varargs gethostname() {
        try {
            return LuaValue.valueOf(Files.readString(Path.of("/proc/sys/kernel/hostname"),
                    StandardCharsets.ISO_8859_1).strip());
        } catch (IOException | RuntimeException e) {
            try {
                return LuaValue.valueOf(InetAddress.getLocalHost().getHostName());
            } catch (UnknownHostException inner) {
                return notFound(inner.getMessage());
            }
        }
    }

    private static String numeric(InetAddress address) {
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        text = scope >= 0 ? text.substring(0, scope) : text;
        if (address instanceof Inet6Address) {
            text = Ipv6Text.compress(text);
        }
        return text;
    }

    private static boolean isDottedIpv4(String host) {
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static Varargs notFound(String message) {
        return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(message));
    }
}
