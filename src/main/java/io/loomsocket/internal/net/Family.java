package io.loomsocket.internal.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;

/** An object's address family: unset until a {@code tcp()} master binds or connects. */
public enum Family {
    UNSPEC("unspec"),
    INET("inet"),
    INET6("inet6");

    private final String text;

    Family(String text) {
        this.text = text;
    }

    /** The name getsockname and getpeername report. */
    public String text() {
        return text;
    }

    /** Whether the resolver's hints for this family admit the address. */
    boolean accepts(InetAddress address) {
        return switch (this) {
            case UNSPEC -> true;
            case INET -> !(address instanceof Inet6Address);
            case INET6 -> address instanceof Inet6Address;
        };
    }

    public ProtocolFamily protocolFamily() {
        return this == INET6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }
}
