package io.loomsocket;

/** A value as an error message shows it. */
final class Shown {
    /** Longer text is cut to its first {@value} chars and "...". */
    static final int MAX = 40;

    private Shown() {}

    /**
     * {@code text} in double quotes, as Java writes a string literal ({@code \n}, {@code \"},
     * other control chars as {@code \}{@code u00XX}), cut after {@link #MAX} chars.
     */
    static String quoted(String text) {
        StringBuilder shown = new StringBuilder(Math.min(text.length(), MAX) + 8).append('"');
        int end = Math.min(text.length(), MAX);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> shown.append("\\n");
                case '\r' -> shown.append("\\r");
                case '\t' -> shown.append("\\t");
                case '"' -> shown.append("\\\"");
                case '\\' -> shown.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        shown.append(String.format("\\u%04x", (int) c));
                    } else {
                        shown.append(c);
                    }
                }
            }
        }
        shown.append('"');
        if (text.length() > MAX) {
            shown.append("...");
        }
        return shown.toString();
    }
}
