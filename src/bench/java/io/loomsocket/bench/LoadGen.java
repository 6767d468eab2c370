package io.loomsocket.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * The echo benchmark's load generator, in its own JVM: one thread, one NIO selector, N
 * connections, each with one 32-byte checksummed line in flight at a time (closed loop).
 *
 * <p>{@code LoadGen PORT SERVERPID CONNECTIONS BASE WARMUP TRIPS STALL_SECONDS} prints {@code
 * LIMIT soft/hard}, then connects {@code BASE} connections, each doing one round trip, prints
 * {@code BASE}, waits for {@code GO}; connects the rest the same way, prints {@code CONNECTED
 * seconds} (both connect phases, pauses left out), waits for {@code GO}; runs {@code WARMUP} then
 * {@code TRIPS} round trips on every connection and prints {@code RESULT seconds trips
 * server_cpu_ns p50_ns p99_ns}, the CPU time of process {@code SERVERPID} over the measured
 * trips only. Any failure prints {@code FAILED phase: reason}. It then waits for the end of its
 * input and exits, closing every connection. A phase in which nothing moves for {@code
 * STALL_SECONDS} fails; the end of its input at any time ends the process.
 */
public final class LoadGen {
    static final int LINE = 32;
    /** Connections whose connect and first round trip may be in progress at once. */
    private static final int CONNECT_WINDOW = 256;

    private final InetSocketAddress server;
    private final long serverPid;
    private final Conn[] conns;
    private final Selector selector;
    private final long stallNanos;
    private final CRC32 crc = new CRC32();
    private final BlockingQueue<String> input = new LinkedBlockingQueue<>();

    /** Connections that have not finished the current phase. */
    private int pending;
    private long[] latencies;
    private int latencyCount;
    private boolean recording;
    private String failure;

