package io.loomsocket.lua;

import org.luaj.vm2.LuaError;

/**
 * An error raised by a function of the binding, with the message C Lua gives it: {@code
 * luaL_error} puts the position of the calling Lua line in front, as {@code "script.lua:12: "}.
 * LuaJ adds that position as {@code "script.lua:12 "} (no colon) when the error passes through
 * the calling Lua function; this error writes it Lua's way. Called from Java or straight from
 * {@code pcall}, it has no position, as in C.
 */
final class RaisedError extends LuaError {
    private static final long serialVersionUID = 1L;

    private final String text;
    /** False for {@code error(message, 0)}: no position, whatever LuaJ adds. */
    private final boolean positioned;

    RaisedError(String text) {
        this(text, true);
    }

    RaisedError(String text, boolean positioned) {
        super(text);
        this.text = text;
        this.positioned = positioned;
    }

    @Override
    public String getMessage() {
        if (traceback != null) {
            return traceback; // what LuaJ (or an xpcall handler) made of the message
        }
        if (fileline == null || !positioned) {
            return text;
        }
        // LuaJ keeps the chunk name's '@' (a file) or '=' (a literal name); Lua drops it.
        boolean marked = fileline.startsWith("@") || fileline.startsWith("=");
        return (marked ? fileline.substring(1) : fileline) + ": " + text;
    }
}
