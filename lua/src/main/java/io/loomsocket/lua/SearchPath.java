package io.loomsocket.lua;

import java.util.Map;

/**
 * {@code package.path} and {@code package.cpath} as the {@code lua} program sets them: the
 * versioned variable first, then the plain one, {@code ;;} standing for the default. LuaJ runs
 * Lua 5.2, so its default looks where Lua 5.2's would (LuaRocks' and Debian's folders), and then
 * where Debian's {@code lua-socket} and LuaRocks put LuaSocket for the other versions, whose Lua
 * modules are the same files.
 */
final class SearchPath {
    private static final String[] VERSIONS = {"5.2", "5.4", "5.3", "5.1"};

    private SearchPath() {}

    static String path(Map<String, String> environment) {
        return fromEnvironment(environment, "LUA_PATH", defaultPath(environment.get("HOME")));
    }

    static String cpath(Map<String, String> environment) {
        return fromEnvironment(environment, "LUA_CPATH", defaultCpath());
    }

    private static String fromEnvironment(Map<String, String> environment, String name, String otherwise) {
        String value = environment.get(name + "_5_2");
        if (value == null) {
            value = environment.get(name);
        }
        if (value == null) {
            return otherwise;
        }
        // As lua.c: ";;" becomes ";default;", then the separators at the ends go.
        String expanded = value.replace(";;", ";\u0001;").replace("\u0001", otherwise);
        if (value.contains(";;")) {
            expanded = expanded.replaceAll("^;+|;+$", "");
        }
        return expanded;
    }

    static String defaultPath(String home) {
        StringBuilder path = new StringBuilder();
        for (String version : VERSIONS) {
            append(path, "/usr/local/share/lua/" + version + "/?.lua");
            append(path, "/usr/local/share/lua/" + version + "/?/init.lua");
            append(path, "/usr/local/lib/lua/" + version + "/?.lua");
            append(path, "/usr/local/lib/lua/" + version + "/?/init.lua");
            append(path, "/usr/share/lua/" + version + "/?.lua");
            append(path, "/usr/share/lua/" + version + "/?/init.lua");
            if (home != null) {
                append(path, home + "/.luarocks/share/lua/" + version + "/?.lua");
                append(path, home + "/.luarocks/share/lua/" + version + "/?/init.lua");
            }
        }
        append(path, "./?.lua");
        append(path, "./?/init.lua");
        return path.toString();
    }

    static String defaultCpath() {
        return "/usr/local/lib/lua/5.2/?.so;/usr/lib/x86_64-linux-gnu/lua/5.2/?.so;"
                + "/usr/lib/lua/5.2/?.so;/usr/local/lib/lua/5.2/loadall.so;./?.so";
    }

    private static void append(StringBuilder path, String template) {
        if (path.length() > 0) {
            path.append(';');
        }
        path.append(template);
    }
}
