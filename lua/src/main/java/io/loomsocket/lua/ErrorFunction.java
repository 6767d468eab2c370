package io.loomsocket.lua;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * Lua's {@code error(message [, level])} with Lua's message: LuaJ's puts the position of the
 * raising line in front of a string as {@code "file:12 "}, at any level, even 0; this one writes
 * {@code "file:12: "} and none at level 0, as Lua does. (LuaJ keeps no call stack without its
 * debug library, so a level above 1 still names the raising line.) Other values are raised as
 * they are.
 */
final class ErrorFunction {
    private ErrorFunction() {}

    static LuaValue create() {
        return Fn.function("error", args -> {
            LuaValue message = args.get(1);
            long level = args.isNoneOrNil(2) ? 1 : (long) args.checkNumber(2);
            if (message.type() == LuaValue.TSTRING || message.type() == LuaValue.TNUMBER) {
                throw new RaisedError(message.tojstring(), level > 0);
            }
            throw message.isnil() ? new LuaError((String) null) : new LuaError(message);
        });
    }
}
