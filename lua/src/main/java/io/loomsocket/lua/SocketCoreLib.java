package io.loomsocket.lua;

import io.loomsocket.Tcp;
import io.loomsocket.TcpException;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The table {@code require "socket.core"} returns: LuaSocket 3.1's C core ({@code luasocket.c},
 * {@code tcp.c}, {@code timeout.c}, {@code except.c}, {@code inet.c}, {@code select.c}) over
 * loomsocket. UDP is not part of it: {@code udp}, {@code udp4} and {@code udp6} raise an error that
 * says so.
 */
final class SocketCoreLib {
    /** What LuaSocket 3.1.0's C core reports as its version (its release kept 3.0.0's string). */
    static final String VERSION = "LuaSocket 3.0.0";
    /** {@code FD_SETSIZE} on Linux: the most sockets one select takes, as in C. */
    static final int SETSIZE = 1024;

    private SocketCoreLib() {}

    static LuaTable create(boolean debug, LuaLock lock) {
        TcpClasses classes = new TcpClasses(debug, lock);
        LuaTable core = new LuaTable();
        if (debug) {
            core.rawset("_DEBUG", LuaValue.TRUE);
        }
        core.rawset("_VERSION", LuaValue.valueOf(VERSION));
        core.rawset("_SETSIZE", LuaValue.valueOf(SETSIZE));
        core.rawset("_SOCKETINVALID", LuaValue.valueOf(-1));
        core.rawset("_DATAGRAMSIZE", LuaValue.valueOf(8192));
        core.rawset("skip", Fn.function("skip", SocketCoreLib::skip));
        core.rawset("__unload", Fn.function("__unload", args -> LuaValue.NONE));
        core.rawset("gettime", Fn.function("gettime", args -> LuaValue.valueOf(Clock.gettime())));
        core.rawset("sleep", Fn.function("sleep", args -> lock.blocking(() -> sleep(args))));
        Except.install(core);
        core.rawset("dns", Dns.create());
        core.rawset("tcp", Fn.function("tcp", args -> classes.wrap(Tcp.tcp())));
        core.rawset("tcp4", Fn.function("tcp4", args -> {
            try {
                return classes.wrap(Tcp.tcp4());
            } catch (TcpException e) {
                return TcpMethods.failure(e);
            }
        }));
        core.rawset("tcp6", Fn.function("tcp6", args -> {
            try {
                return classes.wrap(Tcp.tcp6());
            } catch (TcpException e) {
                return TcpMethods.failure(e);
            }
        }));
        core.rawset("connect", Fn.function("connect", args -> lock.blocking(() -> connect(classes, args))));
        for (String udp : new String[] {"udp", "udp4", "udp6"}) {
            core.rawset(udp, Fn.function(udp, args -> {
                throw new RaisedError(udp + ": UDP is not supported by this socket.core,"
                        + " which is loomsocket's TCP");
            }));
        }
        core.rawset("select", Fn.function("select", args -> Select.select(classes, lock, args)));
        return core;
    }

    /** {@code socket.skip(d, ...)}: the arguments after the first {@code d}. */
    private static Varargs skip(Args args) {
        long amount = args.checkInteger(1);
        long kept = args.count() - amount - 1;
        if (kept <= 0) {
            return LuaValue.NONE;
        }
        return args.all().subargs((int) Math.max(1, args.count() - kept + 1));
    }

    /** {@code socket.sleep(seconds)}: parks the thread, a virtual one without its carrier. */
    private static Varargs sleep(Args args) {
        double seconds = args.checkNumber(1);
        if (!(seconds > 0)) {
            return LuaValue.NONE;
        }
        Clock.sleep(Math.min(seconds, Integer.MAX_VALUE));
        return LuaValue.NONE;
    }

    /** {@code socket.connect(address, port [, locaddr [, locport [, family]]])}. */
    private static Varargs connect(TcpClasses classes, Args args) {
        String host = args.checkString(1).tojstring();
        String service = args.checkString(2).tojstring();
        String localHost = args.isNoneOrNil(3) ? null : args.checkString(3).tojstring();
        String localService = args.isNoneOrNil(4) ? "0" : args.checkString(4).tojstring();
        int family = args.checkOption(5, "unspec", "unspec", "inet", "inet6");
        int port = Ports.parse(service);
        int localPort = Ports.parse(localService);
        if (port < 0 || (localHost != null && localPort < 0)) {
            return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(Ports.UNKNOWN_SERVICE));
        }
        try {
            return classes.wrap(Tcp.connect(host, port, localHost, Math.max(localPort, 0),
                    new String[] {"unspec", "inet", "inet6"}[family]));
        } catch (TcpException e) {
            return TcpMethods.failure(e);
        }
    }
}
