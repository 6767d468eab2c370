package io.loomsocket.lua;

import io.loomsocket.Address;
import io.loomsocket.Linger;
import io.loomsocket.ReceiveException;
import io.loomsocket.SendException;
import io.loomsocket.Stats;
import io.loomsocket.TcpClient;
import io.loomsocket.TcpException;
import io.loomsocket.TcpSocket;
import io.loomsocket.Timeouts;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The methods of LuaSocket's TCP objects ({@code tcp.c}, {@code buffer.c}, {@code options.c},
 * {@code inet.c}, {@code timeout.c}) over loomsocket's objects: the same class checks, argument
 * conversions and results, with loomsocket's exceptions turned back into {@code nil, err[,
 * partial]}.
 */
final class TcpMethods {
    private static final LuaValue ONE = LuaValue.valueOf(1);
    private static final String[] GET_OPTIONS = {"keepalive", "reuseaddr", "reuseport",
        "tcp-nodelay", "tcp-keepidle", "tcp-keepcnt", "tcp-keepintvl", "linger", "error",
        "recv-buffer-size", "send-buffer-size"};
    private static final String[] BOOLEAN_OPTIONS = {"keepalive", "reuseaddr", "reuseport",
        "tcp-nodelay", "ipv6-v6only"};
    private static final String[] NUMBER_OPTIONS = {"tcp-keepidle", "tcp-keepcnt",
        "tcp-keepintvl", "recv-buffer-size", "send-buffer-size", "tcp-defer-accept",
        "tcp-fastopen", "tcp-fastopen-connect"};

    private final TcpClasses classes;

    private TcpMethods(TcpClasses classes) {
        this.classes = classes;
    }

    /** Every method and metamethod by name ({@code __gc} and {@code __tostring} included). */
    static Map<String, LuaValue> all(TcpClasses classes) {
        TcpMethods m = new TcpMethods(classes);
        Map<String, LuaValue> all = new LinkedHashMap<>();
        all.put("__gc", Fn.method("__gc", m::close));
        all.put("__tostring", Fn.method("__tostring", m::tostring));
        all.put("accept", Fn.method("accept", args -> classes.lock.blocking(() -> m.accept(args))));
        all.put("bind", Fn.method("bind", m::bind));
        all.put("close", Fn.method("close", m::close));
        all.put("connect", Fn.method("connect", args -> classes.lock.blocking(() -> m.connect(args))));
        all.put("dirty", Fn.method("dirty", m::dirty));
        all.put("getfamily", Fn.method("getfamily", m::getfamily));
        all.put("getfd", Fn.method("getfd", m::getfd));
        all.put("getoption", Fn.method("getoption", m::getoption));
        all.put("getpeername", Fn.method("getpeername", m::getpeername));
        all.put("getsockname", Fn.method("getsockname", m::getsockname));
        all.put("getstats", Fn.method("getstats", m::getstats));
        all.put("setstats", Fn.method("setstats", m::setstats));
        all.put("listen", Fn.method("listen", m::listen));
        all.put("receive", Fn.method("receive", args -> classes.lock.blocking(() -> m.receive(args))));
        all.put("send", Fn.method("send", args -> classes.lock.blocking(() -> m.send(args))));
        all.put("setfd", Fn.method("setfd", m::setfd));
        all.put("setoption", Fn.method("setoption", m::setoption));
        all.put("setpeername", Fn.method("setpeername", args -> classes.lock.blocking(() -> m.connect(args))));
        all.put("setsockname", Fn.method("setsockname", m::bind));
        all.put("settimeout", Fn.method("settimeout", m::settimeout));
        all.put("gettimeout", Fn.method("gettimeout", m::gettimeout));
        all.put("shutdown", Fn.method("shutdown", m::shutdown));
        return all;
    }

