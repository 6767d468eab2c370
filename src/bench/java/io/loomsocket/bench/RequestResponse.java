package io.loomsocket.bench;

import io.loomsocket.ReceiveException;
import io.loomsocket.Tcp;
import io.loomsocket.TcpClient;
import io.loomsocket.TcpException;
import io.loomsocket.TcpServer;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Request/response round trips with a message of one size each way: the client sends it, the
 * server receives exactly that many bytes and sends them back, the client receives them. Both
 * ends in this JVM on virtual threads (loomsocket {@code receive(n)} and {@code send}, which
 * make a new array per message as LuaSocket's strings are; loomsocket's stream views into a
 * reused array; {@code java.net.Socket} with {@code DataInputStream.readFully} and {@code
 * OutputStream.write}, into a reused array and, as a second baseline, into a new array per
 * message, which is what {@code receive(n)} returns), and C LuaSocket as two lua5.4 processes;
 * with Nagle's algorithm on (every library's default) and with {@code tcp-nodelay} on both ends. A message that a library sends in more than one
 * segment shows whether its tail waits for the peer's delayed acknowledgement.
 *
 * <p>A round runs round trips until its time is up (a stalled variant makes few), so the rate
 * is round trips per second whatever the size.
 */
final class RequestResponse {
    private RequestResponse() {}

    /**
     * The sizes every Java variant runs at before the first section: a small message, one just
     * past LuaSocket's 8 KiB step, and one past 64 KiB, so that each variant's paths are compiled.
     */
    private static final int[] WARMUP_SIZES = {1, 9000, 65537};

    /** Rounds of {@link Config#rrSeconds} each Java variant runs per warm-up size. */
    private static final int WARMUP_ROUNDS = 4;

    static List<Section> run(Config cfg) throws Exception {
        warmUp(cfg);
        List<Section> sections = new ArrayList<>();
        for (boolean noDelay : new boolean[] {false, true}) {
            for (int size : cfg.rrSizes) {
                sections.add(runOne(cfg, size, noDelay));
            }
        }
        return sections;
    }

    /**
     * Runs every Java variant at {@link #WARMUP_SIZES}, measuring nothing: without it the first
     * section measured whichever variant's code the JIT compiled last (the first size, 1 byte,
     * gave {@code receive(n)} 0.79 of the JDK's rate in the first section and 0.91 to 1.07 in
     * the same section repeated after it).
     */
    private static void warmUp(Config cfg) throws Exception {
        for (int size : WARMUP_SIZES) {
            for (Contender c : javaVariants(cfg, size, false)) {
                try {
                    c.open();
                    for (int i = 0; i < WARMUP_ROUNDS; i++) {
                        c.warmup();
                    }
                } finally {
                    c.close();
                }
            }
        }
    }

    /** The Java variants, in the order the ratios below index them. */
    private static List<Contender> javaVariants(Config cfg, int size, boolean noDelay) {
        List<Contender> contenders = new ArrayList<>();
        contenders.add(new Loom("loomsocket: receive(n) + send", size, noDelay, cfg.rrSeconds));
        contenders.add(new Jdk("socket: java.net.Socket readFully + write", size, noDelay,
                cfg.rrSeconds, false));
        contenders.add(new LoomStreams("loomsocket streams: inputStream().readNBytes(buf) +"
                + " outputStream().write", size, noDelay, cfg.rrSeconds));
        contenders.add(new Jdk("socket-new-array: java.net.Socket readFully(new byte[n]) +"
                + " write", size, noDelay, cfg.rrSeconds, true));
        return contenders;
    }

    private static Section runOne(Config cfg, int size, boolean noDelay) throws Exception {
        String loadStart = Main.loadAverage();
        List<Contender> contenders = javaVariants(cfg, size, noDelay);
        String lua = LuaRunner.availability(cfg);
        if (lua == null) {
            contenders.add(LuaRunner.contender(cfg, "lua: C LuaSocket, two lua5.4 processes",
                    List.of("rr-server", Integer.toString(size), Boolean.toString(noDelay)),
                    List.of("rr-client", "PORT", "SERVERPID", Integer.toString(size),
                            Boolean.toString(noDelay), Double.toString(cfg.rrSeconds))));
        }
        String mode = noDelay ? "tcp-nodelay on" : "Nagle on";
        Section section = new Section(String.format("Request/response, %,d-byte messages, %s",
                size, mode), "", "RT/s", "µs CPU/RT", "switches/RT");
        section.results.addAll(Runner.run(contenders, 1, cfg.rrRounds, 1, 1));
        section.reference = 1;
        section.description = String.format("A %,d-byte message each way per round trip, one"
                + " connection, %s on both ends; rounds of %.2f s (as many round trips as fit),"
                + " %d rounds after one warm-up round, interleaved (the Java variants ran at"
                + " 1, 9,000 and 65,537 bytes first). Java: both ends in this JVM"
                + " on virtual threads; Lua: two processes. Rate: round trips per second; CPU"
                + " and switches: per round trip, every process involved. Load average at the"
                + " start %s, at the end %s.", size, mode, cfg.rrSeconds, cfg.rrRounds,
                loadStart, Main.loadAverage());
        if (lua != null) {
            section.notes.add("C LuaSocket skipped: " + lua);
        }
        String name = "rr-" + size + (noDelay ? "-nodelay" : "");
        double loom = section.results.get(0).median();
        Ratios.ratio(name, "socket", loom, section.results.get(1).median());
        if (lua == null) {
            Ratios.ratio(name, "lua", loom, section.results.get(4).median());
        }
        Ratios.ratio(name, "socket-new-array", loom, section.results.get(3).median());
        Ratios.ratio(name + "-streams", "socket", section.results.get(2).median(),
                section.results.get(1).median());
        return section;
    }

