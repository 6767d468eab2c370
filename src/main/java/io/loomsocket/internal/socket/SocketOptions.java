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
        try {
            return getOption(core, name);
        } catch (TcpException e) {
            throw FailureContext.locate(e, "getoption(\"" + name + "\")", core, null);
        }
    }

    private static Object getOption(SocketCore core, String name) throws TcpException {
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
        try {
            setOption(core, name, value);
        } catch (TcpException e) {
            throw FailureContext.locate(e, "setoption(\"" + name + "\")", core, null);
        }
    }

    private static void setOption(SocketCore core, String name, Object value)
            throws TcpException {
        OptionName option = known(name);
        Object jdkValue = switch (option.type) {
            case BOOLEAN -> {
                if (!(value instanceof Boolean)) {
                    throw new IllegalArgumentException("boolean expected, got " + luaType(value));
                }
                yield value;
            }
            case NUMBER -> Math.max(0, toInt(name, value));
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
            if (option == OptionName.TCP_NODELAY && open instanceof SocketChannel client) {
                core.io.setNoDelay(client, (Boolean) jdkValue); // known to the send's flush
            } else {
                ServerOptions.setOption(open, option.jdkOption, jdkValue);
            }
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
        if (name == null) {
            throw new IllegalArgumentException("string expected, got no value");
        }
        OptionName option = OptionName.of(name);
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

    /**
     * A number option's value: a {@link Number} or a numeric string, which Lua converts alike.
     * LuaSocket's conversion is unchecked ({@code lua_tonumber}), so anything else becomes 0
     * there; a Java caller passing anything else has a bug, which a silent 0 would hide.
     */
    private static int toInt(String name, Object value) {
        Double number = null;
        if (value instanceof Number n) {
            number = n.doubleValue();
        } else if (value instanceof CharSequence text) {
            number = LuaNumber.parse(text.toString());
        }
        if (number == null || Double.isNaN(number)) {
            // NaN too: C's int conversion of NaN is undefined, so LuaSocket has no result to keep.
            throw new IllegalArgumentException("option '" + name + "': number expected, got "
                    + describe(value));
        }
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, number));
    }

    /** A value as an error message shows it: its Lua type and the value, cut short. */
    static String describe(Object value) {
        String shown;
        try {
            shown = value instanceof CharSequence text ? "\"" + text + "\"" : String.valueOf(value);
        } catch (RuntimeException e) {
            shown = value.getClass().getName();
        }
        if (shown.length() > 40) {
            shown = shown.substring(0, 37) + "...";
        }
        return value == null ? "no value" : luaType(value) + " " + shown;
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
        int truncated = cInt(seconds) & 0xFFFF;
        return on ? truncated : -1;
    }

    /**
     * C's {@code (int)} of a double as x86-64 computes it, where LuaSocket runs: NaN and values
     * outside the int range become {@code INT_MIN} (Java's cast would saturate instead).
     */
    static int cInt(double value) {
        if (!(value > Integer.MIN_VALUE - 1.0 && value < Integer.MAX_VALUE + 1.0)) {
            return Integer.MIN_VALUE;
        }
        return (int) value;
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
