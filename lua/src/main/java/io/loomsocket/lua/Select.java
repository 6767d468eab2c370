package io.loomsocket.lua;

import org.luaj.vm2.Varargs;

/** {@code socket.select}: not in this build yet. */
final class Select {
    private Select() {}

    static Varargs select(TcpClasses classes, Args args) {
        throw new RaisedError("socket.select is not available in this build");
    }
}
