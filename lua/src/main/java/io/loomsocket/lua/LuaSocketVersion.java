package io.loomsocket.lua;

import org.luaj.vm2.Lua;

/** What {@code loomlua -v} prints. */
final class LuaSocketVersion {
    private LuaSocketVersion() {}

    static String text() {
        Package own = LuaSocketVersion.class.getPackage();
        String version = own == null || own.getImplementationVersion() == null
                ? "(development build)" : own.getImplementationVersion();
        return "loomlua " + version + ": " + Lua._VERSION + " (LuaJ) with " + SocketCoreLib.VERSION
                + " on loomsocket";
    }
}
