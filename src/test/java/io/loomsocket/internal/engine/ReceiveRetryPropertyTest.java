package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Timeouts at any points of the stream lose and duplicate nothing when the client passes each
 * partial back as the prefix and calls again (semantics reference 2.1, "Results"): the idiom of
 * LuaSocket's non-blocking clients.
 */
class ReceiveRetryPropertyTest {
    @Property(tries = 400)
    void linesSurviveTimeouts(
            @ForAll("streams") String stream,
            @ForAll("cuts") int[] cut,
            @ForAll("points") List<Integer> rawPoints) {
        int[] points = points(rawPoints, stream.length());
        ScriptedTransport transport = transport(stream, cut, points);
        ReceiveBuffer buffer = new ReceiveBuffer(new Counters());
        List<Outcome> lines = new ArrayList<>();
        int[] retries = {0};
        Outcome outcome;
        do {
            outcome = new ReceiveOp.Line("").runRetrying(buffer, transport, points.length, retries);
            lines.add(outcome);
        } while (outcome.isOk());

        List<Outcome> expected = new ArrayList<>();
        String rest = stream;
        for (int lf = rest.indexOf('\n'); lf >= 0; lf = rest.indexOf('\n')) {
            expected.add(Outcome.ok(rest.substring(0, lf).replace("\r", "")));
            rest = rest.substring(lf + 1);
        }
        expected.add(Outcome.failed("closed", rest.replace("\r", "")));
        assertEquals(expected, lines);
        assertEquals(points.length, retries[0], "every timeout point was met once");
    }

    @Property(tries = 400)
    void countsSurviveTimeouts(
            @ForAll("streams") String stream,
            @ForAll("cuts") int[] cut,
            @ForAll("points") List<Integer> rawPoints,
            @ForAll("positiveCounts") long count) {
        int[] points = points(rawPoints, stream.length());
        ScriptedTransport transport = transport(stream, cut, points);
        ReceiveBuffer buffer = new ReceiveBuffer(new Counters());
        StringBuilder reassembled = new StringBuilder();
        int[] retries = {0};
        Outcome outcome;
        do {
            outcome = new ReceiveOp.Count(count, "").runRetrying(buffer, transport, points.length, retries);
            if (outcome.isOk()) {
                assertEquals(count, outcome.data().length(), "a successful count returns exactly count bytes");
            } else {
                assertEquals("closed", outcome.error());
                assertTrue(outcome.data().length() < count, "the closed partial is short");
            }
            reassembled.append(outcome.data());
        } while (outcome.isOk());
        assertEquals(Outcome.ok(stream), Outcome.ok(reassembled.toString()));
        assertEquals(points.length, retries[0], "every timeout point was met once");
    }

    /**
     * {@code *a} gets everything back; it fails "closed" (with all the data as partial) exactly
     * when its last call took nothing: a timeout just before the end, or an empty stream.
     */
    @Property(tries = 400)
    void allSurvivesTimeouts(
            @ForAll("streams") String stream,
            @ForAll("cuts") int[] cut,
            @ForAll("points") List<Integer> rawPoints,
            @ForAll("prefixes") String prefix) {
        int[] points = points(rawPoints, stream.length());
        ScriptedTransport transport = transport(stream, cut, points);
        ReceiveBuffer buffer = new ReceiveBuffer(new Counters());
        Outcome outcome = new ReceiveOp.All(prefix).runRetrying(buffer, transport, points.length, new int[1]);
        boolean lastCallTookNothing = stream.isEmpty() || Set.of(box(points)).contains(stream.length());
        Outcome expected = lastCallTookNothing
                ? Outcome.failed("closed", prefix + stream)
                : Outcome.ok(prefix + stream);
        assertEquals(expected, outcome);
        assertFalse(buffer.dirty());
    }

    /**
     * Mixed calls, each retried on timeout, return what the model returns without timeouts,
     * except that a retried {@code *a} may end "closed" with all its data when its last call
     * took nothing.
     */
    @Property(tries = 400)
    void mixedCallsSurviveTimeouts(
            @ForAll("streams") String stream,
            @ForAll("cuts") int[] cut,
            @ForAll("points") List<Integer> rawPoints,
            @ForAll("ops") List<ReceiveOp> ops) {
        int[] points = points(rawPoints, stream.length());
        Counters counters = new Counters();
        ReceiveBuffer buffer = new ReceiveBuffer(counters);
        ScriptedTransport transport = transport(stream, cut, points);
        ReceiveModel model = new ReceiveModel(stream, ScriptedTransport.Ending.EOF);
        for (int call = 0; call < ops.size(); call++) {
            ReceiveOp op = ops.get(call);
            int[] retries = {0};
            Outcome expected = model.apply(op);
            Outcome actual = op.runRetrying(buffer, transport, points.length, retries);
            String where = "call " + call + ": " + op + " after " + retries[0] + " timeouts";
            if (op instanceof ReceiveOp.All && expected.isOk() && retries[0] > 0 && !actual.isOk()) {
                expected = Outcome.failed("closed", expected.data());
            }
            assertEquals(expected, actual, where);
            assertEquals(model.position(), counters.received(), where + ": received counter");
        }
    }

    /** A reset ends the stream: {@code *a} fails "closed" and hands over every byte as partial. */
    @Property(tries = 400)
    void allAfterResetKeepsEveryByte(
            @ForAll("streams") String stream,
            @ForAll("cuts") int[] cut,
            @ForAll("points") List<Integer> rawPoints,
            @ForAll("prefixes") String prefix) {
        int[] points = points(rawPoints, stream.length());
        ScriptedTransport transport = transport(stream, cut, points)
                .endingWith(ScriptedTransport.Ending.RESET);
        Counters counters = new Counters();
        ReceiveBuffer buffer = new ReceiveBuffer(counters);
        Outcome outcome = new ReceiveOp.All(prefix).runRetrying(buffer, transport, points.length, new int[1]);
        assertEquals(Outcome.failed("closed", prefix + stream), outcome);
        assertEquals(stream.length(), counters.received());
        assertFalse(buffer.dirty());
    }

    private static ScriptedTransport transport(String stream, int[] cut, int[] points) {
        return ScriptedTransport.of(Outcome.bytes(stream)).cutInto(cut).timeoutAt(points);
    }

    /** Generated points folded into {@code [0, length]}, without repeats. */
    private static int[] points(List<Integer> raw, int length) {
        TreeSet<Integer> points = new TreeSet<>();
        for (int point : raw) {
            points.add(point % (length + 1));
        }
        return points.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Integer[] box(int[] values) {
        return java.util.Arrays.stream(values).boxed().toArray(Integer[]::new);
    }

    @Provide
    Arbitrary<String> streams() {
        return StreamArbitraries.stream();
    }

    @Provide
    Arbitrary<int[]> cuts() {
        return StreamArbitraries.cut();
    }

    @Provide
    Arbitrary<List<Integer>> points() {
        return Arbitraries.integers().between(0, 1_000_000).list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<Long> positiveCounts() {
        return StreamArbitraries.count().filter(n -> n > 0);
    }

    @Provide
    Arbitrary<String> prefixes() {
        return StreamArbitraries.prefix();
    }

    @Provide
    Arbitrary<List<ReceiveOp>> ops() {
        return StreamArbitraries.ops();
    }
}
