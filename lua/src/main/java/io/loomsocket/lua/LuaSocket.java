package io.loomsocket.lua;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * LuaSocket's C core for LuaJ, backed by loomsocket: after {@link #install(Globals)}, {@code
 * require "socket"} loads LuaSocket's own {@code socket.lua} (and {@code ltn12}, {@code mime},
 * {@code socket.http}, ...) from where LuaSocket is installed, and those modules find {@code
 * socket.core} and {@code mime.core} here.
 *
 * <pre>{@code
 * Globals globals = JsePlatform.standardGlobals();
 * LuaSocket.install(globals);                 // socket.core and mime.core
 * LuaSocket.usePath(globals);                 // LUA_PATH, or where Debian and LuaRocks put LuaSocket
 * globals.load("local socket = require 'socket' print(socket.gettime())").call();
 * }</pre>
 *
 * <p>A blocking call (receive, send, accept, connect, sleep, select) blocks the calling Java
 * thread; on a virtual thread it parks without holding its carrier. Run Lua code that serves
 * many connections on virtual threads, and give coroutines virtual threads with {@link
 * VirtualCoroutines#install(Globals)} (LuaJ's own run each coroutine on a platform thread).
 */
public final class LuaSocket {
    private LuaSocket() {}

    /**
     * Puts {@code socket.core} and {@code mime.core} in {@code package.preload}, where {@code
     * require} finds them before it looks for files. Nothing is loaded until a script requires
     * them.
     *
     * @param globals LuaJ globals with the package library (as {@link
     *     JsePlatform#standardGlobals()} gives them)
     * @return {@code globals}
     * @throws IllegalArgumentException globals without the package library
     */
    public static Globals install(Globals globals) {
        return install(globals, false);
    }

    /**
     * As {@link #install(Globals)}, optionally as LuaSocket's debug build: {@code socket._DEBUG}
     * is true, and {@code send} and {@code receive} add the seconds they took as their last
     * result (LuaSocket's own test client checks them).
     *
     * @param globals LuaJ globals with the package library
     * @param debug whether to behave as a build with {@code LUASOCKET_DEBUG}
     * @return {@code globals}
     * @throws IllegalArgumentException globals without the package library
     */
    public static Globals install(Globals globals, boolean debug) {
        LuaValue preload = globals.get("package").get("preload");
        if (!preload.istable()) {
            throw new IllegalArgumentException("globals have no package.preload: load LuaJ's"
                    + " PackageLib first (JsePlatform.standardGlobals() does)");
        }
        LuaLock lock = new LuaLock(globals);
        ThreadLib threads = new ThreadLib(globals, lock);
        preload.set("socket.core", loader(() -> SocketCoreLib.create(debug, lock)));
        preload.set("mime.core", loader(MimeCoreLib::create));
        preload.set("loomsocket.thread", loader(threads::create));
        THREADS_LOCK.lock();
        try {
            THREADS.put(globals, threads);
        } finally {
            THREADS_LOCK.unlock();
        }
        return globals;
    }

    /**
     * Sets {@code package.path} and {@code package.cpath} as {@code lua} does: from {@code
     * LUA_PATH_5_2} or {@code LUA_PATH} (and the {@code CPATH} twins) when set, with {@code ;;}
     * standing for the default; the default names the folders where Debian's {@code lua-socket}
     * and LuaRocks install LuaSocket's Lua modules, then {@code ./?.lua}.
     *
     * @param globals LuaJ globals with the package library
     * @return {@code globals}
     */
    public static Globals usePath(Globals globals) {
        LuaValue pkg = globals.get("package");
        pkg.set("path", LuaValue.valueOf(SearchPath.path(System.getenv())));
        pkg.set("cpath", LuaValue.valueOf(SearchPath.cpath(System.getenv())));
        return globals;
    }

    /**
     * Standard LuaJ globals ({@link JsePlatform#standardGlobals()}) with LuaSocket's core
     * installed, the search path of {@link #usePath(Globals)}, coroutines on virtual threads
     * ({@link VirtualCoroutines}), and an {@code error} whose messages carry Lua's {@code
     * "file:line: "} (and none at level 0) where LuaJ's write {@code "file:line "}: what the
     * {@code loomlua} launcher runs scripts in.
     *
     * @param debug whether to behave as a build with {@code LUASOCKET_DEBUG}
     * @return new globals
     */
    public static Globals standardGlobals(boolean debug) {
        Globals globals = JsePlatform.standardGlobals();
        globals.set("error", ErrorFunction.create());
        install(globals, debug);
        usePath(globals);
        VirtualCoroutines.install(globals);
        return globals;
    }

    /** The thread library of each installation, for the launcher's wait at exit. */
    private static final Map<Globals, ThreadLib> THREADS = new WeakHashMap<>(); // need THREADS_LOCK
    private static final ReentrantLock THREADS_LOCK = new ReentrantLock();

    /** Waits for the threads {@code loomsocket.thread} started in {@code globals}, if any. */
    static void awaitThreads(Globals globals) {
        ThreadLib threads;
        THREADS_LOCK.lock();
        try {
            threads = THREADS.get(globals);
        } finally {
            THREADS_LOCK.unlock();
        }
        if (threads != null) {
            threads.awaitAll();
        }
    }

    private interface Module {
        LuaTable create();
    }

    private static LuaValue loader(Module module) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return module.create();
            }
        };
    }
}
