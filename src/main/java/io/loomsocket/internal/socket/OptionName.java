package io.loomsocket.internal.socket;

import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.HashMap;
import java.util.Map;
import jdk.net.ExtendedSocketOptions;

/** LuaSocket's option names (2.14), what each holds, and the JDK option behind it. */
enum OptionName {
    KEEPALIVE("keepalive", Type.BOOLEAN, StandardSocketOptions.SO_KEEPALIVE),
    REUSEADDR("reuseaddr", Type.BOOLEAN, StandardSocketOptions.SO_REUSEADDR),
    REUSEPORT("reuseport", Type.BOOLEAN, StandardSocketOptions.SO_REUSEPORT),
    TCP_NODELAY("tcp-nodelay", Type.BOOLEAN, StandardSocketOptions.TCP_NODELAY),
    TCP_KEEPIDLE("tcp-keepidle", Type.NUMBER, ExtendedSocketOptions.TCP_KEEPIDLE),
    TCP_KEEPCNT("tcp-keepcnt", Type.NUMBER, ExtendedSocketOptions.TCP_KEEPCOUNT),
    TCP_KEEPINTVL("tcp-keepintvl", Type.NUMBER, ExtendedSocketOptions.TCP_KEEPINTERVAL),
    LINGER("linger", Type.LINGER, StandardSocketOptions.SO_LINGER),
    RECV_BUFFER_SIZE("recv-buffer-size", Type.NUMBER, StandardSocketOptions.SO_RCVBUF),
    SEND_BUFFER_SIZE("send-buffer-size", Type.NUMBER, StandardSocketOptions.SO_SNDBUF),
    /** Get only: the pending error, read once. */
    ERROR("error", Type.ERROR, null),
    /** Set only. Always on for IPv6 sockets (emulated, see ARCHITECTURE.md). */
    IPV6_V6ONLY("ipv6-v6only", Type.V6ONLY, null),
    /** Set only; the JVM cannot reach TCP_DEFER_ACCEPT. */
    TCP_DEFER_ACCEPT("tcp-defer-accept", Type.UNREACHABLE, null),
    /** Set only; the JVM cannot reach TCP_FASTOPEN. */
    TCP_FASTOPEN("tcp-fastopen", Type.UNREACHABLE, null),
    /** Set only; the JVM cannot reach TCP_FASTOPEN_CONNECT. */
    TCP_FASTOPEN_CONNECT("tcp-fastopen-connect", Type.UNREACHABLE, null);

    enum Type { BOOLEAN, NUMBER, LINGER, ERROR, V6ONLY, UNREACHABLE }

    private static final Map<String, OptionName> BY_NAME = new HashMap<>();

    static {
        for (OptionName option : values()) {
            BY_NAME.put(option.luaName, option);
        }
    }

    final String luaName;
    final Type type;
    final SocketOption<?> jdkOption;

    OptionName(String luaName, Type type, SocketOption<?> jdkOption) {
        this.luaName = luaName;
        this.type = type;
        this.jdkOption = jdkOption;
    }

    /** Whether getoption knows the name (the set-only ones raise as unknown, as LuaSocket does). */
    boolean gettable() {
        return type == Type.BOOLEAN || type == Type.NUMBER || type == Type.LINGER || type == Type.ERROR;
    }

    /** The option, or null for a name LuaSocket does not know. */
    static OptionName of(String name) {
        return BY_NAME.get(name);
    }
}
