package io.loomsocket.bench;

import io.loomsocket.ReceiveException;
import io.loomsocket.Tcp;
import io.loomsocket.TcpClient;
import io.loomsocket.TcpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ping-pong latency, the wait path: the client sends a 32-byte line, the server echoes it, the
 * client reads the echo; one connection, one virtual thread per side. Every read finds the
 * socket empty, so every read waits.
 */
final class PingPong {
    private PingPong() {}

    static final String MESSAGE = "ping 0123456789abcdefghijklmnop"; // 31 bytes, 32 with LF
    private static final byte[] LINE = (MESSAGE + "\n").getBytes(StandardCharsets.US_ASCII);
    private static final int SO_TIMEOUT_MILLIS = 30_000;
    private static final double LOOM_TIMEOUT_SECONDS = 30;

    static final String LOOM = "(i) loomsocket send + receive(\"*l\")";
    static final String JDK = "(ii) java.net.Socket, BufferedReader.readLine + OutputStream.write";
    static final String JDK_TIMEOUT = "(iii) java.net.Socket as (ii) with setSoTimeout(30 s)";
    static final String LOOM_TIMEOUT = "(i-t) loomsocket as (i) with settimeout(30) on both ends";

    static Section run(Config cfg) throws Exception {
        Section section = new Section("Ping-pong in one process (wait path)",
                String.format("%d-byte line echoed; %,d round trips per round, %d rounds, after"
                        + " %,d warm-up trips; rounds interleaved across variants. One connection,"
                        + " one virtual thread per side (Lua: one process per side). Rate: round"
                        + " trips per second. CPU and switches: per round trip, both ends"
                        + " together.", LINE.length, cfg.pingPongTrips, cfg.rounds,
                        cfg.pingPongWarmup),
                "RT/s", "µs CPU/RT", "switches/RT");
        List<Contender> contenders = new ArrayList<>();
        contenders.add(inProcess("pp-loom", cfg));
        contenders.add(inProcess("pp-jdk", cfg));
        contenders.add(inProcess("pp-jdk-timeout", cfg));
        contenders.add(inProcess("pp-loom-timeout", cfg));
        List<String> pollerMode1 = List.of("-Xms256m", "-Xmx1g", "-Djdk.pollerMode=1");
        List<String> child = new ArrayList<>(ChildProcess.javaCommand(pollerMode1, "pp-jdk", cfg));
        child.add("--warmup-rounds=1");
        contenders.add(new ChildProcess("(ii-p1) as (ii), in a child JVM with"
                + " -Djdk.pollerMode=1 (platform poller threads, as on JDK 21)", null, child));
        String lua = LuaRunner.availability(cfg);
        if (lua == null) {
            contenders.add(LuaRunner.contender(cfg, "(iv) C LuaSocket, two lua5.4 processes",
                    List.of("echo-server"),
                    List.of("pingpong-client", "PORT", "SERVERPID",
                            Integer.toString(cfg.pingPongWarmup),
                            Integer.toString(cfg.pingPongTrips))));
        } else {
            section.notes.add("(iv) C LuaSocket skipped: " + lua);
        }
        // The JVM contenders warm up with one round of pingPongWarmup trips.
        String loadStart = Main.loadAverage();
        section.results.addAll(Runner.run(contenders, 1, cfg.rounds, 1, 1));
        section.reference = 1;
        Ratios.ratio("pingpong-1p", "jdk-vt", section.results.get(0).median(),
                section.results.get(1).median());
        Ratios.ratio("pingpong-1p-timeout", "jdk-vt", section.results.get(3).median(),
                section.results.get(2).median());
        section.notes.add("Load average at the start " + loadStart + ", at the end "
                + Main.loadAverage() + ".");
        section.notes.add("No variant sets TCP_NODELAY (LuaSocket's default); with one message in"
                + " flight Nagle's algorithm never holds a segment back.");
        return section;
    }

