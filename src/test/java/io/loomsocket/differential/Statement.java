package io.loomsocket.differential;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One subject step of a scenario, in the syntax the oracle reads: {@code [NAME =]
 * socket.FUNCTION(ARGS)} or {@code [NAME =] OBJECT:METHOD(ARGS)}. A result that is an object is
 * kept under NAME.
 *
 * @param target the name that keeps an object result, or null
 * @param object the object the method is called on, or null for a module function
 * @param name the function or method name
 * @param arguments the arguments, parsed as {@link LuaLiteral}
 * @param text the statement as written
 */
record Statement(String target, String object, String name, List<Object> arguments, String text) {
    private static final Pattern SYNTAX = Pattern.compile(
            "(?:([A-Za-z]\\w*)\\s*=\\s*)?(?:socket\\.(\\w+)|([A-Za-z]\\w*):(\\w+))\\((.*)\\)");

    static Statement parse(String text) {
        Matcher m = SYNTAX.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a step: " + text);
        }
        boolean module = m.group(2) != null;
        return new Statement(m.group(1), module ? null : m.group(3),
                module ? m.group(2) : m.group(4), LuaLiteral.parseList(m.group(5)), text.strip());
    }

    /** The i-th argument (0-based), or null (Lua's nil) when absent. */
    Object arg(int i) {
        return i < arguments.size() ? arguments.get(i) : null;
    }

    /** The number of arguments written. */
    int count() {
        return arguments.size();
    }
}
