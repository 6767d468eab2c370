package io.loomsocket.differential;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a generated plan (what the peer sends, what the client calls) into scenario lines whose
 * results do not depend on timing, with a model of how much of the stream each receive
 * consumes:
 *
 * <ul>
 *   <li>The peer sends each piece in one write, before the call that reads it, or after a pause
 *       of {@link #SOON} or {@link #LATE} seconds during the call ({@code async}, then {@code
 *       peer:join()}); the timeouts the client sets are {@link #TIMEOUTS}, far from both pauses,
 *       so a piece sent soon always arrives within a timed wait and one sent late always after.
 *   <li>A receive with no timeout that the model says would wait for ever gets the next pieces,
 *       then the end of the stream (a FIN when the plan has no end), sent during the call.
 *   <li>Nothing is sent during a call that cannot wait (a zero timeout), or that needs no data.
 *   <li>After a send to a peer that has closed, a pause of {@link #SETTLE} lets the RST that
 *       the send provokes arrive before the next step.
 * </ul>
 *
 * The model follows LuaSocket's rules for how much a receive consumes (semantics reference 2.1);
 * it needs to be exact only up to the first local close, shutdown("receive") or end of stream,
 * after which no receive can wait.
 */
final class ScenarioCompiler {
    static final double SOON = 0.01;
    static final double LATE = 0.45;
    /** A pause after a send to a closed peer, for its RST to arrive. */
    static final double SETTLE = 0.02;
    /** The positive timeouts a generated scenario may set. */
    static final double[] TIMEOUTS = {0.15, 0.2};

    private final StreamPlan plan;
    private final byte[] stream;
    private final List<String> lines = new ArrayList<>();
    private int nextPiece;
    private int released;
    private int consumed;
    private boolean ended;
    private boolean closed;
    private boolean shutReceive;
    private boolean shutSomething;
    private double block = -1;
    private double total = -1;

    private ScenarioCompiler(StreamPlan plan) {
        this.plan = plan;
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        plan.pieces().forEach(all::writeBytes);
        this.stream = all.toByteArray();
    }

    static Scenario compile(String name, StreamPlan plan, List<ClientOp> ops, boolean accepted,
            String host) {
        ScenarioCompiler compiler = new ScenarioCompiler(plan);
        compiler.lines.add((accepted ? "@accepted c " : "@client c ") + host);
        compiler.lines.add("peer:drain()");
        ops.forEach(compiler::emit);
        compiler.lines.add("c:getstats()");
        compiler.lines.add("c:close()");
        compiler.lines.add("peer:drained()");
        return new Scenario(name, compiler.lines);
    }

    private void emit(ClientOp op) {
        switch (op) {
            case ClientOp.Receive r -> receive(r);
            case ClientOp.SetTimeout t -> setTimeout(t);
            case ClientOp.Send s -> {
                lines.add("c:send(" + args(s.data(), s.i(), s.j()) + ")");
                if (ended && plan.end() == StreamPlan.Ending.CLOSE && !closed) {
                    // The peer's kernel answers data for its closed socket with a RST, which
                    // loopback may deliver after the next step on a busy machine: let it land.
                    lines.add("peer:sleep(" + SETTLE + ")");
                }
            }
            case ClientOp.Shutdown s -> {
                lines.add("c:shutdown(" + LuaLiteral.source(bytes(s.mode())) + ")");
                shutSomething = true;
                if (s.mode().equals("both") || s.mode().equals("receive")) {
                    shutReceive = true;
                }
            }
            case ClientOp.Close c -> {
                lines.add("c:close()");
                closed = true;
            }
            case ClientOp.Query q -> {
                // Once the connection may have been reset, C's getpeername asks the kernel
                // ("Transport endpoint is not connected") where loomsocket answers with the
                // address the JDK keeps, and C's getoption("error") reads SO_ERROR, which the
                // JDK hides: documented differences, left out here.
                boolean intact = !(ended || closed || shutSomething);
                if (intact || !(q.call().startsWith("getpeername") || q.call().contains("error"))) {
                    lines.add("c:" + q.call());
                }
            }
            case ClientOp.SetStats s -> lines.add("c:setstats(" + s.received() + ", " + s.sent() + ")");
            case ClientOp.Option o -> {
                lines.add("c:setoption(" + args(bytes(o.name()), o.value()) + ")");
                lines.add("c:getoption(" + LuaLiteral.source(bytes(o.name())) + ")");
            }
            case ClientOp.Release r -> {
                if (nextPiece < plan.pieces().size() && !ended && !closed) {
                    lines.add("peer:send(" + LuaLiteral.quote(piece()) + ")");
                }
            }
            case ClientOp.End e -> {
                if (!ended && !closed && plan.end() != StreamPlan.Ending.NONE) {
                    lines.add(plan.end().line);
                    ended = true;
                }
            }
        }
    }

    private void setTimeout(ClientOp.SetTimeout t) {
        lines.add("c:settimeout(" + LuaLiteral.source(t.seconds()) + ", "
                + LuaLiteral.source(bytes(t.mode())) + ")");
        switch (t.mode().isEmpty() ? ' ' : t.mode().charAt(0)) {
            case 'b' -> block = t.seconds();
            case 't', 'r' -> total = t.seconds();
            default -> { } // raises; nothing changes
        }
    }

    private void receive(ClientOp.Receive r) {
        String call = "c:receive(" + receiveArgs(r) + ")";
        Pattern pattern = Pattern.of(r.pattern());
        if (pattern.kind == Kind.INVALID || closed || shutReceive || ended) {
            lines.add(call);
            if (pattern.kind != Kind.INVALID && !closed && !shutReceive) {
                consumed += done(pattern, prefixLength(r.prefix()));
            }
            return;
        }
        int prefix = prefixLength(r.prefix());
        Integer took = done(pattern, prefix);
        if (took != null) {
            consumed += took;
            lines.add(call);
            return;
        }
        boolean untimed = block < 0 && total < 0;
        boolean noWait = block == 0 || total == 0;
        boolean piecesLeft = nextPiece < plan.pieces().size();
        if (noWait || (!untimed && (r.feed() == ClientOp.Feed.NONE || !piecesLeft))) {
            consumed = released; // "timeout" with everything there as the partial
            lines.add(call);
            return;
        }
        if (!untimed) {
            double pause = r.feed() == ClientOp.Feed.SOON ? SOON : LATE;
            lines.add("async peer:sleep(" + pause + ")");
            lines.add("async peer:send(" + LuaLiteral.quote(piece()) + ")");
            if (pause == LATE) {
                consumed = released - plan.pieces().get(nextPiece - 1).length;
            } else {
                took = done(pattern, prefix);
                consumed = took == null ? released : consumed + took;
            }
            lines.add(call);
            lines.add("peer:join()");
            return;
        }
        double pause = r.feed() == ClientOp.Feed.LATE ? LATE : SOON;
        while (took == null && nextPiece < plan.pieces().size()) {
            lines.add("async peer:sleep(" + pause + ")");
            lines.add("async peer:send(" + LuaLiteral.quote(piece()) + ")");
            took = done(pattern, prefix);
        }
        if (took == null) {
            lines.add("async peer:sleep(" + pause + ")");
            lines.add("async " + plan.end().line);
            ended = true;
            took = done(pattern, prefix);
        }
        consumed += took;
        lines.add(call);
        lines.add("peer:join()");
    }

    /** Sends the next piece (in the lines the caller writes) and returns it. */
    private byte[] piece() {
        byte[] piece = plan.pieces().get(nextPiece++);
        released += piece.length;
        return piece;
    }

    /**
     * The bytes the receive consumes when it can finish with what has arrived (or at the end of
     * the stream), or null when it would wait.
     */
    private Integer done(Pattern pattern, int prefix) {
        int available = released - consumed;
        switch (pattern.kind) {
            case COUNT: {
                long n = pattern.count;
                if (prefix > 0 && n <= prefix) {
                    return 0;
                }
                if (n == 0) {
                    return available > 0 || ended ? 0 : null;
                }
                long need = n - prefix;
                if (available >= need) {
                    return (int) need;
                }
                return ended ? available : null;
            }
            case LINE:
                for (int k = consumed; k < released; k++) {
                    if (stream[k] == '\n') {
                        return k - consumed + 1;
                    }
                }
                return ended ? available : null;
            case ALL:
                return ended ? available : null;
            default:
                return 0;
        }
    }

    private static int prefixLength(Object prefix) {
        return prefix == null ? 0 : LuaLiteral.toBytes(prefix).length;
    }

    private static String receiveArgs(ClientOp.Receive r) {
        if (r.prefix() == null) {
            return r.pattern() == null ? "" : LuaLiteral.source(r.pattern());
        }
        return LuaLiteral.source(r.pattern()) + ", " + LuaLiteral.source(r.prefix());
    }

    private static String args(Object... values) {
        int n = values.length;
        while (n > 0 && values[n - 1] == null) {
            n--;
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            parts.add(LuaLiteral.source(values[i]));
        }
        return String.join(", ", parts);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    enum Kind { LINE, ALL, COUNT, INVALID }

    /** A receive pattern as LuaSocket reads it. */
    record Pattern(Kind kind, long count) {
        /** The numeric strings the generator uses, with the counts Lua reads from them. */
        static final java.util.Map<String, Long> NUMERIC_STRINGS = java.util.Map.of(
                "10", 10L, " 0x10 ", 16L, "2.9", 2L, "1e1", 10L, "0", 0L);

        static Pattern of(Object pattern) {
            if (pattern == null) {
                return new Pattern(Kind.LINE, 0);
            }
            if (pattern instanceof Number n) {
                return n.doubleValue() >= 0 ? new Pattern(Kind.COUNT, (long) n.doubleValue())
                        : new Pattern(Kind.INVALID, 0);
            }
            String text = new String((byte[]) pattern, StandardCharsets.ISO_8859_1);
            if (text.startsWith("*l")) {
                return new Pattern(Kind.LINE, 0);
            }
            if (text.startsWith("*a")) {
                return new Pattern(Kind.ALL, 0);
            }
            Long count = NUMERIC_STRINGS.get(text);
            return count == null ? new Pattern(Kind.INVALID, 0) : new Pattern(Kind.COUNT, count);
        }
    }
}