    static Contender inProcess(String key, Config cfg) {
        return switch (key) {
            case "pp-loom" -> new Loom(LOOM, cfg, false);
            case "pp-loom-timeout" -> new Loom(LOOM_TIMEOUT, cfg, true);
            case "pp-jdk" -> new Jdk(JDK, cfg, false);
            case "pp-jdk-timeout" -> new Jdk(JDK_TIMEOUT, cfg, true);
            default -> null;
        };
    }

    private static final class Loom extends InProcess {
        private final Config cfg;
        private final boolean timeout;
        private TcpServer server;
        private TcpClient client;
        private Thread echo;

        Loom(String label, Config cfg, boolean timeout) {
            super(label);
            this.cfg = cfg;
            this.timeout = timeout;
        }

        @Override
        public void open() throws Exception {
            server = Tcp.bind("127.0.0.1", 0);
            int port = server.getsockname().port();
            echo = VirtualThreads.start("pingpong-loom-server", () -> {
                try (TcpClient peer = server.accept()) {
                    if (timeout) {
                        peer.settimeout(LOOM_TIMEOUT_SECONDS);
                    }
                    while (true) {
                        byte[] line = peer.receive("*l");
                        byte[] out = Arrays.copyOf(line, line.length + 1);
                        out[line.length] = '\n';
                        peer.send(out);
                    }
                } catch (ReceiveException e) {
                    if (!e.isClosed()) {
                        throw e;
                    }
                }
            });
            client = Tcp.connect("127.0.0.1", port);
            if (timeout) {
                client.settimeout(LOOM_TIMEOUT_SECONDS);
            }
        }

        @Override
        long body(boolean warmup) throws Exception {
            int count = warmup ? cfg.pingPongWarmup : cfg.pingPongTrips;
            for (int i = 0; i < count; i++) {
                client.send(LINE);
                byte[] echoed = client.receive("*l");
                if (echoed.length != LINE.length - 1) {
                    throw new IllegalStateException("bad echo");
                }
            }
            return count;
        }

        @Override
        public void close() {
            if (client != null) {
                client.close();
            }
            if (server != null) {
                server.close();
            }
            if (echo != null) {
                VirtualThreads.joinQuietly(echo, 10);
            }
        }
    }

    private static final class Jdk extends InProcess {
        private final Config cfg;
        private final boolean soTimeout;
        private ServerSocket server;
        private Socket client;
        private BufferedReader in;
        private OutputStream out;
        private Thread echo;

        Jdk(String label, Config cfg, boolean soTimeout) {
            super(label);
            this.cfg = cfg;
            this.soTimeout = soTimeout;
        }

        @Override
        public void open() throws Exception {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            echo = VirtualThreads.start("pingpong-jdk-server", () -> {
                try (Socket peer = server.accept()) {
                    if (soTimeout) {
                        peer.setSoTimeout(SO_TIMEOUT_MILLIS);
                    }
                    BufferedReader peerIn = new BufferedReader(
                            new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
                    OutputStream peerOut = peer.getOutputStream();
                    String line;
                    while ((line = peerIn.readLine()) != null) {
                        peerOut.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                }
            });
            client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
            if (soTimeout) {
                client.setSoTimeout(SO_TIMEOUT_MILLIS);
            }
            in = new BufferedReader(
                    new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            out = client.getOutputStream();
        }

        @Override
        long body(boolean warmup) throws Exception {
            int count = warmup ? cfg.pingPongWarmup : cfg.pingPongTrips;
            for (int i = 0; i < count; i++) {
                out.write(LINE);
                String echoed = in.readLine();
                if (echoed == null || echoed.length() != LINE.length - 1) {
                    throw new IllegalStateException("bad echo");
                }
            }
            return count;
        }

        @Override
        public void close() throws Exception {
            if (client != null) {
                client.close();
            }
            if (server != null) {
                server.close();
            }
            if (echo != null) {
                VirtualThreads.joinQuietly(echo, 10);
            }
        }
    }
}
