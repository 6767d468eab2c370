package io.loomsocket.internal.socket;

import io.loomsocket.Linger;
import io.loomsocket.TcpException.Kind;
import io.loomsocket.TcpException;
import io.loomsocket.internal.engine.IoFailure;
import io.loomsocket.internal.engine.LuaNumber;
import io.loomsocket.internal.net.ErrorText;
import io.loomsocket.internal.net.Family;
import java.io.IOException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;

/**
 * getoption and setoption (2.14): LuaSocket's names and value rules over the JDK's options.
 * Misuse raises ({@link IllegalArgumentException} with LuaSocket's text); a socket that cannot
 * take the option returns {@code "getsockopt failed"} or {@code "setsockopt failed"}.
 */
public final class SocketOptions {
    private static final boolean LINUX =
            System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("linux");

    private SocketOptions() {}

    /** {@code getoption(name)}: a Boolean, an Integer, a {@link Linger}, a String or null. */
    public static Object get(SocketCore core, String name) throws TcpException {
        OptionName option = known(name);
        if (!option.gettable()) {
            throw unsupported(name);
        }
        NetworkChannel open = core.liveChannel();
        if (open == null) {
            throw new TcpException(Kind.OTHER, ErrorText.GETSOCKOPT_FAILED);
        }
        if (option.type == OptionName.Type.ERROR) {
            return pendingError(core, open);
        }
        Object value;
        try {
            if (open instanceof ServerSocketChannel && !open.supportedOptions().contains(option.jdkOption)) {
                value = core.serverOptions.value(option.jdkOption);
            } else {
                value = open.getOption(option.jdkOption);
            }
        } catch (IOException | RuntimeException e) {
            value = null;
        }
        if (value == null) {
            throw new TcpException(Kind.OTHER, ErrorText.GETSOCKOPT_FAILED);
        }
        if (LINUX && (option == OptionName.RECV_BUFFER_SIZE || option == OptionName.SEND_BUFFER_SIZE)) {
            // Linux doubles the size it is given and getsockopt reports the doubled value; the JDK
            // halves it again when it reads. LuaSocket reports the kernel's value.
            return 2 * (Integer) value;
        }
        if (option.type == OptionName.Type.LINGER) {
            int seconds = (Integer) value;
            return seconds < 0 ? new Linger(false, 0) : new Linger(true, seconds);
        }
        return value;
    }

    /** {@code setoption(name, value)}; {@code value} null means "no value". */
    public static void set(SocketCore core, String name, Object value) throws TcpException {
        OptionName option = known(name);
        Object jdkValue = switch (option.type) {
            case BOOLEAN -> {
                if (!(value instanceof Boolean)) {
                    throw new IllegalArgumentException("boolean expected, got " + luaType(value));
                }
                yield value;
            }
            case NUMBER -> Math.max(0, toInt(value));
            case LINGER -> lingerSeconds(value);
            case V6ONLY -> {
                if (!(value instanceof Boolean)) {
                    throw new IllegalArgumentException("boolean expected, got " + luaType(value));
                }
                yield value;
            }
            case UNREACHABLE -> throw new UnsupportedOperationException("option '" + name
                    + "' cannot be set from the JVM: it offers no way to reach that socket option");
            case ERROR -> throw unsupported(name);
        };
        NetworkChannel open = core.liveChannel();
        if (open == null) {
            throw new TcpException(Kind.OTHER, ErrorText.SETSOCKOPT_FAILED);
        }
        if (option.type == OptionName.Type.V6ONLY) {
            if (core.channelFamily != Family.INET6) {
                throw new TcpException(Kind.OTHER, ErrorText.SETSOCKOPT_FAILED);
            }
            if (!(Boolean) jdkValue) {
                throw new UnsupportedOperationException("option 'ipv6-v6only' cannot be turned off:"
                        + " the JVM cannot set IPV6_V6ONLY, so loomsocket keeps IPv6 sockets"
                        + " IPv6-only, as LuaSocket does");
            }
            return;
        }
        try {
            if (open instanceof ServerSocketChannel && !open.supportedOptions().contains(option.jdkOption)) {
                // Kept for accepted clients, as the kernel keeps it on the listener.
                core.serverOptions.recordSet(option.jdkOption, jdkValue);
                return;
            }
            ServerOptions.setOption(open, option.jdkOption, jdkValue);
            if (core.role() != SocketCore.Role.CLIENT) {
                core.serverOptions.recordSet(option.jdkOption, jdkValue);
            }
        } catch (IOException | RuntimeException e) {
            throw new TcpException(Kind.OTHER, ErrorText.SETSOCKOPT_FAILED);
        }
    }

    /** SO_ERROR is out of the JDK's reach; a pending connect's failure is what it would hold. */
    private static Object pendingError(SocketCore core, NetworkChannel open) {
        if (!(open instanceof SocketChannel client)) {
            return null;
        }
        if (client.isConnectionPending()) {
            core.unfinished.settleNow(client);
        }
        IoFailure held = core.unfinished.takeError(core.channel);
        return held == null ? null : held.getMessage();
    }

    private static OptionName known(String name) {
        OptionName option = name == null ? null : OptionName.of(name);
        if (option == null) {
            throw unsupported(name);
        }
        return option;
    }

    private static IllegalArgumentException unsupported(String name) {
        String shown = String.valueOf(name);
        if (shown.length() > 35) {
            shown = shown.substring(0, 35);
        }
        return new IllegalArgumentException("unsupported option `" + shown + "'");
    }

    /** Lua's unchecked number conversion: what is not a number becomes 0. */
    private static int toInt(Object value) {
        double number;
        if (value instanceof Number n) {
            number = n.doubleValue();
        } else if (value instanceof String s) {
            Double parsed = LuaNumber.parse(s);
            number = parsed == null ? 0 : parsed;
        } else {
            number = 0;
        }
        if (Double.isNaN(number)) {
            return 0;
        }
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, number));
    }

    /** The JDK's SO_LINGER value (-1 for off) from a {@link Linger} or a map like Lua's table. */
    private static int lingerSeconds(Object value) {
        if (value instanceof Linger linger) {
            return linger.on() ? linger.timeout() : -1;
        }
        if (!(value instanceof Map<?, ?> table)) {
            throw new IllegalArgumentException("table expected, got " + luaType(value));
        }
        if (!(table.get("on") instanceof Boolean on)) {
            throw new IllegalArgumentException("boolean 'on' field expected");
        }
        Object timeout = table.get("timeout");
        Double seconds = timeout instanceof Number n ? Double.valueOf(n.doubleValue())
                : timeout instanceof String s ? LuaNumber.parse(s) : null;
        if (seconds == null) {
            throw new IllegalArgumentException("number 'timeout' field expected");
        }
        int truncated = ((int) seconds.doubleValue()) & 0xFFFF;
        return on ? truncated : -1;
    }

    /** The Lua type name a Java value stands for, as argument errors print it. */
    public static String luaType(Object value) {
        if (value == null) {
            return "no value";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof CharSequence || value instanceof byte[]) {
            return "string";
        }
        if (value instanceof Map || value instanceof Linger) {
            return "table";
        }
        return "userdata";
    }
}
