package io.loomsocket.internal.engine;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators for the receive properties: byte streams rich in LF, CR and a few letters, read cuts
 * around the 8 KiB buffer size, and receive calls. Bytes travel as ISO-8859-1 text.
 */
final class StreamArbitraries {
    private StreamArbitraries() {}

    /** One byte, biased toward LF, CR and three letters, sometimes any value at all. */
    static Arbitrary<Character> streamChar() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just('\n')),
                Tuple.of(3, Arbitraries.just('\r')),
                Tuple.of(6, Arbitraries.of('a', 'b', 'c')),
                Tuple.of(2, Arbitraries.chars().range('\u0000', '\u00ff')));
    }

    /** A short run of biased bytes, the kind that makes many short lines. */
    static Arbitrary<String> shortText(int maxLength) {
        return streamChar().list().ofMaxSize(maxLength)
                .map(chars -> {
                    StringBuilder text = new StringBuilder(chars.size());
                    chars.forEach(text::append);
                    return text.toString();
                });
    }

    /** A long run of one byte: lines and counts that span buffer fills. */
    static Arbitrary<String> run() {
        Arbitrary<Integer> length = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(1, 100)),
                Tuple.of(2, Arbitraries.integers().between(8185, 8200)),
                Tuple.of(1, Arbitraries.integers().between(1, 20_000)));
        return Combinators.combine(Arbitraries.of('a', 'b', '\r', '\u0000'), length)
                .as((c, n) -> String.valueOf(c).repeat(n));
    }

    /** A stream: pieces of short text and long runs, usually a few KiB, at most some 100 KiB. */
    static Arbitrary<String> stream() {
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                Tuple.of(4, shortText(80)),
                Tuple.of(1, run()));
        return piece.list().ofMaxSize(20).map(pieces -> String.join("", pieces));
    }

    /** One chunk size of the peer: 1, the sizes around the buffer's, small and medium sizes. */
    static Arbitrary<Integer> cutSize() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(1)),
                Tuple.of(2, Arbitraries.of(8191, 8192, 8193)),
                Tuple.of(4, Arbitraries.integers().between(1, 16)),
                Tuple.of(2, Arbitraries.integers().between(1, 20_000)));
    }

    /** A read cut: chunk sizes used in turn, repeated. */
    static Arbitrary<int[]> cut() {
        return cutSize().list().ofMinSize(1).ofMaxSize(8)
                .map(sizes -> sizes.stream().mapToInt(Integer::intValue).toArray());
    }

    /** A prefix: usually empty, otherwise a few biased bytes (CRs in a prefix are kept). */
    static Arbitrary<String> prefix() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just("")),
                Tuple.of(2, shortText(10).filter(s -> !s.isEmpty())));
    }

    /** A byte count: 0, small, around the buffer size, or anything up to 20 000. */
    static Arbitrary<Long> count() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(0L)),
                Tuple.of(5, Arbitraries.longs().between(1, 16)),
                Tuple.of(1, Arbitraries.of(8191L, 8192L, 8193L)),
                Tuple.of(1, Arbitraries.longs().between(0, 20_000)));
    }

    static Arbitrary<ReceiveOp> op() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, prefix().map(ReceiveOp.Line::new)),
                Tuple.of(1, prefix().map(ReceiveOp.All::new)),
                Tuple.of(6, Combinators.combine(count(), prefix()).as(ReceiveOp.Count::new)));
    }

    static Arbitrary<List<ReceiveOp>> ops() {
        return op().list().ofMinSize(1).ofMaxSize(25);
    }

    static Arbitrary<ScriptedTransport.Ending> ending() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(ScriptedTransport.Ending.EOF)),
                Tuple.of(1, Arbitraries.just(ScriptedTransport.Ending.RESET)),
                Tuple.of(1, Arbitraries.just(ScriptedTransport.Ending.TIMEOUT)));
    }
}
