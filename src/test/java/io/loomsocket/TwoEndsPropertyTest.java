package io.loomsocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random sequences of operations on both ends of one loopback connection (sends with i and j,
 * receives with every pattern, prefixes and maximum sizes, timeouts in both modes including 0,
 * shutdowns, closes, options good and bad, stats, dirty): only documented exceptions come out;
 * every byte a receiver consumes is the next byte its peer reported sent (none lost, repeated or
 * invented); when neither end was closed or shut down, everything reported sent arrives; and no
 * descriptor is left open. Every wait is bounded by a timeout, so one thread drives both ends.
 */
class TwoEndsPropertyTest {
    /** One operation on end 0 (the connecting client) or end 1 (the accepted one). */
    sealed interface Op {
        int end();
    }

    record Send(int end, int size, long seed, long i, long j) implements Op {}

    /** {@code kind}: 'l', 'a', 'n' (a count), 's' (a count as a numeric string). */
    record Receive(int end, char kind, long count, String prefix, long maxSize) implements Op {}

    record SetTimeout(int end, double block, double total) implements Op {}

    record Shutdown(int end, String mode) implements Op {}

    record Close(int end) implements Op {}

    record SetOption(int end, String name, Object value) implements Op {}

    record Stats(int end, int arity, long received, long sent, double age) implements Op {}

    record Dirty(int end) implements Op {}

    /** One direction of the connection: what the sender reported sent, what was consumed. */
    private static final class Direction {
        final ByteArrayOutputStream sent = new ByteArrayOutputStream();
        long consumed;
    }

    @Property(tries = 40)
    void bytesArriveOnceAndInOrderAndOnlyDocumentedExceptionsComeOut(
            @ForAll("operations") List<Op> ops, @ForAll boolean smallBuffers) throws Exception {
        List<String> before = NoLeakedSockets.sockets();
        boolean ended = false;
        try (Loopback pair = open(smallBuffers)) {
            TcpClient[] ends = {pair.client(), pair.peer()};
            Direction[] into = {new Direction(), new Direction()};
            for (TcpClient end : ends) {
                end.settimeout(0.02);
            }
            for (int k = 0; k < ops.size(); k++) {
                Op op = ops.get(k);
                String where = "operation " + k + " of " + ops.size() + ": " + op;
                ended |= op instanceof Close || op instanceof Shutdown;
                apply(op, ends, into, where);
            }
            if (!ended) {
                for (int end = 0; end < 2; end++) {
                    drain(ends[end], into[end], "draining end " + end);
                }
            }
        }
        assertNoDescriptorLeft(before);
    }

    /**
     * A connected pair; with {@code small}, the kernel's smallest buffers, so that sends stop
     * part way more often. They are set before the connection exists: a receive buffer made
     * smaller afterwards cannot take back the window already offered, and the kernel then
     * drops what it cannot hold and waits for retransmissions, for minutes (with plain JDK
     * sockets too).
     */
    private static Loopback open(boolean small) throws Exception {
        if (!small) {
            return Loopback.open();
        }
        try (TcpMaster listener = Tcp.tcp4()) {
            smallest(listener).bind("127.0.0.1", 0);
            TcpServer server = listener.listen(1);
            BlockedCall<TcpClient> accepted = BlockedCall.start(server::accept);
            TcpMaster connecting = smallest(Tcp.tcp4());
            try {
                TcpClient client = connecting.connect("127.0.0.1", server.getsockname().port());
                return new Loopback(client, accepted.get());
            } catch (Exception | Error e) {
                connecting.close();
                throw e;
            }
        }
    }

    private static TcpMaster smallest(TcpMaster master) throws TcpException {
        master.setoption("send-buffer-size", 0);
        master.setoption("recv-buffer-size", 0);
        return master;
    }

    private static void apply(Op op, TcpClient[] ends, Direction[] into, String where)
            throws Exception {
        TcpClient self = ends[op.end()];
        try {
            switch (op) {
                case Send s -> send(self, s, into[1 - s.end()], where);
                case Receive r -> receive(self, r, into[r.end()], where);
                case SetTimeout t -> {
                    self.settimeout(t.block());
                    self.settimeout(t.total(), "t");
                }
                case Shutdown s -> self.shutdown(s.mode());
                case Close c -> self.close();
                case SetOption o -> self.setoption(o.name(), o.value());
                case Stats s -> {
                    switch (s.arity()) {
                        case 0 -> self.getstats();
                        case 1 -> self.setstats(s.received());
                        case 2 -> self.setstats(s.received(), s.sent());
                        default -> self.setstats(s.received(), s.sent(), s.age());
                    }
                }
                case Dirty d -> self.dirty();
            }
        } catch (TcpException | IllegalArgumentException | UnsupportedOperationException e) {
            // Documented outcomes of these calls; receive and send check theirs themselves.
            assertDocumented(op, e, where);
        } catch (AssertionError e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(where + ": undocumented " + t, t);
        }
    }