    /** The timing shared by both Java variants: round trips until the round's time is up. */
    private abstract static class Variant extends InProcess {
        final int size;
        final boolean noDelay;
        final double seconds;
        Thread server;

        Variant(String label, int size, boolean noDelay, double seconds) {
            super(label);
            this.size = size;
            this.noDelay = noDelay;
            this.seconds = seconds;
        }

        /** One round trip, checked. */
        abstract void trip() throws Exception;

        @Override
        long body(boolean warmup) throws Exception {
            long end = System.nanoTime() + (long) (seconds * 1e9);
            long trips = 0;
            do {
                trip();
                trips++;
            } while (System.nanoTime() - end < 0);
            return trips;
        }
    }

    private static final class Loom extends Variant {
        private final byte[] message;
        private TcpServer listener;
        private TcpClient client;

        Loom(String label, int size, boolean noDelay, double seconds) {
            super(label, size, noDelay, seconds);
            message = new byte[size];
            Arrays.fill(message, (byte) 'x');
        }

        @Override
        public void open() throws Exception {
            listener = Tcp.bind("127.0.0.1", 0);
            server = VirtualThreads.start("rr-loom-server", () -> {
                try (TcpClient peer = listener.accept()) {
                    peer.setoption("tcp-nodelay", noDelay);
                    while (true) {
                        peer.send(peer.receive(size));
                    }
                } catch (ReceiveException e) {
                    if (!e.isClosed()) {
                        throw e;
                    }
                }
            });
            client = Tcp.connect("127.0.0.1", listener.getsockname().port());
            client.setoption("tcp-nodelay", noDelay);
        }

        @Override
        void trip() throws TcpException {
            client.send(message);
            if (client.receive(size).length != size) {
                throw new IllegalStateException("short answer");
            }
        }

        @Override
        public void close() {
            if (client != null) {
                client.close();
            }
            if (listener != null) {
                listener.close();
            }
            if (server != null) {
                VirtualThreads.joinQuietly(server, 10);
            }
        }
    }

    /** loomsocket through its stream views, into a reused array, as the JDK variant reads. */
    private static final class LoomStreams extends Variant {
        private final byte[] message;
        private final byte[] answer;
        private TcpServer listener;
        private TcpClient client;

        LoomStreams(String label, int size, boolean noDelay, double seconds) {
            super(label, size, noDelay, seconds);
            message = new byte[size];
            Arrays.fill(message, (byte) 'x');
            answer = new byte[size];
        }

        @Override
        public void open() throws Exception {
            listener = Tcp.bind("127.0.0.1", 0);
            server = VirtualThreads.start("rr-loom-streams-server", () -> {
                try (TcpClient peer = listener.accept()) {
                    peer.setoption("tcp-nodelay", noDelay);
                    java.io.InputStream in = peer.inputStream();
                    OutputStream out = peer.outputStream();
                    byte[] buffer = new byte[size];
                    while (in.readNBytes(buffer, 0, size) == size) {
                        out.write(buffer);
                    }
                } catch (IOException e) {
                    // the client closed
                }
            });
            client = Tcp.connect("127.0.0.1", listener.getsockname().port());
            client.setoption("tcp-nodelay", noDelay);
        }

        @Override
        void trip() throws IOException {
            client.outputStream().write(message);
            if (client.inputStream().readNBytes(answer, 0, size) != size) {
                throw new IllegalStateException("short answer");
            }
        }

        @Override
        public void close() {
            if (client != null) {
                client.close();
            }
            if (listener != null) {
                listener.close();
            }
            if (server != null) {
                VirtualThreads.joinQuietly(server, 10);
            }
        }
    }

    private static final class Jdk extends Variant {
        private final byte[] message;
        private final byte[] answer;
        /** A new array per message on both ends, as {@code receive(n)} returns one. */
        private final boolean newArrays;
        private ServerSocket listener;
        private Socket client;
        private DataInputStream in;
        private OutputStream out;

        Jdk(String label, int size, boolean noDelay, double seconds, boolean newArrays) {
            super(label, size, noDelay, seconds);
            message = new byte[size];
            Arrays.fill(message, (byte) 'x');
            answer = new byte[size];
            this.newArrays = newArrays;
        }

        @Override
        public void open() throws Exception {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            server = VirtualThreads.start("rr-jdk-server", () -> {
                try (Socket peer = listener.accept()) {
                    peer.setTcpNoDelay(noDelay);
                    DataInputStream peerIn = new DataInputStream(peer.getInputStream());
                    OutputStream peerOut = peer.getOutputStream();
                    byte[] buffer = new byte[size];
                    while (true) {
                        if (newArrays) {
                            buffer = new byte[size];
                        }
                        peerIn.readFully(buffer);
                        peerOut.write(buffer);
                    }
                } catch (java.io.EOFException | java.net.SocketException e) {
                    // the client closed
                }
            });
            client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
            client.setTcpNoDelay(noDelay);
            in = new DataInputStream(client.getInputStream());
            out = client.getOutputStream();
        }

        @Override
        void trip() throws IOException {
            out.write(message);
            in.readFully(newArrays ? new byte[size] : answer);
        }

        @Override
        public void close() throws Exception {
            if (client != null) {
                client.close();
            }
            if (listener != null) {
                listener.close();
            }
            if (server != null) {
                VirtualThreads.joinQuietly(server, 10);
            }
        }
    }
}
