package io.loomsocket.internal.engine;

/**
 * What LuaSocket's receive returns, computed from the whole stream with no buffer and no reads
 * (semantics reference 2.1): the obvious string operations, which the engine must match for every
 * way of cutting the stream into reads.
 */
final class ReceiveModel {
    private final String stream;
    private final String endError;
    private final boolean cleanEof;
    private int position;

    /**
     * @param stream the bytes the peer sends, as ISO-8859-1 text
     * @param ending how the peer ends the stream
     */
    ReceiveModel(String stream, ScriptedTransport.Ending ending) {
        this.stream = stream;
        this.endError = ending == ScriptedTransport.Ending.TIMEOUT ? "timeout" : "closed";
        this.cleanEof = ending == ScriptedTransport.Ending.EOF;
    }

    /** Bytes consumed so far: what getstats reports as received. */
    int position() {
        return position;
    }

    boolean exhausted() {
        return position == stream.length();
    }

    Outcome apply(ReceiveOp op) {
        return switch (op) {
            case ReceiveOp.Line line -> line(line.prefix());
            case ReceiveOp.All all -> all(all.prefix());
            case ReceiveOp.Count count -> count(count.count(), count.prefix());
        };
    }

    /** Up to the next LF, which is consumed; every CR dropped; the prefix kept as given. */
    private Outcome line(String prefix) {
        int lf = stream.indexOf('\n', position);
        if (lf >= 0) {
            String line = stream.substring(position, lf).replace("\r", "");
            position = lf + 1;
            return Outcome.ok(prefix + line);
        }
        String rest = take(stream.length() - position).replace("\r", "");
        return Outcome.failed(endError, prefix + rest);
    }

    /** Everything left; a success only when this call took a byte and the end was clean. */
    private Outcome all(String prefix) {
        boolean tookAny = !exhausted();
        String rest = take(stream.length() - position);
        if (tookAny && cleanEof) {
            return Outcome.ok(prefix + rest);
        }
        return Outcome.failed(endError, prefix + rest);
    }

    /** A count that includes the prefix; {@code receive(0)} only fails on an exhausted stream. */
    private Outcome count(long count, String prefix) {
        if (!prefix.isEmpty() && count <= prefix.length()) {
            return Outcome.ok(prefix);
        }
        long wanted = count - prefix.length();
        if (wanted == 0) {
            return exhausted() ? Outcome.failed(endError, "") : Outcome.ok("");
        }
        long left = stream.length() - position;
        if (left >= wanted) {
            return Outcome.ok(prefix + take((int) wanted));
        }
        return Outcome.failed(endError, prefix + take((int) left));
    }

    private String take(int count) {
        String taken = stream.substring(position, position + count);
        position += count;
        return taken;
    }
}