    private LoadGen(int port, long serverPid, int connections, long stallSeconds)
            throws IOException {
        this.server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        this.serverPid = serverPid;
        this.conns = new Conn[connections];
        this.selector = Selector.open();
        this.stallNanos = TimeUnit.SECONDS.toNanos(stallSeconds);
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long serverPid = Long.parseLong(args[1]);
        int connections = Integer.parseInt(args[2]);
        int base = Math.min(Integer.parseInt(args[3]), connections);
        int warmup = Integer.parseInt(args[4]);
        int trips = Integer.parseInt(args[5]);
        long stall = Long.parseLong(args[6]);
        LoadGen gen = new LoadGen(port, serverPid, connections, stall);
        gen.readInput();
        System.out.println("LIMIT " + ProcStats.ownDescriptorLimit());
        System.out.flush();
        long connectNanos = 0;
        try {
            long t0 = System.nanoTime();
            gen.connect(0, base);
            connectNanos += System.nanoTime() - t0;
            gen.report("BASE " + base);
            gen.awaitGo();
            t0 = System.nanoTime();
            gen.connect(base, connections);
            connectNanos += System.nanoTime() - t0;
            gen.report(String.format(Locale.ROOT, "CONNECTED %.6f", connectNanos / 1e9));
            gen.awaitGo();
            gen.trips(warmup, false);
            long cpu0 = ProcStats.cpuNanos(serverPid);
            long start = System.nanoTime();
            gen.trips(trips, true);
            long end = System.nanoTime();
            long cpu1 = ProcStats.cpuNanos(serverPid);
            long[] sorted = Arrays.copyOf(gen.latencies, gen.latencyCount);
            Arrays.sort(sorted);
            gen.report(String.format(Locale.ROOT, "RESULT %.6f %d %d %d %d", (end - start) / 1e9,
                    (long) trips * connections, cpu0 < 0 || cpu1 < 0 ? -1 : cpu1 - cpu0,
                    percentile(sorted, 0.50), percentile(sorted, 0.99)));
        } catch (PhaseFailed e) {
            gen.report("FAILED " + e.getMessage());
        } catch (IOException e) {
            gen.report("FAILED " + e.toString().replace('\n', ' '));
        }
        gen.awaitEnd();
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private void report(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** Reads standard input on a daemon thread; its end stops the process at once. */
    private void readInput() {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    input.add(line);
                }
            } catch (IOException e) {
                // the parent is gone
            }
            Runtime.getRuntime().halt(0);
        }, "stdin");
        reader.setDaemon(true);
        reader.start();
    }

    private void awaitGo() throws InterruptedException {
        while (!"GO".equals(input.take())) {
            // only GO moves on
        }
    }

    private void awaitEnd() throws InterruptedException {
        while (true) {
            input.take(); // the stdin thread halts the process when the input ends
        }
    }

    /** Opens connections [from, to), each doing one checked round trip, a window at a time. */
    private void connect(int from, int to) throws IOException, PhaseFailed {
        int next = from;
        pending = to - from;
        long lastProgress = System.nanoTime();
        int inFlight = 0;
        while (pending > 0) {
            while (next < to && inFlight < CONNECT_WINDOW) {
                Conn c = new Conn(next, SocketChannel.open());
                conns[next++] = c;
                c.channel.configureBlocking(false);
                c.remaining = 1;
                if (c.channel.connect(server)) {
                    c.key = c.channel.register(selector, 0, c);
                    c.sendLine();
                } else {
                    c.key = c.channel.register(selector, SelectionKey.OP_CONNECT, c);
                }
                inFlight++;
            }
            int before = pending;
            poll("connect");
            inFlight -= before - pending;
            lastProgress = checkStall(before, lastProgress, "connect", from, to);
        }
    }

    /** Runs {@code trips} round trips on every connection at once. */
    private void trips(int trips, boolean measured) throws IOException, PhaseFailed {
        if (trips == 0) {
            return;
        }
        recording = measured;
        if (measured) {
            latencies = new long[trips * conns.length];
            latencyCount = 0;
        }
        pending = conns.length;
        for (Conn c : conns) {
            c.remaining = trips;
            c.sendLine();
        }
        long lastProgress = System.nanoTime();
        String phase = measured ? "trips" : "warm-up trips";
        while (pending > 0) {
            int before = pending;
            poll(phase);
            lastProgress = checkStall(before, lastProgress, phase, 0, conns.length);
        }
        recording = false;
    }

    /** Fails the phase, which covers connections [from, to), if it failed or stalled. */
    private long checkStall(int before, long lastProgress, String phase, int from, int to)
            throws PhaseFailed {
        long now = System.nanoTime();
        String why = failure;
        if (why == null && pending < before) {
            return now;
        }
        if (why == null && now - lastProgress < stallNanos) {
            return lastProgress;
        }
        if (why == null) {
            why = "nothing moved for " + stallNanos / 1_000_000_000L + " s";
        }
        throw new PhaseFailed(phase + ": " + (to - pending) + " of " + conns.length
                + " connections done; " + why);
    }

    private void poll(String phase) throws IOException {
        selector.select(key -> {
            Conn c = (Conn) key.attachment();
            try {
                if (key.isConnectable()) {
                    c.channel.finishConnect();
                    key.interestOps(0);
                    c.sendLine();
                } else if (key.isWritable()) {
                    c.flush();
                } else if (key.isReadable()) {
                    c.read();
                }
            } catch (IOException | RuntimeException e) {
                if (failure == null) {
                    failure = "connection " + c.id + ": " + e;
                }
                key.cancel();
            }
        }, 200);
    }

    /** One connection: its line, what came back so far, and the round trips left. */
    private final class Conn {
        final int id;
        final SocketChannel channel;
        final byte[] line = new byte[LINE];
        final ByteBuffer out = ByteBuffer.wrap(line);
        final ByteBuffer in = ByteBuffer.allocate(2 * LINE);
        SelectionKey key;
        long seq;
        int remaining;
        long sentAt;

        Conn(int id, SocketChannel channel) {
            this.id = id;
            this.channel = channel;
        }

        /** "c<id:6> s<seq:10> " (20 bytes), CRC32 of those as 8 hex digits, "###", LF. */
        void sendLine() throws IOException {
            seq++;
            int i = 0;
            line[i++] = 'c';
            i = digits(line, i, id, 6);
            line[i++] = ' ';
            line[i++] = 's';
            i = digits(line, i, seq, 10);
            line[i++] = ' ';
            crc.reset();
            crc.update(line, 0, i);
            long sum = crc.getValue();
            for (int k = 7; k >= 0; k--) {
                line[i + k] = (byte) Character.forDigit((int) (sum & 0xf), 16);
                sum >>>= 4;
            }
            i += 8;
            line[i++] = '#';
            line[i++] = '#';
            line[i++] = '#';
            line[i] = '\n';
            out.clear();
            in.clear();
            sentAt = System.nanoTime();
            flush();
        }

        void flush() throws IOException {
            channel.write(out);
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        void read() throws IOException {
            int n = channel.read(in);
            if (n < 0) {
                throw new IOException("closed by the server");
            }
            if (remaining <= 0) {
                throw new IOException("data from the server with no line in flight");
            }
            if (in.position() < LINE) {
                return;
            }
            long now = System.nanoTime();
            check();
            if (recording) {
                latencies[latencyCount++] = now - sentAt;
            }
            if (--remaining > 0) {
                sendLine();
            } else {
                key.interestOps(SelectionKey.OP_READ); // a stray byte or a close is a failure
                pending--;
            }
        }

        private void check() throws IOException {
            byte[] got = in.array();
            if (in.position() != LINE || !Arrays.equals(got, 0, LINE, line, 0, LINE)) {
                throw new IOException("bad echo: "
                        + new String(got, 0, in.position(), StandardCharsets.ISO_8859_1).strip());
            }
            crc.reset();
            crc.update(got, 0, 20);
            long sum = 0;
            for (int k = 20; k < 28; k++) {
                sum = sum << 4 | Character.digit(got[k], 16);
            }
            if (sum != crc.getValue()) {
                throw new IOException("bad checksum in echo");
            }
            in.clear();
        }
    }

    private static int digits(byte[] dst, int at, long value, int width) {
        for (int k = width - 1; k >= 0; k--) {
            dst[at + k] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }

    private static final class PhaseFailed extends Exception {
        private static final long serialVersionUID = 1L;

        PhaseFailed(String message) {
            super(message);
        }
    }
}
