package io.loomsocket.lua;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The argument checks of Lua's auxiliary library ({@code luaL_checklstring}, {@code
 * luaL_optnumber}, ...) as LuaSocket's C core calls them, with the messages Lua 5.4 gives:
 * {@code bad argument #2 to 'connect' (string expected, got nil)}. A method counts its arguments
 * after {@code self}, as Lua does for a call with a colon, and a wrong {@code self} is {@code
 * calling 'receive' on bad self (tcp{client} expected)}.
 */
final class Args {
    private final Varargs args;
    private final String function;
    /** 1 for a method (self is not counted), 0 for a function. */
    private final int self;

    private Args(Varargs args, String function, int self) {
        this.args = args;
        this.function = function;
        this.self = self;
    }

    static Args ofFunction(Varargs args, String function) {
        return new Args(args, function, 0);
    }

    static Args ofMethod(Varargs args, String method) {
        return new Args(args, method, 1);
    }

    Varargs all() {
        return args;
    }

    LuaValue get(int index) {
        return args.arg(index);
    }

    boolean isNoneOrNil(int index) {
        return args.arg(index).isnil();
    }

    boolean isNone(int index) {
        return index > args.narg();
    }

    int count() {
        return args.narg();
    }

    /** {@code luaL_argerror}: raises {@code bad argument #n to 'f' (message)}. */
    RaisedError error(int index, String message) {
        int shown = index - self;
        if (self == 1 && shown == 0) {
            return new RaisedError("calling '" + function + "' on bad self (" + message + ")");
        }
        return new RaisedError("bad argument #" + shown + " to '" + function + "' (" + message + ")");
    }

    /** {@code luaL_typeerror}: {@code string expected, got no value}. */
    RaisedError typeError(int index, String expected) {
        return error(index, expected + " expected, got " + typeName(index));
    }

    String typeName(int index) {
        return isNone(index) ? "no value" : args.arg(index).typename();
    }

    /** {@code luaL_checklstring}: a string, or a number converted to one. */
    LuaString checkString(int index) {
        LuaValue value = args.arg(index);
        if (value.isstring()) {
            return value.strvalue();
        }
        throw typeError(index, "string");
    }

    /** {@code luaL_optlstring}: null for none or nil. */
    LuaString optString(int index) {
        return isNoneOrNil(index) ? null : checkString(index);
    }

    /** {@code luaL_checknumber}: a number or a string Lua converts to one. */
    double checkNumber(int index) {
        LuaValue value = args.arg(index);
        LuaValue number = value.tonumber();
        if (number.isnil()) {
            throw typeError(index, "number");
        }
        return number.todouble();
    }

    /** {@code luaL_optnumber}. */
    double optNumber(int index, double otherwise) {
        return isNoneOrNil(index) ? otherwise : checkNumber(index);
    }

    /** {@code luaL_checkinteger} of Lua 5.4: a number with an exact integer value. */
    long checkInteger(int index) {
        double value = checkNumber(index);
        if (value != Math.rint(value) || Double.isInfinite(value) || value >= 0x1p63 || value < -0x1p63) {
            throw error(index, "number has no integer representation");
        }
        return (long) value;
    }

    /** {@code luaL_checktype(L, n, LUA_TTABLE)}. */
    void checkTable(int index) {
        if (!args.arg(index).istable()) {
            throw typeError(index, "table");
        }
    }

    /** {@code luaL_checkoption}: the index of the value (or of the default) among {@code names}. */
    int checkOption(int index, String otherwise, String... names) {
        String name = otherwise != null && isNoneOrNil(index) ? otherwise : checkString(index).tojstring();
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        throw error(index, "invalid option '" + name + "'");
    }

    /** Lua's {@code lua_tonumber} without a check: what is not a number counts as 0. */
    static double toNumberOrZero(LuaValue value) {
        LuaValue number = value.tonumber();
        return number.isnil() ? 0 : number.todouble();
    }
}
