package io.loomsocket.internal.engine;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import io.loomsocket.ReceiveException;
import io.loomsocket.TcpException;

/**
 * One receive result as LuaSocket returns it: {@code data} on success, or {@code nil, error,
 * partial}. The bytes are kept as ISO-8859-1 text so that a failing comparison reads well.
 *
 * @param error null on success, else LuaSocket's message ("closed", "timeout")
 * @param data the result, or the partial on failure
 */
record Outcome(String error, String data) {
    static Outcome ok(String data) {
        return new Outcome(null, data);
    }

    static Outcome ok(byte[] data) {
        return ok(text(data));
    }

    static Outcome failed(String error, String partial) {
        return new Outcome(error, partial);
    }

    /** The outcome a receive exception stands for; checks that its kind and message agree. */
    static Outcome of(ReceiveException e) {
        String message = e.getMessage();
        TcpException.Kind expectedKind = switch (message) {
            case "closed" -> TcpException.Kind.CLOSED;
            case "timeout" -> TcpException.Kind.TIMEOUT;
            default -> throw new AssertionError("unexpected receive error: " + message);
        };
        if (e.kind() != expectedKind) {
            throw new AssertionError("message " + message + " with kind " + e.kind());
        }
        return failed(message, e.partialString());
    }

    boolean isOk() {
        return error == null;
    }

    boolean isTimeout() {
        return "timeout".equals(error);
    }

    static String text(byte[] bytes) {
        return new String(bytes, ISO_8859_1);
    }

    static byte[] bytes(String text) {
        return text.getBytes(ISO_8859_1);
    }

    @Override
    public String toString() {
        String shown = data.length() > 60
                ? escape(data.substring(0, 40)) + "...(" + data.length() + " bytes)"
                : escape(data);
        return error == null ? "\"" + shown + "\"" : "nil, " + error + ", \"" + shown + "\"";
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
