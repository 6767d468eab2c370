package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Example;

/**
 * The shapes of LuaSocket's {@code testclnt.lua} (semantics reference 8.2: character line, binary
 * line, raw transfer, mixed patterns, non-blocking lines) at its ladder of sizes, over the
 * in-memory transport instead of loopback.
 */
class ReceiveLadderTest {
    /** Chunk sizes of a plausible loopback peer: a segment, a buffer's worth, a big write. */
    private static final int[] CUT = {1460, 8192, 65483, 3};

    @Example
    void size1() {
        ladder(1);
    }

    @Example
    void size17() {
        ladder(17);
    }

    @Example
    void size200() {
        ladder(200);
    }

    @Example
    void size4091() {
        ladder(4091);
    }

    @Example
    void size80199() {
        ladder(80199);
    }

    @Example
    void size800000() {
        ladder(800000);
    }

    private static void ladder(int len) {
        characterLine(len);
        binaryLine(len);
        rawTransfer(len);
        mixedPatterns(len);
        nonBlockingLine(len);
    }

    /** test_asciiline: a printable line comes back intact through {@code *l}. */
    private static void characterLine(int len) {
        String line = "x".repeat(len % 10) + "aZb.c#dAe?".repeat(len / 10);
        assertEquals(List.of(Outcome.ok(line), Outcome.failed("closed", "")),
                run(line + "\n", new ReceiveOp.Line(""), new ReceiveOp.Line("")), "asciiline " + len);
    }

    /** test_rawline: a line of control bytes and NUL, without CR or LF. */
    private static void binaryLine(int len) {
        String unit = new String(new char[] {120, 21, 77, 4, 5, 0, 7, 36, 44, 100});
        String line = String.valueOf((char) 47).repeat(len % 10) + unit.repeat(len / 10);
        assertEquals(List.of(Outcome.ok(line)), run(line + "\n", new ReceiveOp.Line("")), "rawline " + len);
    }

    /** test_raw: two halves sent, one count received. */
    private static void rawTransfer(int len) {
        String data = "x".repeat(len / 2) + "y".repeat(len - len / 2);
        assertEquals(List.of(Outcome.ok(data), Outcome.failed("closed", "")),
                run(data, new ReceiveOp.Count(len, ""), new ReceiveOp.Count(1, "")), "raw " + len);
    }

    /** test_mixed: a unix line, a dos line, a count and the rest with {@code *a}. */
    private static void mixedPatterns(int len) {
        int inter = Math.max(len / 4, 1);
        String p1 = "unix " + "x".repeat(inter) + "line\n";
        String p2 = "dos " + "y".repeat(inter) + "line\r\n";
        String p3 = "raw " + "z".repeat(inter) + "bytes";
        String p4 = "end" + "w".repeat(inter) + "bytes";
        List<Outcome> expected = List.of(
                Outcome.ok(p1.substring(0, p1.length() - 1)),
                Outcome.ok(p2.substring(0, p2.length() - 2)),
                Outcome.ok(p3),
                Outcome.ok(p4));
        assertEquals(expected, run(p1 + p2 + p3 + p4,
                new ReceiveOp.Line(""), new ReceiveOp.Line(""),
                new ReceiveOp.Count(p3.length(), ""), new ReceiveOp.All("")), "mixed " + len);
    }

    /** test_nonblocking: {@code *l} with the partial passed back across timeouts. */
    private static void nonBlockingLine(int len) {
        String line = "x".repeat(len % 10) + "aZb.c#dAe?".repeat(len / 10);
        byte[] stream = Outcome.bytes(line + "\n");
        int[] points = {0, stream.length / 3, stream.length / 2, stream.length - 1};
        ScriptedTransport transport = ScriptedTransport.of(stream).cutInto(CUT).timeoutAt(points);
        int[] retries = {0};
        Outcome outcome = new ReceiveOp.Line("").runRetrying(
                new ReceiveBuffer(new Counters()), transport, points.length, retries);
        assertEquals(Outcome.ok(line), outcome, "nonblocking " + len);
    }

    private static List<Outcome> run(String stream, ReceiveOp... ops) {
        ScriptedTransport transport = ScriptedTransport.of(Outcome.bytes(stream)).cutInto(CUT);
        ReceiveBuffer buffer = new ReceiveBuffer(new Counters());
        List<Outcome> outcomes = new ArrayList<>();
        for (ReceiveOp op : ops) {
            outcomes.add(op.run(buffer, transport));
        }
        return outcomes;
    }
}
