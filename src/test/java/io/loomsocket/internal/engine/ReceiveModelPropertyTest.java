package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any sequence of {@code *l}, {@code *a} and count calls, over any stream cut into any reads,
 * returns what the string model returns (semantics reference 2.1 and 3.1).
 */
class ReceiveModelPropertyTest {
    @Property(tries = 1000)
    void callsReturnWhatTheModelReturns(
            @ForAll("streams") String stream,
            @ForAll("cuts") int[] cut,
            @ForAll("endings") ScriptedTransport.Ending ending,
            @ForAll("ops") List<ReceiveOp> ops) {
        Counters counters = new Counters();
        ReceiveBuffer buffer = new ReceiveBuffer(counters);
        ScriptedTransport transport = ScriptedTransport.of(Outcome.bytes(stream))
                .cutInto(cut)
                .endingWith(ending)
                .beforeEachRead((served, off, len) -> {
                    // The socket is read only when the buffer is empty, asking for a whole
                    // buffer; or, when a count will take every byte of it anyway, straight into
                    // the result, asking for the rest of the count up to DIRECT_READ (so the
                    // offset is not checked).
                    assertFalse(buffer.dirty(), "read while the buffer holds data");
                    assertEquals(served, counters.received(), "read before every served byte was consumed");
                    assertTrue(len >= ReceiveBuffer.SIZE && len <= ReceiveBuffer.DIRECT_READ,
                            "read length " + len);
                });
        ReceiveModel model = new ReceiveModel(stream, ending);
        for (int call = 0; call < ops.size(); call++) {
            ReceiveOp op = ops.get(call);
            Outcome expected = model.apply(op);
            Outcome actual = op.run(buffer, transport);
            String where = "call " + call + ": " + op;
            assertEquals(expected, actual, where);
            assertEquals(model.position(), counters.received(), where + ": received counter");
            if (model.exhausted()) {
                assertFalse(buffer.dirty(), where + ": dirty with the whole stream consumed");
            }
        }
    }

    @Property(tries = 300)
    void resultsDoNotDependOnTheCut(
            @ForAll("streams") String stream,
            @ForAll("cuts") int[] cut,
            @ForAll("endings") ScriptedTransport.Ending ending,
            @ForAll("ops") List<ReceiveOp> ops) {
        byte[] bytes = Outcome.bytes(stream);
        List<Outcome> byCut = runAll(ops, ScriptedTransport.of(bytes).cutInto(cut).endingWith(ending));
        List<Outcome> byByte = runAll(ops, ScriptedTransport.oneBytePerRead(bytes).endingWith(ending));
        List<Outcome> whole = runAll(ops, ScriptedTransport.of(bytes).endingWith(ending));
        assertEquals(byByte, byCut, "generated cut against one byte per read");
        assertEquals(whole, byCut, "generated cut against a single chunk");
    }

    private static List<Outcome> runAll(List<ReceiveOp> ops, ScriptedTransport transport) {
        ReceiveBuffer buffer = new ReceiveBuffer(new Counters());
        List<Outcome> outcomes = new ArrayList<>();
        for (ReceiveOp op : ops) {
            outcomes.add(op.run(buffer, transport));
        }
        return outcomes;
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
    Arbitrary<ScriptedTransport.Ending> endings() {
        return StreamArbitraries.ending();
    }

    @Provide
    Arbitrary<List<ReceiveOp>> ops() {
        return StreamArbitraries.ops();
    }
}
