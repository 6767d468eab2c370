package io.loomsocket.internal.engine;

import io.loomsocket.ReceiveException;
import io.loomsocket.TcpException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * LuaSocket's receive buffer and its three patterns ({@code buffer.c}): 8 KiB, filled from the
 * transport only when empty, never topped up, and kept across {@code close()}.
 *
 * <p>Every method must be called with the owner's receive lock held; {@link #dirty()} and
 * {@link #buffered()} may be called from any thread.
 */
public final class ReceiveBuffer {
    /** LuaSocket's BUF_SIZE: one fill asks for at most this many bytes. Visible for testing. */
    public static final int SIZE = 8192;
    /**
     * The most one read straight into a count's result asks for: the whole 8192-byte steps of
     * the rest of the count, up to what the JDK's own socket reads take at once. C LuaSocket
     * reads a count in fills of its 8192-byte buffer, and the last fill takes whatever the
     * kernel holds past the count (up to the buffer's size), which then shows: in what a
     * receive after close returns, in getstats, and in the FIN rather than the reset that a
     * close sends when no unread byte is left in the kernel. With {@code r} bytes of the count
     * left and {@code a} in the kernel, C's fills take {@code min(a, ceil(r / 8192) * 8192)},
     * and so does every read here: whole steps straight into the result, and a tail that does
     * not end on a step either in the same read, whose part past the count lands in the buffer
     * (a scatter read, where the transport {@linkplain Transport#readsSpilling has one}), or
     * through the buffer after it, as C's last fill. A large count costs a read per 128 KiB
     * instead of one per 8 KiB.
     */
    static final int DIRECT_READ = 128 * 1024;

    private static final byte[] EMPTY = new byte[0];
    /** The maximum size of a receive without one. */
    private static final long NO_LIMIT = Long.MAX_VALUE;

    /**
     * Taken from the {@link BufferPool} when a fill needs it, and given back while the buffer is
     * empty and a receive waits for data: an idle socket holds no array. Null when not held.
     */
    private byte[] data;
    /** Index of the first unread byte; equals {@link #last} when the buffer is empty. */
    private int first;
    /** One past the last unread byte. Both indices return to 0 when the buffer drains. */
    private volatile int last;

    private final Counters counters;
    /** Where {@link #data} comes from and goes back to: {@link BufferPool#SHARED} but in tests. */
    private final BufferPool pool;

    public ReceiveBuffer(Counters counters) {
        this(counters, BufferPool.SHARED);
    }

    /** A buffer that takes its arrays from {@code pool} (visible for testing). */
    ReceiveBuffer(Counters counters, BufferPool pool) {
        this.counters = counters;
        this.pool = pool;
    }

    /** Whether the buffer holds an array now (visible for testing). */
    boolean holdsArray() {
        return data != null;
    }

    /** True if unread bytes are buffered. */
    public boolean dirty() {
        return last != first;
    }

    /** {@code *l}: up to the next LF, which is consumed; every CR is dropped. */
    public byte[] receiveLine(byte[] prefix, Transport transport, Timeout.Clock clock)
            throws ReceiveException {
        return receiveLine(prefix, NO_LIMIT, transport, clock);
    }

    /**
     * {@code *l} with a maximum size for the result, the prefix included (it must be shorter):
     * a line that would pass it fails {@code "oversized"} with exactly {@code maxSize} bytes as
     * the partial, and the rest of the line stays buffered. See {@link #oversizedOrNot}.
     */
    public byte[] receiveLine(byte[] prefix, long maxSize, Transport transport,
            Timeout.Clock clock) throws ReceiveException {
        if (prefix.length == 0) {
            // The common case: a whole line without CR in the buffer (after one fill if it was
            // empty), copied once.
            if (first == last) {
                fill(null, transport, clock);
            }
            int lf = LineEnds.indexOfLfOrCr(data, first, last);
            if (lf >= 0 && data[lf] == '\n' && lf - first <= maxSize) {
                byte[] line = Arrays.copyOfRange(data, first, lf);
                consume(lf + 1 - first);
                return line;
            }
        }
        ByteAccumulator out = ByteAccumulator.limited(prefix, maxSize);
        while (true) {
            if (first == last) {
                fill(out, transport, clock);
            }
            int lf = LineEnds.indexOfLf(data, first, last);
            int end = lf < 0 ? last : lf;
            int stop = out.appendWithoutCr(data, first, end);
            if (stop < end) {
                consume(stop - first);
                throw oversized(out);
            }
            consume((lf < 0 ? last : lf + 1) - first);
            if (lf >= 0) {
                return out.toArray();
            }
        }
    }

    /**
     * {@code *l} as ISO-8859-1 text: a whole CR-free line in the buffer (after one fill if it
     * was empty) becomes the string in one copy; anything else goes through {@link #receiveLine}.
     */
    public String receiveLineText(Transport transport, Timeout.Clock clock)
            throws ReceiveException {
        if (first == last) {
            fill(null, transport, clock);
        }
        int lf = LineEnds.indexOfLfOrCr(data, first, last);
        if (lf >= 0 && data[lf] == '\n') {
            String line = new String(data, first, lf - first, StandardCharsets.ISO_8859_1);
            consume(lf + 1 - first);
            return line;
        }
        return new String(receiveLine(EMPTY, transport, clock), StandardCharsets.ISO_8859_1);
    }

    /**
     * {@code *a}: until a clean end of stream. Succeeds only if this call took at least one byte;
     * a reset fails "closed" with everything taken so far.
     */
    public byte[] receiveAll(byte[] prefix, Transport transport, Timeout.Clock clock)
            throws ReceiveException {
        return receiveAll(prefix, NO_LIMIT, transport, clock);
    }

    /**
     * {@code *a} with a maximum size for the result, the prefix included (it must be shorter):
     * data beyond it fails {@code "oversized"} with exactly {@code maxSize} bytes as the
     * partial, and the rest stays buffered; an end of stream right at the limit is a success.
     */
    public byte[] receiveAll(byte[] prefix, long maxSize, Transport transport,
            Timeout.Clock clock) throws ReceiveException {
        ByteAccumulator out = ByteAccumulator.limited(prefix, maxSize);
        boolean tookAny = false;
        while (true) {
            if (first == last) {
                int count = read(out, transport, clock);
                if (count == Transport.CLOSED) {
                    if (tookAny) {
                        return out.toArray();
                    }
                    throw ReceiveException.closed(out.toArray());
                }
                setFilled(count);
            }
            int take = Math.min(out.room(), last - first);
            if (take == 0) {
                throw oversized(out);
            }
            out.append(data, first, first + take);
            consume(take);
            tookAny = true;
        }
    }

    /**
     * A byte count that includes the prefix: a prefix at least {@code count} long comes back
     * whole with no I/O; otherwise exactly {@code count - prefix.length} more bytes are read. A
     * zero count with an empty prefix still fills an empty buffer once, so it waits for data.
     */
    public byte[] receiveCount(long count, byte[] prefix, Transport transport, Timeout.Clock clock)
            throws ReceiveException {
        if (prefix.length > 0 && count <= prefix.length) {
            return prefix.clone();
        }
        if (prefix.length == 0 && count > 0 && last - first >= count) {
            // The common case: the whole count already buffered, copied once.
            byte[] bytes = Arrays.copyOfRange(data, first, first + (int) count);
            consume((int) count);
            return bytes;
        }
        long wanted = count - prefix.length;
        // Room for the whole count up front (within reason: the peer may never send it all).
        ByteAccumulator out = new ByteAccumulator(prefix, (int) Math.min(count, 1 << 20));
        long taken = 0;
        do {
            if (first == last && wanted - taken >= SIZE) {
                // Fills that would be consumed whole, so read them straight into the result
                // (only with the buffer empty): one copy fewer, and fewer reads. The steps and
                // a tail short of a step in one read, the buffer taking what follows the count
                // as C's last fill does; past DIRECT_READ, whole steps only (DIRECT_READ).
                long rest = wanted - taken;
                int steps = (int) Math.min(rest / SIZE * SIZE, DIRECT_READ);
                long tail = rest - steps;
                taken += tail > 0 && tail < SIZE && transport.readsSpilling()
                        ? fillDirectSpilling(out, steps + (int) tail, (int) (SIZE - tail),
                                transport, clock)
                        : fillDirect(out, steps, transport, clock);
                continue;
            }
            if (first == last) {
                fill(out, transport, clock);
            }
            int take = (int) Math.min(wanted - taken, last - first);
            out.append(data, first, first + take);
            consume(take);
            taken += take;
        } while (taken < wanted);
        return out.toArray();
    }

    /**
     * Whatever has arrived, up to {@code len} bytes, into {@code dst[off, off + len)} (not a
     * LuaSocket pattern): the buffered bytes with no I/O when there are any, otherwise one read,
     * which waits under {@code clock}. A read of at least {@link #SIZE} bytes goes straight into
     * {@code dst}, asking for up to {@link #DIRECT_READ} bytes; a shorter one fills the buffer
     * and leaves the rest there.
     *
     * @return the count, at least 1, or {@link Transport#CLOSED} at a clean end of stream (or
     *     when the socket was closed locally)
     * @throws ReceiveException a timeout or an error, with nothing consumed (an empty partial)
     */
    public int receiveAvailable(byte[] dst, int off, int len, Transport transport,
            Timeout.Clock clock) throws ReceiveException {
        if (first == last) {
            if (len >= SIZE) {
                int count;
                try {
                    count = transport.read(dst, off, Math.min(len, DIRECT_READ), clock);
                } catch (IoFailure failure) {
                    throw new ReceiveException(failure.kind(), failure.getMessage(), EMPTY);
                }
                if (count > 0) {
                    counters.addReceived(count);
                }
                return count;
            }
            int count = read(null, transport, clock);
            if (count == Transport.CLOSED) {
                return count;
            }
            setFilled(count);
        }
        int take = Math.min(len, last - first);
        System.arraycopy(data, first, dst, off, take);
        consume(take);
        return take;
    }

    /** The count of unread bytes: exact under the receive lock, an estimate from other threads. */
    public int buffered() {
        return last - first;
    }

    /**
     * Refills the empty buffer, or fails with everything this call has taken so far ({@code
     * out}, or nothing when {@code out} is null: no prefix and nothing taken yet).
     */
    private void fill(ByteAccumulator out, Transport transport, Timeout.Clock clock)
            throws ReceiveException {
        int count = read(out, transport, clock);
        if (count == Transport.CLOSED) {
            throw ReceiveException.closed(taken(out));
        }
        setFilled(count);
    }

    /**
     * One read into the empty buffer: a count or {@link Transport#CLOSED}, or the failure. The
     * array goes back to the pool while the read waits (the buffer is empty then).
     */
    private int read(ByteAccumulator out, Transport transport, Timeout.Clock clock)
            throws ReceiveException {
        try {
            while (true) {
                int count = transport.readNow(dataArray(), 0, SIZE);
                if (count != 0) {
                    clock.moved();
                    return count;
                }
                releaseArray();
                transport.awaitReadable(clock);
            }
        } catch (IoFailure failure) {
            throw oversizedOrNot(failure, out);
        }
    }

    private static byte[] taken(ByteAccumulator out) {
        return out == null ? new byte[0] : out.toArray();
    }

    /** Gives the array back to the pool; only when no unread byte is in it. */
    private void releaseArray() {
        byte[] held = data;
        if (held != null && first == last) {
            data = null;
            pool.give(held);
        }
    }

    /**
     * The failure of a read, with everything taken as the partial. A result already at its
     * maximum size waits for one more byte only to learn whether the pattern ends there (an LF,
     * the end of the stream); if the wait times out, the result is {@code "oversized"}, not
     * {@code "timeout"}: so a timeout's partial is always shorter than the maximum and can be
     * passed back as the prefix, as with LuaSocket's maxsize.
     */
    private static ReceiveException oversizedOrNot(IoFailure failure, ByteAccumulator out) {
        if (failure.kind() == TcpException.Kind.TIMEOUT && out != null && out.full()) {
            return oversized(out);
        }
        return new ReceiveException(failure.kind(), failure.getMessage(), taken(out));
    }

    private static ReceiveException oversized(ByteAccumulator out) {
        return new ReceiveException(TcpException.Kind.OVERSIZED, "oversized", out.toArray());
    }

    /**
     * As {@link #fill}, but into the result itself, at most {@code max} bytes; returns the
     * count read (and consumed).
     */
    private int fillDirect(ByteAccumulator out, int max, Transport transport, Timeout.Clock clock)
            throws ReceiveException {
        int count;
        try {
            count = out.readFrom(transport, max, clock);
        } catch (IoFailure failure) {
            throw new ReceiveException(failure.kind(), failure.getMessage(), out.toArray());
        }
        if (count == Transport.CLOSED) {
            throw ReceiveException.closed(out.toArray());
        }
        counters.addReceived(count);
        clock.moved();
        return count;
    }

    /**
     * As {@link #fillDirect} of at most {@code max} bytes, in a read that may run on into the
     * empty buffer for at most {@code spill} more (what C's last fill takes past the count);
     * returns the count that went into the result. Only for a transport that
     * {@linkplain Transport#readsSpilling reads spilling}.
     */
    private int fillDirectSpilling(ByteAccumulator out, int max, int spill, Transport transport,
            Timeout.Clock clock) throws ReceiveException {
        int count;
        try {
            while ((count = out.readNowSpilling(transport, max, dataArray(), spill)) == 0) {
                releaseArray();
                transport.awaitReadable(clock);
            }
        } catch (IoFailure failure) {
            throw new ReceiveException(failure.kind(), failure.getMessage(), out.toArray());
        }
        if (count == Transport.CLOSED) {
            throw ReceiveException.closed(out.toArray());
        }
        int kept = Math.min(count, max);
        counters.addReceived(kept);
        if (count > kept) {
            setFilled(count - kept);
        }
        clock.moved();
        return kept;
    }

    private byte[] dataArray() {
        if (data == null) {
            data = pool.take();
        }
        return data;
    }

    private void setFilled(int count) {
        first = 0;
        last = count;
    }

    private void consume(int count) {
        counters.addReceived(count);
        first += count;
        if (first == last) {
            first = 0;
            last = 0;
        }
    }

    /** An empty array for callers that have no prefix. */
    public static byte[] noPrefix() {
        return EMPTY;
    }
}
