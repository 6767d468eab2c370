package io.loomsocket.bench.jmh;

import io.loomsocket.ReceiveException;
import io.loomsocket.SendException;
import io.loomsocket.internal.engine.Counters;
import io.loomsocket.internal.engine.ReceiveBuffer;
import io.loomsocket.internal.engine.SendRange;
import io.loomsocket.internal.engine.Sender;
import io.loomsocket.internal.engine.Timeout;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The receive and send engine without a network: {@link ReceiveBuffer} and {@link Sender} over a
 * {@link MemoryTransport}, so that a change to the engine can be judged on its own. One
 * operation is one call: a line, a count, a whole stream, a send. With {@code -prof gc},
 * {@code gc.alloc.rate.norm} is the allocation per call (per received line for the line cases).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class EngineBench {
    /** 39 bytes and an LF, as in the line throughput benchmark. */
    static final String LINE = "012345678901234567890123456789012345678";

    /** An endless stream of identical lines, LF or CRLF. */
    @State(Scope.Thread)
    public static class Lines {
        ReceiveBuffer buffer;
        MemoryTransport lf;
        MemoryTransport crlf;
        ReceiveBuffer crlfBuffer;

        @Setup
        public void setUp() {
            buffer = new ReceiveBuffer(new Counters());
            lf = new MemoryTransport(repeat(LINE + "\n", 1024), -1);
            crlfBuffer = new ReceiveBuffer(new Counters());
            crlf = new MemoryTransport(repeat(LINE + "\r\n", 1024), -1);
        }
    }

    /** An endless stream of bytes for counts. */
    @State(Scope.Thread)
    public static class Counts {
        ReceiveBuffer buffer;
        MemoryTransport transport;

        @Setup
        public void setUp() {
            buffer = new ReceiveBuffer(new Counters());
            transport = new MemoryTransport(repeat("x", 1 << 16), -1);
        }
    }

    /** A stream of 1 MiB that then ends cleanly, started again before every call. */
    @State(Scope.Thread)
    public static class Whole {
        ReceiveBuffer buffer;
        MemoryTransport transport;

        @Setup
        public void setUp() {
            transport = new MemoryTransport(repeat("x", 1 << 16), 1 << 20);
        }

        @Setup(Level.Invocation)
        public void rewind() {
            buffer = new ReceiveBuffer(new Counters());
            transport.rewind();
        }
    }

    /** A 64 KiB array sent to a transport that takes everything. */
    @State(Scope.Thread)
    public static class Sending {
        final byte[] data = new byte[64 << 10];
        final MemoryTransport transport = new MemoryTransport(new byte[1], -1);
        final Counters counters = new Counters();
    }

    private static byte[] repeat(String unit, int times) {
        return unit.repeat(times).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static final Timeout.Clock CLOCK = Timeout.Clock.unlimited();

    /** {@code *l} as bytes: the line scan and one copy. */
    @Benchmark
    public byte[] lineBytes(Lines s) throws ReceiveException {
        return s.buffer.receiveLine(ReceiveBuffer.noPrefix(), s.lf, CLOCK);
    }

    /** {@code *l} as an ISO-8859-1 string ({@code receiveString()}). */
    @Benchmark
    public String lineString(Lines s) throws ReceiveException {
        return s.buffer.receiveLineText(s.lf, CLOCK);
    }

    /** {@code *l} of CRLF lines: the path that drops the CR. */
    @Benchmark
    public byte[] lineCrLf(Lines s) throws ReceiveException {
        return s.crlfBuffer.receiveLine(ReceiveBuffer.noPrefix(), s.crlf, CLOCK);
    }

    /** A count of 32 bytes, mostly served from the buffer. */
    @Benchmark
    public byte[] count32(Counts s) throws ReceiveException {
        return s.buffer.receiveCount(32, ReceiveBuffer.noPrefix(), s.transport, CLOCK);
    }

    /** A count of 8192 bytes, the bulk benchmark's size. */
    @Benchmark
    public byte[] count8192(Counts s) throws ReceiveException {
        return s.buffer.receiveCount(8192, ReceiveBuffer.noPrefix(), s.transport, CLOCK);
    }

    /** {@code *a} of a 1 MiB stream. */
    @Benchmark
    public byte[] all1MiB(Whole s) throws ReceiveException {
        return s.buffer.receiveAll(ReceiveBuffer.noPrefix(), s.transport, CLOCK);
    }

    /** A 64 KiB send: the kernel writes of {@link Sender} to a transport that takes them. */
    @Benchmark
    public long send64KiB(Sending s) throws SendException {
        return Sender.send(s.data, SendRange.of(s.data.length, 1, -1), s.transport, CLOCK,
                s.counters);
    }
}
