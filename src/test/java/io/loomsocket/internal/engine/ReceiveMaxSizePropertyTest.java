package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loomsocket.ReceiveException;
import io.loomsocket.TcpException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * {@code *l} and {@code *a} with a maximum size, over any stream cut into any reads, return
 * what a string model returns: a result never passes the limit, one that would is "oversized"
 * with exactly the limit's worth, the rest stays for the next call, a pattern that ends right
 * at the limit succeeds, and a timeout at the limit is "oversized".
 */
class ReceiveMaxSizePropertyTest {
    /** One call: a line or all, with a prefix and a limit longer than the prefix. */
    record Call(boolean line, String prefix, int maxSize) {}

    @Property(tries = 1000)
    void callsReturnWhatTheModelReturns(
            @ForAll("streams") String stream,
            @ForAll("cuts") int[] cut,
            @ForAll("endings") ScriptedTransport.Ending ending,
            @ForAll("calls") List<Call> calls) {
        Counters counters = new Counters();
        ReceiveBuffer buffer = new ReceiveBuffer(counters);
        ScriptedTransport transport = ScriptedTransport.of(Outcome.bytes(stream)).cutInto(cut)
                .endingWith(ending);
        Model model = new Model(stream, ending);
        for (int k = 0; k < calls.size(); k++) {
            Call call = calls.get(k);
            String expected = model.apply(call);
            String actual = run(buffer, transport, call);
            assertEquals(expected, actual, "call " + k + ": " + call);
            assertEquals(model.position, counters.received(), "call " + k + ": received");
        }
    }

    private static String run(ReceiveBuffer buffer, Transport transport, Call call) {
        byte[] prefix = Outcome.bytes(call.prefix());
        Timeout.Clock clock = Timeout.Clock.unlimited();
        try {
            byte[] result = call.line()
                    ? buffer.receiveLine(prefix, call.maxSize(), transport, clock)
                    : buffer.receiveAll(prefix, call.maxSize(), transport, clock);
            if (result.length > call.maxSize()) {
                throw new AssertionError("a result of " + result.length + " bytes");
            }
            return Outcome.ok(result).toString();
        } catch (ReceiveException e) {
            String kind = switch (e.kind()) {
                case OVERSIZED -> "oversized";
                case TIMEOUT -> "timeout";
                case CLOSED -> "closed";
                default -> throw new AssertionError(e.kind());
            };
            assertEquals(kind, e.getMessage());
            if (e.kind() == TcpException.Kind.OVERSIZED) {
                assertEquals(call.maxSize(), e.partialLength(), "oversized partial length");
            }
            if (e.kind() == TcpException.Kind.TIMEOUT && e.partialLength() >= call.maxSize()) {
                throw new AssertionError("a timeout partial as long as the limit");
            }
            return Outcome.failed(kind, e.partialString()).toString();
        }
    }

    /** The calls computed on the whole stream, with no buffer. */
    static final class Model {
        private final String stream;
        private final ScriptedTransport.Ending ending;
        int position;

        Model(String stream, ScriptedTransport.Ending ending) {
            this.stream = stream;
            this.ending = ending;
        }

        String apply(Call call) {
            return call.line() ? line(call.prefix(), call.maxSize())
                    : all(call.prefix(), call.maxSize());
        }

        private String endError() {
            return ending == ScriptedTransport.Ending.TIMEOUT ? "timeout" : "closed";
        }

        private String line(String prefix, int maxSize) {
            StringBuilder out = new StringBuilder(prefix);
            while (position < stream.length()) {
                char c = stream.charAt(position);
                if (c == '\n') {
                    position++;
                    return Outcome.ok(out.toString()).toString();
                }
                if (c != '\r') {
                    if (out.length() == maxSize) {
                        return Outcome.failed("oversized", out.toString()).toString();
                    }
                    out.append(c);
                }
                position++;
            }
            return atTheEnd(out, maxSize);
        }

        private String all(String prefix, int maxSize) {
            StringBuilder out = new StringBuilder(prefix);
            boolean tookAny = position < stream.length();
            while (position < stream.length()) {
                if (out.length() == maxSize) {
                    return Outcome.failed("oversized", out.toString()).toString();
                }
                out.append(stream.charAt(position++));
            }
            if (tookAny && ending == ScriptedTransport.Ending.EOF) {
                return Outcome.ok(out.toString()).toString();
            }
            return atTheEnd(out, maxSize);
        }

        /** The stream is exhausted and the pattern not complete. */
        private String atTheEnd(StringBuilder out, int maxSize) {
            String error = endError();
            if (error.equals("timeout") && out.length() == maxSize) {
                error = "oversized";
            }
            return Outcome.failed(error, out.toString()).toString();
        }
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
    Arbitrary<List<Call>> calls() {
        Arbitrary<Integer> extra = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.integers().between(1, 8)),
                Tuple.of(2, Arbitraries.integers().between(8185, 8200)),
                Tuple.of(2, Arbitraries.integers().between(1, 20_000)));
        Arbitrary<Call> call = Combinators.combine(
                Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(true)),
                        Tuple.of(1, Arbitraries.just(false))),
                StreamArbitraries.prefix(), extra)
                .as((line, prefix, more) -> new Call(line, prefix, prefix.length() + more));
        return call.list().ofMinSize(1).ofMaxSize(25);
    }
}
