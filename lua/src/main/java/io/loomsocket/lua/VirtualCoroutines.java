package io.loomsocket.lua;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Lua's {@code coroutine} library with each coroutine on a virtual thread, in place of LuaJ's,
 * which starts a platform thread per coroutine and hands control over with a monitor's wait and
 * notify. A coroutine blocked in a socket call then parks without holding an OS thread, and a
 * server that dispatches thousands of connections through coroutines (LuaSocket's {@code
 * dispatch.lua}, copas) holds thousands of virtual threads, not thousands of platform threads.
 *
 * <p>As in Lua, one coroutine of a state runs at a time: resume hands control to the coroutine's
 * thread and parks until it yields, returns or fails. The functions are Lua 5.2's ({@code create},
 * {@code resume}, {@code running}, {@code status}, {@code wrap}, {@code yield}) plus Lua 5.3's
 * {@code isyieldable}. A coroutine that Lua forgets while it is suspended ends its thread when
 * the JVM finds it unreachable, as LuaJ's does.
 */
public final class VirtualCoroutines {
    private VirtualCoroutines() {}

    /**
     * Replaces {@code coroutine} (the global and {@code package.loaded.coroutine}) in {@code
     * globals} with the library on virtual threads.
     *
     * @param globals LuaJ globals
     * @return {@code globals}
     */
    public static Globals install(Globals globals) {
        LuaTable library = new LuaTable();
        library.set("create", function("create", args -> {
            LuaValue body = args.get(1);
            if (!body.isfunction()) {
                throw args.typeError(1, "function");
            }
            return new Coroutine(globals, body);
        }));
        library.set("resume", function("resume", args -> {
            if (!args.get(1).isthread()) {
                throw args.typeError(1, "thread");
            }
            return ((LuaThread) args.get(1)).resume(args.all().subargs(2));
        }));
        library.set("running", function("running", args ->
                LuaValue.varargsOf(globals.running, LuaValue.valueOf(globals.running.isMainThread()))));
        library.set("isyieldable", function("isyieldable", args ->
                LuaValue.valueOf(globals.running instanceof Coroutine)));
        library.set("status", function("status", args -> {
            if (!args.get(1).isthread()) {
                throw args.typeError(1, "thread");
            }
            return LuaValue.valueOf(((LuaThread) args.get(1)).getStatus());
        }));
        library.set("yield", function("yield", args -> {
            if (!(globals.running instanceof Coroutine running)) {
                throw new RaisedError("attempt to yield from outside a coroutine");
            }
            return running.yield(args.all());
        }));
        library.set("wrap", function("wrap", args -> {
            LuaValue body = args.get(1);
            if (!body.isfunction()) {
                throw args.typeError(1, "function");
            }
            Coroutine coroutine = new Coroutine(globals, body);
            return new VarArgFunction() {
                @Override
                public Varargs invoke(Varargs resumeArgs) {
                    return coroutine.resumeOrRaise(resumeArgs);
                }
            };
        }));
        globals.set("coroutine", library);
        globals.get("package").get("loaded").set("coroutine", library);
        return globals;
    }

    private static LuaValue function(String name, Fn.Body body) {
        return Fn.function(name, body);
    }
}
