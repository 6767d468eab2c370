package io.loomsocket.differential;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The other end of the connection, the same plain JDK socket for both implementations, so that
 * only the object under test differs between the two runs of a scenario. Its operations are
 * scenario lines {@code peer:OP(ARGS)}; {@code async peer:OP(ARGS)} queues one on the peer's own
 * thread, where it runs in order while the next steps run, until {@code peer:join()}.
 *
 * <ul>
 *   <li>{@code listen([host [, backlog]])}: a listener on port 0; its port is {@code $PEER}
 *   <li>{@code fill()}: fills the listener's accept queue with connections of the peer's own,
 *       so that Linux drops the next SYN (a connect to {@code $PEER} then waits, and the
 *       kernel retries the SYN after about 1 s, then 3 s); {@code unfill()} accepts and closes
 *       them, which makes room for the retry; {@code unlisten()} closes the listener, so that
 *       the retry is refused
 *   <li>{@code accept()}, {@code connect("OBJECT")}: the connection, either way
 *   <li>{@code send(data)}, {@code receive(n)}, {@code receive("*a")}, {@code echo(n)}
 *   <li>{@code drain()}: reads everything the object sends, on a thread of its own;
 *       {@code drained()} reports it and how the stream ended
 *   <li>{@code shutdown()} (FIN), {@code close()}, {@code reset()} (linger 0: RST), {@code
 *       sleep(seconds)}, {@code join()}
 * </ul>
 */
