package io.loomsocket.lua;

/** How two runs of one program compare: the same status, the same standard output. */
final class Comparison {
    private Comparison() {}

    /** Null when the runs agree, else what differs. */
    static String of(LuaRun expected, LuaRun actual) {
        if (expected.exit() != 0 && expected.exit() != actual.exit()) {
            return "lua5.4 exited " + expected.exit();
        }
        if (expected.exit() != actual.exit()) {
            return "exit status " + actual.exit() + ", lua5.4's " + expected.exit();
        }
        if (!expected.out().equals(actual.out())) {
            return "standard output differs";
        }
        return null;
    }

    /** Whether the outputs differ only in lines about elapsed times. */
    static boolean timingOnly(String expected, String actual) {
        String[] a = expected.split("\n", -1);
        String[] b = actual.split("\n", -1);
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (!a[i].equals(b[i]) && !(a[i].startsWith("time ") && b[i].startsWith("time "))) {
                return false;
            }
        }
        return true;
    }

    static String report(LuaRun expected, LuaRun actual) {
        return "---- lua5.4 (exit " + expected.exit() + ") stdout:\n" + expected.out()
                + "---- lua5.4 stderr:\n" + expected.err()
                + "---- loomlua (exit " + actual.exit() + ") stdout:\n" + actual.out()
                + "---- loomlua stderr:\n" + actual.err();
    }
}
