/**
 * loomsocket: LuaSocket's TCP objects for blocking, thread-per-connection code on virtual
 * threads. The one exported package, {@code io.loomsocket}, is the whole API; the engine in
 * {@code io.loomsocket.internal} is not part of it.
 */
module io.loomsocket {
    requires jdk.net;

    exports io.loomsocket;
}