    private static void assertDocumented(Op op, Exception e, String where) {
        boolean documented = switch (e) {
            case TcpException t -> op instanceof SetOption;
            case UnsupportedOperationException u -> op instanceof SetOption;
            default -> op instanceof SetOption
                    || op instanceof Shutdown s && "bogus".equals(s.mode());
        };
        assertTrue(documented, where + ": " + e);
    }

    private static void send(TcpClient self, Send s, Direction out, String where)
            throws Exception {
        byte[] data = data(s.size(), s.seed());
        long first = s.i() < 0 ? data.length + s.i() + 1 : s.i();
        long last = s.j() < 0 ? data.length + s.j() + 1 : s.j();
        first = Math.max(first, 1);
        last = Math.min(last, data.length);
        long reported;
        try {
            reported = self.send(data, s.i(), s.j());
            assertEquals(first > last ? first - 1 : last, reported, where + ": last index");
        } catch (SendException e) {
            reported = e.lastIndex();
            assertTrue(first <= last && reported >= first - 1 && reported < last,
                    where + ": last index " + reported + " of " + first + ".." + last);
        }
        if (reported >= first) {
            out.sent.write(data, (int) first - 1, (int) (reported - first + 1));
        }
    }

    private static void receive(TcpClient self, Receive r, Direction in, String where)
            throws Exception {
        byte[] prefix = LoopbackSupport.bytes(r.prefix());
        long before = self.getstats().received();
        byte[] got;
        ReceiveException failure = null;
        try {
            got = switch (r.kind()) {
                case 'l' -> r.maxSize() > 0 ? self.receive("*l", prefix, r.maxSize())
                        : self.receive("*l", prefix);
                case 'a' -> r.maxSize() > 0 ? self.receive("*a", prefix, r.maxSize())
                        : self.receive("*a", prefix);
                case 's' -> r.maxSize() > 0 ? self.receive(" " + r.count(), prefix, r.maxSize())
                        : self.receive(" " + r.count(), prefix);
                default -> self.receive(r.count(), prefix);
            };
        } catch (ReceiveException e) {
            failure = e;
            got = e.partial();
        } catch (IllegalArgumentException e) {
            assertEquals(before, self.getstats().received(), where + ": raised after consuming");
            return;
        }
        long consumed = self.getstats().received() - before;
        byte[] stream = in.sent.toByteArray();
        assertTrue(in.consumed + consumed <= stream.length, where + ": consumed " + consumed
                + " bytes, but only " + (stream.length - in.consumed) + " were sent");
        byte[] segment = Arrays.copyOfRange(stream, (int) in.consumed,
                (int) (in.consumed + consumed));
        in.consumed += consumed;
        assertArrayEquals(prefix, Arrays.copyOf(got, Math.min(prefix.length, got.length)),
                where + ": the prefix comes first");
        byte[] taken = Arrays.copyOfRange(got, Math.min(prefix.length, got.length), got.length);
        byte[] expected = segment;
        if (r.kind() == 'l') {
            boolean lineEnded = failure == null;
            int lf = indexOf(segment, (byte) '\n');
            assertEquals(lineEnded ? segment.length - 1 : -1, lf, where + ": where the LF was");
            expected = withoutCr(lineEnded ? Arrays.copyOf(segment, lf) : segment);
        }
        assertArrayEquals(expected, taken, where + ": the bytes taken are the next ones sent");
        if (failure != null && failure.kind() == TcpException.Kind.OVERSIZED) {
            assertEquals(r.maxSize(), got.length, where + ": an oversized partial's length");
        }
        if (r.maxSize() > 0 && r.kind() != 'n') {
            assertTrue(got.length <= r.maxSize(), where + ": past the maximum size");
        }
    }

    /** Reads what is left of the stream into {@code self}: all of it must arrive. */
    private static void drain(TcpClient self, Direction in, String where) throws Exception {
        long left = in.sent.size() - in.consumed;
        self.settimeout(-1);
        self.settimeout(5, "t");
        // receive(0) would wait for a byte (it fills an empty buffer), so nothing is asked then.
        byte[] rest = left == 0 ? new byte[0] : self.receive(left);
        byte[] stream = in.sent.toByteArray();
        assertArrayEquals(Arrays.copyOfRange(stream, (int) in.consumed, stream.length), rest,
                where);
        self.settimeout(0);
        ReceiveException nothing = org.junit.jupiter.api.Assertions.assertThrows(
                ReceiveException.class, () -> self.receive(1), where + ": a byte more");
        assertEquals("timeout", nothing.getMessage(), where + ": nothing more was sent");
    }

