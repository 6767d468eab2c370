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
        String[] a = expected.out().split("\n", -1);
        String[] b = actual.out().split("\n", -1);
        if (a.length != b.length) {
            return "standard output differs";
        }
        for (int i = 0; i < a.length; i++) {
            boolean marked = a[i].startsWith(DIFFERS) && b[i].startsWith(DIFFERS);
            if (marked && a[i].equals(b[i])) {
                return "line " + (i + 1) + " should differ (a difference the README lists): " + a[i];
            }
            if (!marked && !a[i].equals(b[i])) {
                return "standard output differs at line " + (i + 1);
            }
        }
        return null;
    }

    /** What a line starts with when C LuaSocket and loomlua must give different results. */
    static final String DIFFERS = "differs ";

    /** Whether the outputs differ only in lines about elapsed times. */
    static boolean timingOnly(String expected, String actual) {
        String[] a = expected.split("\n", -1);
        String[] b = actual.split("\n", -1);
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            boolean same = a[i].equals(b[i]) || (a[i].startsWith(DIFFERS) && b[i].startsWith(DIFFERS));
            if (!same && !(a[i].startsWith("time ") && b[i].startsWith("time "))) {
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
