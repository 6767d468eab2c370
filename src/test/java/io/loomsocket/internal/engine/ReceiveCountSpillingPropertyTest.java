package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loomsocket.ReceiveException;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Counts of any size over any arrival cut take from the kernel exactly what C LuaSocket's
 * 8192-byte fills take, and return the same results, whether the transport reads a count's
 * tail with its last steps in one scatter read or through the buffer after them. The
 * reference is a direct model of {@code buffer.c}: an 8 KiB buffer, filled by a read of 8192
 * bytes only when empty.
 */
class ReceiveCountSpillingPropertyTest {
    private static final int SIZE = ReceiveBuffer.SIZE;

    @Property(tries = 400)
    void scatterReadsTakeWhatCsFillsTake(
            @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 300_000) int length,
            @ForAll("cuts") int[] cut,
            @ForAll("endings") ScriptedTransport.Ending ending,
            @ForAll @Size(min = 1, max = 6)
                    List<@IntRange(min = 1, max = 150_000) Integer> counts) {
        byte[] stream = new byte[length];
        new Random(seed).nextBytes(stream);
        ScriptedTransport plain = ScriptedTransport.of(stream).cutInto(cut).endingWith(ending);
        ScriptedTransport spilling = ScriptedTransport.of(stream).cutInto(cut).endingWith(ending)
                .spilling();
        ScriptedTransport cFills = ScriptedTransport.of(stream).cutInto(cut).endingWith(ending);
        ReceiveBuffer plainBuffer = new ReceiveBuffer(new Counters());
        ReceiveBuffer spillingBuffer = new ReceiveBuffer(new Counters());
        CBuffer c = new CBuffer();
        for (int call = 0; call < counts.size(); call++) {
            int count = counts.get(call);
            String where = "call " + call + ": receive(" + count + ")";
            Outcome expected = c.receive(count, cFills);
            assertEquals(expected, receive(plainBuffer, count, plain), where + ", plain reads");
            assertEquals(expected, receive(spillingBuffer, count, spilling),
                    where + ", scatter reads");
            assertEquals(cFills.served(), plain.served(), where + ": kernel bytes taken, plain");
            assertEquals(cFills.served(), spilling.served(),
                    where + ": kernel bytes taken, scatter");
            assertEquals(c.buffered(), spillingBuffer.buffered(), where + ": buffered, scatter");
            assertEquals(c.buffered(), plainBuffer.buffered(), where + ": buffered, plain");
        }
    }

    private static Outcome receive(ReceiveBuffer buffer, int count, ScriptedTransport peer) {
        try {
            return Outcome.ok(buffer.receiveCount(count, new byte[0], peer,
                    Timeout.Clock.unlimited()));
        } catch (ReceiveException e) {
            return Outcome.of(e);
        }
    }

    /** buffer.c's count receive: fills of 8192 bytes, each only when the buffer is empty. */
    private static final class CBuffer {
        private final byte[] data = new byte[SIZE];
        private int first;
        private int last;

        int buffered() {
            return last - first;
        }

        Outcome receive(int count, ScriptedTransport peer) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (out.size() < count) {
                if (first == last) {
                    int got;
                    try {
                        got = peer.read(data, 0, SIZE, Timeout.Clock.unlimited());
                    } catch (IoFailure failure) {
                        return Outcome.failed(failure.getMessage(),
                                Outcome.text(out.toByteArray()));
                    }
                    if (got == Transport.CLOSED) {
                        return Outcome.failed("closed", Outcome.text(out.toByteArray()));
                    }
                    first = 0;
                    last = got;
                }
                int take = Math.min(count - out.size(), last - first);
                out.write(data, first, take);
                first += take;
            }
            return Outcome.ok(out.toByteArray());
        }
    }

    @Provide
    Arbitrary<int[]> cuts() {
        Arbitrary<Integer> size = Arbitraries.oneOf(Arbitraries.integers().between(1, 20),
                Arbitraries.integers().between(1, 70_000),
                Arbitraries.of(SIZE - 1, SIZE, SIZE + 1, 65_536, 1 << 20));
        return size.list().ofMinSize(1).ofMaxSize(4)
                .map(list -> list.stream().mapToInt(Integer::intValue).toArray());
    }

    @Provide
    Arbitrary<ScriptedTransport.Ending> endings() {
        return Arbitraries.of(ScriptedTransport.Ending.class);
    }
}
