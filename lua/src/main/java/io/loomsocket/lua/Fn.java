package io.loomsocket.lua;

import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/** A Lua function of the binding, named as Lua names it in argument errors. */
final class Fn extends VarArgFunction {
    /** The body: the call's arguments, checked by the body through {@link Args}. */
    interface Body {
        Varargs call(Args args);
    }

    private final Body body;
    private final boolean method;

    private Fn(String name, Body body, boolean method) {
        this.name = name;
        this.body = body;
        this.method = method;
    }

    /** A library function: its arguments count from the first. */
    static Fn function(String name, Body body) {
        return new Fn(name, body, false);
    }

    /** A method: its arguments count after self, as for a call with a colon. */
    static Fn method(String name, Body body) {
        return new Fn(name, body, true);
    }

    @Override
    public Varargs invoke(Varargs args) {
        return body.call(method ? Args.ofMethod(args, name) : Args.ofFunction(args, name));
    }
}
