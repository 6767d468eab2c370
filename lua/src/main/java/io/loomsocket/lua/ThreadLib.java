package io.loomsocket.lua;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code require "loomsocket.thread"}, an extension of loomlua (LuaSocket has no threads): {@code
 * spawn(f, ...)} runs {@code f(...)} on a virtual thread of its own, so that a server can give
 * each connection a thread that blocks in its receives, the way Java code on loomsocket does.
 * Lua code runs one thread at a time ({@link LuaLock}); a thread blocked in a socket call lets
 * the others run. An error that ends a thread is printed on standard error; the launcher waits
 * for every thread before it exits.
 */
final class ThreadLib {
    private final Globals globals;
    private final LuaLock lock;
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();

    ThreadLib(Globals globals, LuaLock lock) {
        this.globals = globals;
        this.lock = lock;
    }

    LuaTable create() {
        LuaTable library = new LuaTable();
        library.set("spawn", Fn.function("spawn", this::spawn));
        return library;
    }

    private Varargs spawn(Args args) {
        LuaValue body = args.get(1);
        if (!body.isfunction()) {
            throw args.typeError(1, "function");
        }
        Varargs bodyArgs = args.all().subargs(2);
        lock.activate();
        Thread thread = Thread.ofVirtual().name("lua-thread").unstarted(() -> {
            lock.acquire();
            globals.running = new LuaThread(globals, body);
            try {
                body.invoke(bodyArgs).eval();
            } catch (LuaError e) {
                LuaValue message = e.getMessageObject();
                globals.STDERR.println("loomlua: thread: " + (message == null ? "nil" : message.tojstring()));
                globals.STDERR.flush();
            } finally {
                running.remove(Thread.currentThread());
                lock.release();
            }
        });
        running.add(thread);
        thread.start();
        return LuaValue.NONE;
    }

    /** Lets the threads finish (the launcher, once the main chunk has ended). */
    void awaitAll() {
        if (!lock.active()) {
            return;
        }
        lock.release();
        while (!running.isEmpty()) {
            for (Thread thread : running) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