    private static void assertNoDescriptorLeft(List<String> before) throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (true) {
            List<String> leaked = NoLeakedSockets.sockets();
            leaked.removeAll(before);
            if (leaked.isEmpty()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                fail("descriptors left open: " + leaked);
            }
            Thread.sleep(10);
        }
    }

    private static byte[] data(int size, long seed) {
        byte[] bytes = new byte[size];
        Random random = new Random(seed);
        random.nextBytes(bytes);
        for (int k = 0; k < size; k++) {
            int pick = random.nextInt(16);
            if (pick == 0) {
                bytes[k] = '\n';
            } else if (pick == 1) {
                bytes[k] = '\r';
            }
        }
        return bytes;
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int k = 0; k < bytes.length; k++) {
            if (bytes[k] == b) {
                return k;
            }
        }
        return -1;
    }

    private static byte[] withoutCr(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : bytes) {
            if (b != '\r') {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    // ---- generators -------------------------------------------------------------------------

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Integer> end = Arbitraries.integers().between(0, 1);
        Arbitrary<Integer> size = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.integers().between(0, 100)),
                Tuple.of(2, Arbitraries.integers().between(8190, 8194)),
                Tuple.of(2, Arbitraries.integers().between(20_000, 3_000_000)));
        Arbitrary<Long> index = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(1L)),
                Tuple.of(3, Arbitraries.longs().between(-120, 120)),
                Tuple.of(1, Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L)));
        Arbitrary<Long> lastIndex = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(-1L)),
                Tuple.of(3, Arbitraries.longs().between(-120, 9000)),
                Tuple.of(1, Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L)));
        Arbitrary<Op> send = Combinators.combine(end, size, Arbitraries.longs(), index, lastIndex)
                .as(Send::new);
        Arbitrary<Long> count = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.longs().between(0, 20)),
                Tuple.of(2, Arbitraries.of(8191L, 8192L, 8193L)),
                Tuple.of(1, Arbitraries.longs().between(0, 100_000)));
        Arbitrary<String> prefix = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just("")),
                Tuple.of(1, Arbitraries.strings().withChars("ab\r\n").ofMaxLength(5)));
        Arbitrary<Long> maxSize = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just(0L)),
                Tuple.of(2, Arbitraries.longs().between(1, 12)),
                Tuple.of(1, Arbitraries.longs().between(8185, 8200)));
        Arbitrary<Op> receive = Combinators.combine(end, Arbitraries.of('l', 'l', 'a', 'n', 's'),
                count, prefix, maxSize).as(Receive::new);
        Arbitrary<Op> timeout = Combinators.combine(end, Arbitraries.of(0.0, 0.001, 0.02, -1.0),
                Arbitraries.of(-1.0, 0.0, 0.01, 0.04))
                .as((e, block, total) -> new SetTimeout(e, block, block < 0 && total < 0
                        ? 0.02 : total));
        Arbitrary<Op> shutdown = Combinators.combine(end,
                Arbitraries.of("send", "receive", "both", null, "bogus")).as(Shutdown::new);
        // No receive buffer is made smaller on an open connection (see open); the values a
        // number option refuses still reach it.
        Arbitrary<Op> option = Combinators.combine(end,
                Arbitraries.of("recv-buffer-size", "send-buffer-size", "tcp-nodelay",
                        "keepalive", "linger", "tcp-keepidle", "reuseaddr", "bogus", "error"),
                Arbitraries.of(4096, 1 << 20, true, false, "abc", "12", Double.NaN, -1,
                        new Linger(true, 0), Map.of("on", false, "timeout", 1)))
                .filter((e, name, value) -> !name.equals("recv-buffer-size")
                        || !(value instanceof Number || value instanceof String s
                                && s.equals("12")) || value instanceof Double d && d.isNaN())
                .as(SetOption::new);
        Arbitrary<Op> stats = Combinators.combine(end, Arbitraries.integers().between(0, 3),
                Arbitraries.longs(), Arbitraries.longs(), Arbitraries.of(0.0, -1.0, Double.NaN))
                .as(Stats::new);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                Tuple.of(8, send),
                Tuple.of(10, receive),
                Tuple.of(2, timeout),
                Tuple.of(1, shutdown),
                Tuple.of(1, end.map(Close::new)),
                Tuple.of(2, option),
                Tuple.of(1, stats),
                Tuple.of(1, end.map(Dirty::new)));
        return op.list().ofMinSize(1).ofMaxSize(30);
    }
}
