package io.loomsocket.lua;

import io.loomsocket.TcpSocket;
import java.lang.ref.Cleaner;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;

/**
 * The three classes of LuaSocket's TCP objects as {@code auxiliar.c} makes them: a metatable per
 * class, named {@code tcp{master}}, {@code tcp{client}} and {@code tcp{server}}, each in the
 * group {@code tcp{any}}, whose {@code __index} table holds the methods and the {@code class}
 * field, and whose {@code __gc} and {@code __tostring} are LuaSocket's. An object changes class by
 * changing its metatable, as in C. One set per installation, as C keeps them in one Lua state's
 * registry.
 */
final class TcpClasses {
    static final String MASTER = "tcp{master}";
    static final String CLIENT = "tcp{client}";
    static final String SERVER = "tcp{server}";
    static final String ANY = "tcp{any}";

    /**
     * LuaJ runs no {@code __gc}: a socket whose object Lua forgets is closed when the JVM finds
     * the object unreachable, as LuaSocket's {@code __gc} closes it.
     */
    private static final Cleaner FORGOTTEN = Cleaner.create();

    /** Every socket this installation wrapped and Lua still holds, for select's getfd lookups. */
    private final Map<TcpSocket, Boolean> live = new WeakHashMap<>(); // need liveLock
    private final ReentrantLock liveLock = new ReentrantLock();
    private final LuaTable master;
    private final LuaTable client;
    private final LuaTable server;
    final boolean debug;
    /** Let go of while a call blocks, once threads share the Lua state. */
    final LuaLock lock;

    TcpClasses(boolean debug, LuaLock lock) {
        this.debug = debug;
        this.lock = lock;
        Map<String, LuaValue> methods = TcpMethods.all(this);
        master = newClass(MASTER, methods);
        client = newClass(CLIENT, methods);
        server = newClass(SERVER, methods);
    }

    private static LuaTable newClass(String name, Map<String, LuaValue> methods) {
        LuaTable metatable = new LuaTable();
        LuaTable index = new LuaTable();
        index.rawset("class", LuaValue.valueOf(name));
        methods.forEach((method, function) -> {
            if (method.startsWith("_")) {
                metatable.rawset(method, function);
            } else {
                index.rawset(method, function);
            }
        });
        metatable.rawset("__index", index);
        metatable.rawset("__name", LuaValue.valueOf(name));
        metatable.rawset(ANY, LuaValue.TRUE);
        return metatable;
    }

    /** A new Lua object for {@code socket}, of the socket's current class. */
    LuaUserdata wrap(TcpSocket socket) {
        LuaUserdata object = new LuaUserdata(socket, metatableOf(socket.className()));
        FORGOTTEN.register(object, socket::close);
        liveLock.lock();
        try {
            live.put(socket, Boolean.TRUE);
        } finally {
            liveLock.unlock();
        }
        return object;
    }

    /** Gives {@code object} the metatable of its socket's class, after a call that may change it. */
    void reclass(LuaUserdata object) {
        object.setmetatable(metatableOf(((TcpSocket) object.m_instance).className()));
    }

    LuaTable metatableOf(String className) {
        return switch (className) {
            case MASTER -> master;
            case CLIENT -> client;
            case SERVER -> server;
            default -> throw new IllegalStateException("no class " + className);
        };
    }

    /** {@code auxiliar_checkclass}: the object if its metatable is the class's, else raises. */
    LuaUserdata checkClass(Args args, String className) {
        LuaValue self = args.get(1);
        if (self instanceof LuaUserdata object && object.m_metatable == metatableOf(className)
                && object.m_instance instanceof TcpSocket) {
            return object;
        }
        throw args.error(1, className + " expected");
    }

    /** {@code auxiliar_checkgroup}: the object if its class is in {@code tcp{any}}, else raises. */
    LuaUserdata checkAny(Args args) {
        LuaValue self = args.get(1);
        if (self instanceof LuaUserdata object && object.m_instance instanceof TcpSocket
                && (object.m_metatable == master || object.m_metatable == client
                        || object.m_metatable == server)) {
            return object;
        }
        throw args.error(1, ANY + " expected");
    }

    /**
     * The open socket whose getfd is {@code fd}, for an object that is not one of the binding's
     * but answers getfd with one of theirs (LuaSocket's sink and source wrappers), or null.
     */
    TcpSocket socketWithDescriptor(int fd) {
        liveLock.lock();
        try {
            for (TcpSocket socket : live.keySet()) {
                if (socket.getfd() == fd) {
                    return socket;
                }
            }
            return null;
        } finally {
            liveLock.unlock();
        }
    }

    /** The socket of a Lua object this installation made, or null. */
    TcpSocket socketOf(LuaValue value) {
        if (value instanceof LuaUserdata object && object.m_instance instanceof TcpSocket socket
                && (object.m_metatable == master || object.m_metatable == client
                        || object.m_metatable == server)) {
            return socket;
        }
        return null;
    }
}