    static Varargs failure(TcpException e) {
        return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(e.getMessage()));
    }

    private static TcpSocket socket(LuaUserdata object) {
        return (TcpSocket) object.m_instance;
    }

    // ---- every class --------------------------------------------------------------------------

    private Varargs close(Args args) {
        socket(classes.checkAny(args)).close();
        return ONE;
    }

    private Varargs tostring(Args args) {
        LuaUserdata object = classes.checkAny(args);
        return LuaValue.valueOf(socket(object).className() + ": 0x"
                + String.format("%08x", System.identityHashCode(object)));
    }

    private Varargs dirty(Args args) {
        return LuaValue.valueOf(socket(classes.checkAny(args)).dirty());
    }

    private Varargs getfamily(Args args) {
        return LuaValue.valueOf(socket(classes.checkAny(args)).getfamily());
    }

    private Varargs getfd(Args args) {
        return LuaValue.valueOf(socket(classes.checkAny(args)).getfd());
    }

    private Varargs setfd(Args args) {
        classes.checkAny(args);
        double fd = args.checkNumber(2);
        throw new RaisedError("setfd(" + (long) fd + "): the JVM cannot adopt a socket descriptor");
    }

    private Varargs connect(Args args) {
        LuaUserdata object = classes.checkAny(args);
        String host = args.checkString(2).tojstring();
        String service = args.checkString(3).tojstring();
        int port = Ports.parse(service);
        try {
            if (port < 0) {
                return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(Ports.UNKNOWN_SERVICE));
            }
            socket(object).connect(host, port);
            return ONE;
        } catch (TcpException e) {
            return failure(e);
        } finally {
            classes.reclass(object);
        }
    }

    private Varargs getpeername(Args args) {
        TcpSocket socket = socket(classes.checkAny(args));
        try {
            Address peer = socket.getpeername();
            return LuaValue.varargsOf(LuaValue.valueOf(peer.address()), LuaValue.valueOf(peer.port()),
                    LuaValue.valueOf(peer.family()));
        } catch (TcpException e) {
            return failure(e);
        }
    }

    /** As {@code inet_meth_getsockname} of LuaSocket 3.1, the port is a string. */
    private Varargs getsockname(Args args) {
        TcpSocket socket = socket(classes.checkAny(args));
        try {
            Address local = socket.getsockname();
            return LuaValue.varargsOf(LuaValue.valueOf(local.address()),
                    LuaValue.valueOf(Integer.toString(local.port())), LuaValue.valueOf(local.family()));
        } catch (TcpException e) {
            return failure(e);
        }
    }

    private Varargs settimeout(Args args) {
        TcpSocket socket = socket(classes.checkAny(args));
        double seconds = args.optNumber(2, -1);
        String mode = args.isNoneOrNil(3) ? "b" : args.checkString(3).tojstring();
        char first = mode.isEmpty() ? '\0' : mode.charAt(0);
        if (first != 'b' && first != 't' && first != 'r') {
            throw args.error(3, "invalid timeout mode");
        }
        socket.settimeout(Double.isNaN(seconds) ? -1 : seconds, mode);
        return ONE;
    }

    private Varargs gettimeout(Args args) {
        Timeouts timeouts = socket(classes.checkAny(args)).gettimeout();
        return LuaValue.varargsOf(LuaValue.valueOf(timeouts.block()), LuaValue.valueOf(timeouts.total()));
    }

    private Varargs getoption(Args args) {
        TcpSocket socket = socket(classes.checkAny(args));
        String name = args.checkString(2).tojstring();
        if (!Arrays.asList(GET_OPTIONS).contains(name)) {
            throw args.error(2, "unsupported option `" + name + "'");
        }
        try {
            Object value = socket.getoption(name);
            if (value instanceof Boolean on) {
                return LuaValue.valueOf(on);
            } else if (value instanceof Number number) {
                return LuaValue.valueOf(number.doubleValue());
            } else if (value instanceof Linger linger) {
                LuaTable table = new LuaTable();
                table.set("on", LuaValue.valueOf(linger.on()));
                table.set("timeout", LuaValue.valueOf(linger.timeout()));
                return table;
            } else if (value instanceof String text) {
                return LuaValue.valueOf(text);
            }
            return LuaValue.NIL;
        } catch (TcpException e) {
            return failure(e);
        }
    }

    private Varargs setoption(Args args) {
        TcpSocket socket = socket(classes.checkAny(args));
        String name = args.checkString(2).tojstring();
        Object value;
        if (Arrays.asList(BOOLEAN_OPTIONS).contains(name)) {
            if (!args.get(3).isboolean()) {
                throw args.typeError(3, "boolean");
            }
            value = args.get(3).toboolean();
        } else if (Arrays.asList(NUMBER_OPTIONS).contains(name)) {
            value = Args.toNumberOrZero(args.get(3)); // lua_tonumber, unchecked, as in C
        } else if (name.equals("linger")) {
            value = linger(args);
        } else {
            throw args.error(2, "unsupported option `" + name + "'");
        }
        try {
            socket.setoption(name, value);
            return ONE;
        } catch (TcpException e) {
            return failure(e);
        } catch (UnsupportedOperationException e) {
            return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(e.getMessage()));
        }
    }

    private static Linger linger(Args args) {
        if (!args.get(3).istable()) {
            throw args.typeError(3, "table");
        }
        LuaValue on = args.get(3).get("on");
        if (!on.isboolean()) {
            throw args.error(3, "boolean 'on' field expected");
        }
        LuaValue timeout = args.get(3).get("timeout");
        if (timeout.tonumber().isnil()) {
            throw args.error(3, "number 'timeout' field expected");
        }
        return new Linger(on.toboolean(), ((int) timeout.todouble()) & 0xFFFF);
    }

    // ---- masters ------------------------------------------------------------------------------

    private Varargs bind(Args args) {
        LuaUserdata object = classes.checkClass(args, TcpClasses.MASTER);
        String host = args.checkString(2).tojstring();
        String service = args.checkString(3).tojstring();
        int port = Ports.parse(service);
        if (port < 0) {
            return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(Ports.UNKNOWN_SERVICE));
        }
        try {
            socket(object).asMaster().bind(host, port);
            return ONE;
        } catch (TcpException e) {
            return failure(e);
        }
    }

    private Varargs listen(Args args) {
        LuaUserdata object = classes.checkClass(args, TcpClasses.MASTER);
        int backlog = (int) args.optNumber(2, 32);
        try {
            socket(object).asMaster().listen(backlog);
            return ONE;
        } catch (TcpException e) {
            return failure(e);
        } finally {
            classes.reclass(object);
        }
    }

    // ---- servers ------------------------------------------------------------------------------

    private Varargs accept(Args args) {
        LuaUserdata object = classes.checkClass(args, TcpClasses.SERVER);
        try {
            return classes.wrap(socket(object).asServer().accept());
        } catch (TcpException e) {
            return failure(e);
        }
    }

    // ---- clients ------------------------------------------------------------------------------

    private Varargs receive(Args args) {
        long start = System.nanoTime();
        TcpClient client = socket(classes.checkClass(args, TcpClasses.CLIENT)).asClient();
        LuaString prefixString = args.optString(3);
        byte[] prefix = prefixString == null ? null : bytes(prefixString);
        LuaValue pattern = args.get(2);
        Varargs result;
        try {
            byte[] data;
            if (pattern.type() == LuaValue.TNUMBER) {
                double count = pattern.todouble();
                if (!(count >= 0)) {
                    throw args.error(2, "invalid receive pattern");
                }
                data = client.receive((long) count, prefix);
            } else if (pattern.isnil()) {
                data = client.receive("*l", prefix);
            } else if (pattern.isstring()) {
                // "*l", "*a" or a numeric string, which loomsocket reads as Lua converts it
                try {
                    data = client.receive(pattern.tojstring(), prefix);
                } catch (IllegalArgumentException e) {
                    // loomsocket's message names the pattern (and calls a negative count a
                    // count); LuaSocket's is the same for both
                    throw args.error(2, "invalid receive pattern");
                }
            } else {
                throw args.typeError(2, "string");
            }
            result = LuaValue.varargsOf(LuaString.valueUsing(data), LuaValue.NIL, LuaValue.NIL);
        } catch (ReceiveException e) {
            result = LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(e.getMessage()),
                    LuaString.valueUsing(e.partial()));
        }
        return withElapsed(result, start);
    }

    private Varargs send(Args args) {
        long start = System.nanoTime();
        TcpClient client = socket(classes.checkClass(args, TcpClasses.CLIENT)).asClient();
        LuaString data = args.checkString(2);
        long i = (long) args.optNumber(3, 1);
        long j = (long) args.optNumber(4, -1);
        Varargs result;
        try {
            long last = client.send(bytes(data), i, j);
            result = LuaValue.varargsOf(LuaValue.valueOf((double) last), LuaValue.NIL, LuaValue.NIL);
        } catch (SendException e) {
            result = LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(e.getMessage()),
                    LuaValue.valueOf((double) e.lastIndex()));
        }
        return withElapsed(result, start);
    }

    private Varargs shutdown(Args args) {
        TcpClient client = socket(classes.checkClass(args, TcpClasses.CLIENT)).asClient();
        int how = args.checkOption(2, "both", "receive", "send", "both");
        client.shutdown(new String[] {"receive", "send", "both"}[how]);
        return ONE;
    }

    private Varargs getstats(Args args) {
        Stats stats = socket(classes.checkClass(args, TcpClasses.CLIENT)).asClient().getstats();
        return LuaValue.varargsOf(LuaValue.valueOf((double) stats.received()),
                LuaValue.valueOf((double) stats.sent()), LuaValue.valueOf(stats.age()));
    }

    private Varargs setstats(Args args) {
        TcpClient client = socket(classes.checkClass(args, TcpClasses.CLIENT)).asClient();
        Stats now = client.getstats();
        long received = (long) args.optNumber(2, now.received());
        long sent = (long) args.optNumber(3, now.sent());
        LuaValue age = args.get(4).tonumber();
        if (age.isnil()) {
            client.setstats(received, sent);
        } else {
            client.setstats(received, sent, age.todouble());
        }
        return ONE;
    }

    /** Under {@code LUASOCKET_DEBUG}, C adds the seconds the call took as the last result. */
    private Varargs withElapsed(Varargs result, long start) {
        if (!classes.debug) {
            return result;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return LuaValue.varargsOf(new LuaValue[] {result.arg(1), result.arg(2), result.arg(3),
            LuaValue.valueOf(elapsed)});
    }

    /** The string's bytes, without a copy when the string owns its whole array. */
    static byte[] bytes(LuaString string) {
        if (string.m_offset == 0 && string.m_length == string.m_bytes.length) {
            return string.m_bytes;
        }
        return Arrays.copyOfRange(string.m_bytes, string.m_offset, string.m_offset + string.m_length);
    }
}