final class ScenarioPeer implements AutoCloseable {
    /** After an action whose effect the object sees asynchronously (a FIN, a RST). */
    private static final long SETTLE_MILLIS = 15;
    /** How long a close waits for the drain to end: long enough for a woken thread to run. */
    private static final long DRAIN_END_GRACE_MILLIS = 50;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("peer-worker").factory());
    private final List<Future<String>> queued = new ArrayList<>();
    private ServerSocket listener;
    /** The listener's backlog; 0 when the JDK's default was taken. */
    private int backlog;
    /** The peer's own connections that fill the listener's accept queue. */
    private final List<Socket> fillers = new ArrayList<>();
    /** Holds the closed listener's port ({@code unlisten()}), or null. */
    private Socket portHolder;
    private Socket socket;
    private Thread drainer;
    private final ByteArrayOutputStream drainedBytes = new ByteArrayOutputStream();
    private volatile String drainEnd = "open";

    /** Resolves an object's local port, for connect. */
    interface Ports {
        int port(String object) throws Exception;
    }

    /** The listening port ($PEER), or -1. */
    int listenPort() {
        return listener == null ? -1 : listener.getLocalPort();
    }

    /** The local port of the peer's connection, or -1. */
    int socketPort() {
        return socket == null ? -1 : socket.getLocalPort();
    }

    /**
     * Whether the peer is acting on its own thread: a queued operation not done yet, or a drain
     * still reading.
     */
    boolean busy() {
        for (Future<String> f : queued) {
            if (!f.isDone()) {
                return true;
            }
        }
        return drainer != null && drainer.isAlive();
    }

    /** Runs an operation now and renders its result. */
    String run(Statement op, Ports ports) throws Exception {
        if (op.name().equals("join")) {
            return join();
        }
        try {
            return perform(op, ports);
        } catch (IOException e) {
            return "peer error: " + e.getMessage();
        }
    }

    /** Queues an operation on the peer's thread. */
    void queue(Statement op, Ports ports) {
        queued.add(worker.submit(() -> {
            try {
                return perform(op, ports);
            } catch (IOException e) {
                return "peer error: " + e.getMessage();
            }
        }));
    }

    private String join() throws Exception {
        List<String> results = new ArrayList<>();
        for (Future<String> f : queued) {
            results.add(f.get(60, TimeUnit.SECONDS));
        }
        queued.clear();
        return results.isEmpty() ? "ok" : String.join("; ", results);
    }

    private String perform(Statement op, Ports ports) throws Exception {
        switch (op.name()) {
            case "listen": {
                String host = op.arg(0) == null ? "127.0.0.1" : text(op.arg(0));
                backlog = op.arg(1) == null ? 0 : ((Number) op.arg(1)).intValue();
                listener = new ServerSocket();
                listener.bind(new InetSocketAddress(InetAddress.getByName(host), 0), backlog);
                listener.setSoTimeout(10_000);
                return "ok";
            }
            case "fill":
                return fill();
            case "unfill":
                return unfill();
            case "unlisten":
                unlisten();
                return "ok";
            case "accept":
                replaceSocket(listener.accept());
                return "ok";
            case "connect": {
                int port = ports.port(text(op.arg(0)));
                String host = op.arg(1) == null ? "127.0.0.1" : text(op.arg(1));
                Socket connected = new Socket();
                try {
                    connected.connect(new InetSocketAddress(InetAddress.getByName(host), port),
                            10_000);
                } catch (IOException e) {
                    connected.close();
                    throw e;
                }
                replaceSocket(connected);
                return "ok";
            }
            case "send": {
                OutputStream out = socket.getOutputStream();
                out.write(LuaLiteral.toBytes(op.arg(0)));
                out.flush();
                return "ok";
            }
            case "receive":
                return Canonical.string(receive(op.arg(0)));
            case "echo":
                return echo(((Number) op.arg(0)).longValue());
            case "drain":
                startDrain();
                return "ok";
            case "drained":
                return drained();
            case "shutdown":
                socket.shutdownOutput();
                settle();
                return "ok";
            case "close":
                quiesce();
                socket.close();
                awaitDrainEnd();
                settle();
                return "ok";
            case "reset":
                quiesce();
                socket.setSoLinger(true, 0);
                socket.close();
                awaitDrainEnd();
                settle();
                return "ok";
            case "sleep":
                Thread.sleep((long) (((Number) op.arg(0)).doubleValue() * 1000));
                return "ok";
            default:
                throw new IllegalArgumentException("unknown peer operation: " + op.text());
        }
    }

    /**
     * Fills the accept queue: Linux admits one connection more than the backlog (the JDK takes a
     * backlog below 1 as 50, so 1 is the smallest: two connections), then drops SYNs. A probe
     * checks that the queue is full; it is closed before the kernel retries its SYN.
     */
    private String fill() throws IOException {
        if (backlog < 1) {
            throw new IllegalArgumentException("fill needs peer:listen(host, backlog)");
        }
        InetSocketAddress address = (InetSocketAddress) listener.getLocalSocketAddress();
        for (int i = 0; i <= backlog; i++) {
            Socket filler = new Socket();
            fillers.add(filler);
            filler.connect(address, 1000);
        }
        try (Socket probe = new Socket()) {
            probe.connect(address, 100);
            return "the accept queue did not fill";
        } catch (SocketTimeoutException e) {
            return "ok";
        }
    }

    /** Accepts the filling connections and closes both ends of each: the queue has room. */
    private String unfill() throws IOException {
        for (Socket filler : fillers) {
            try (Socket accepted = listener.accept()) {
                filler.close();
            }
        }
        fillers.clear();
        return "ok";
    }

    /**
     * Closes the listener, so that the next SYN to its port is refused. A bound socket that
     * does not listen keeps the port, so that no other listener on the machine takes it before
     * a retried SYN comes (it would answer the SYN, or reset the connection).
     */
    private void unlisten() throws IOException, InterruptedException {
        InetSocketAddress address = (InetSocketAddress) listener.getLocalSocketAddress();
        listener.close();
        portHolder = new Socket();
        portHolder.setReuseAddress(true);
        portHolder.bind(address);
        settle();
    }

    /**
     * A new connection: the peer's previous one, if any, is closed. A read that the object never
     * answers fails after 10 s (a "peer error"), so that a scenario cannot hang.
     */
    private void replaceSocket(Socket fresh) throws IOException {
        if (socket != null) {
            socket.close();
        }
        socket = fresh;
        socket.setSoTimeout(10_000);
    }

    private byte[] receive(Object pattern) throws IOException {
        InputStream in = socket.getInputStream();
        if (pattern instanceof Number n) {
            return in.readNBytes(n.intValue());
        }
        return in.readAllBytes();
    }

    /** Reads n bytes and writes each piece back as it comes. */
    private String echo(long n) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        byte[] piece = new byte[65536];
        long left = n;
        while (left > 0) {
            int got = in.read(piece, 0, (int) Math.min(piece.length, left));
            if (got < 0) {
                return "echoed " + (n - left) + " then end of stream";
            }
            out.write(piece, 0, got);
            left -= got;
        }
        out.flush();
        return "echoed " + n;
    }

    private void startDrain() {
        InputStream in;
        try {
            in = socket.getInputStream();
        } catch (IOException e) {
            drainEnd = "cannot read: " + e.getMessage();
            return;
        }
        drainer = Thread.ofVirtual().name("peer-drain").start(() -> {
            byte[] piece = new byte[65536];
            try {
                for (int got; (got = readWithoutTimeout(in, piece)) >= 0; ) {
                    recordDrained(piece, got);
                }
                drainEnd = "eof";
            } catch (IOException e) {
                drainEnd = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT)
                        .contains("reset") ? "reset" : "closed here";
            }
        });
    }

    /** A read for the drain, which waits as long as the scenario runs: no 10 s limit. */
    private static int readWithoutTimeout(InputStream in, byte[] piece) throws IOException {
        while (true) {
            try {
                return in.read(piece);
            } catch (SocketTimeoutException e) {
                // the socket's read limit is for the peer's own steps; keep draining
            }
        }
    }

    private final java.util.concurrent.locks.ReentrantLock drainLock =
            new java.util.concurrent.locks.ReentrantLock();

    private void recordDrained(byte[] piece, int length) {
        drainLock.lock();
        try {
            drainedBytes.write(piece, 0, length);
        } finally {
            drainLock.unlock();
        }
    }

    /**
     * What the drain read and how the stream ended: {@code eof}, {@code reset}, or {@code open}
     * when the object has not closed its side within a second.
     */
    private String drained() throws Exception {
        if (drainer == null) {
            return "not draining";
        }
        drainer.join(1000);
        quiesce();
        byte[] bytes;
        drainLock.lock();
        try {
            bytes = drainedBytes.toByteArray();
        } finally {
            drainLock.unlock();
        }
        return Canonical.string(bytes) + ", " + drainEnd;
    }

    /**
     * Waits (a second at most) until the drain has read everything that has arrived, then a
     * little longer for it to see an end of stream that has arrived too ({@code available()}
     * does not count one), so that closing this end cannot overtake it: the drain would say
     * "closed here" or "eof" by the scheduler's whim.
     */
    private void quiesce() throws Exception {
        if (drainer == null || !drainer.isAlive() || socket.isClosed()) {
            return;
        }
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (socket.getInputStream().available() > 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(2);
        }
        drainer.join(DRAIN_END_GRACE_MILLIS);
    }

    /**
     * Waits (a second at most) for the drain to end after a close: the JDK defers the kernel's
     * close of a socket a thread is reading until that thread has run, and until then data
     * from the client is queued instead of answered with a RST.
     */
    private void awaitDrainEnd() throws InterruptedException {
        if (drainer != null) {
            drainer.join(1000);
        }
    }

    private static void settle() throws InterruptedException {
        Thread.sleep(SETTLE_MILLIS);
    }

    private static String text(Object value) {
        return new String(LuaLiteral.toBytes(value), StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            if (socket != null) {
                socket.close();
            }
            for (Socket filler : fillers) {
                filler.close();
            }
            if (portHolder != null) {
                portHolder.close();
            }
            if (listener != null) {
                listener.close();
            }
            if (drainer != null) {
                drainer.join(2000);
            }
        } catch (IOException e) {
            // Closing; nothing to report.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
