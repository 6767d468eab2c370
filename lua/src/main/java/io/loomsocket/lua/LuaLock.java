package io.loomsocket.lua;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaThread;

/**
 * One Lua state's lock, once {@code loomsocket.thread} has started a thread: LuaJ's interpreter
 * state ({@code globals.running}, the tables the threads share) is not made for two Java threads
 * at once, so Lua code runs under this lock, one thread at a time, and a thread lets go of it
 * while it blocks in a socket call (receive, send, accept, connect, select, sleep), so that the
 * others run meanwhile. A permit rather than an owner: a coroutine's thread may let go of it and
 * take it back on behalf of the thread that resumed it. Before the first thread starts, nothing
 * is locked and a blocking call costs nothing more.
 */
final class LuaLock {
    private final Globals globals;
    private final Semaphore permit = new Semaphore(0);
    /** Set by the first spawn, by the thread running Lua then, which holds the lock from then on. */
    private volatile boolean active;

    LuaLock(Globals globals) {
        this.globals = globals;
    }

    /** The running Lua code starts sharing the state: it holds the lock from now on. */
    void activate() {
        active = true;
    }

    boolean active() {
        return active;
    }

    /** Takes the lock (a new thread, before its first Lua instruction). */
    void acquire() {
        permit.acquireUninterruptibly();
    }

    /** Lets go of the lock (a thread whose Lua code has ended). */
    void release() {
        permit.release();
    }

    /** Runs a call that may block without the lock, and takes it back, with the thread's Lua state. */
    <T> T blocking(Supplier<T> call) {
        if (!active) {
            return call.get();
        }
        LuaThread running = globals.running;
        permit.release();
        try {
            return call.get();
        } finally {
            permit.acquireUninterruptibly();
            globals.running = running;
        }
    }
}
