package io.loomsocket.lua;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code socket.newtry} and {@code socket.protect} ({@code except.c}): a try function raises its
 * second argument wrapped in a table with a private metatable, after calling the finalizer, when
 * its first argument is nil or false; a protected function turns such a raise back into {@code
 * nil, err} and lets any other error through untouched.
 */
final class Except {
    private Except() {}

    static void install(LuaTable core) {
        LuaTable wrapped = new LuaTable();
        wrapped.rawset("__metatable", LuaValue.FALSE);
        core.rawset("newtry", Fn.function("newtry", args -> newtry(wrapped, args.get(1))));
        core.rawset("protect", Fn.function("protect", args -> protect(wrapped, args.get(1))));
    }

    private static LuaValue newtry(LuaTable wrapped, LuaValue finalizer) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (args.arg1().toboolean()) {
                    return args;
                }
                if (!finalizer.isnil()) {
                    finalizer.call();
                }
                LuaTable exception = new LuaTable();
                exception.rawset(1, args.arg(2));
                exception.setmetatable(wrapped);
                throw new LuaError(exception);
            }
        };
    }

    private static LuaValue protect(LuaTable wrapped, LuaValue function) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                try {
                    return function.invoke(args).eval();
                } catch (LuaError e) {
                    LuaValue raised = e.getMessageObject();
                    if (raised != null && raised.istable() && raised.getmetatable() == wrapped) {
                        return LuaValue.varargsOf(LuaValue.NIL, raised.rawget(1));
                    }
                    throw e;
                }
            }
        };
    }
}
