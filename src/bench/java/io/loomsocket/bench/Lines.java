package io.loomsocket.bench;

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
import java.util.List;

/**
 * Line throughput: the accepting side sends N lines of 40 bytes (39 and an LF) in 64 KiB calls
 * and closes; the connecting side reads them one line per call.
 */
final class Lines {
    private Lines() {}

    static final String LINE = "012345678901234567890123456789012345678"; // 39 chars
    private static final int SLICE = 65536;

    @FunctionalInterface
    interface Receiver<C> {
        long receive(C connection, int lines) throws Exception;
    }

    static Section run(Config cfg) throws Exception {
        Section section = new Section("Line throughput",
                String.format("%,d lines of 40 bytes (39 + LF) per round, sent in 64 KiB calls;"
                        + " %d rounds after %d warm-up rounds, interleaved across variants; a new"
                        + " connection per round, one virtual thread per side (Lua: one process"
                        + " per side). Rate: lines per second. CPU and switches: per 1000 lines,"
                        + " both ends together.", cfg.lines, cfg.rounds, cfg.warmupRounds),
                "lines/s", "µs CPU/1000 lines", "switches/1000 lines");
        byte[] payload = payload(cfg.lines);
        List<Contender> contenders = new ArrayList<>();
        contenders.add(new Loom("(i) loomsocket receive(\"*l\") as byte[]", cfg, payload,
                (c, n) -> {
                    byte[] last = null;
                    for (int i = 0; i < n; i++) {
                        last = c.receive("*l");
                    }
                    return checkLast(last != null && last.length == LINE.length(), n);
                }));
        contenders.add(new Jdk("(ii) java.net.Socket BufferedReader.readLine (UTF-8)", cfg,
                payload, (s, n) -> {
                    BufferedReader in = new BufferedReader(
                            new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    String last = null;
                    for (int i = 0; i < n; i++) {
                        last = in.readLine();
                    }
                    return checkLast(LINE.equals(last), n);
                }));
        contenders.add(new Loom("(i-s) loomsocket receiveString() as String", cfg, payload,
                (c, n) -> {
                    String last = null;
                    for (int i = 0; i < n; i++) {
                        last = c.receiveString();
                    }
                    return checkLast(LINE.equals(last), n);
                }));
        String lua = cfg.quick ? "left out in the quick mode" : LuaRunner.availability(cfg);
        if (lua == null) {
            int connections = cfg.warmupRounds + cfg.rounds;
            contenders.add(LuaRunner.contender(cfg, "(iv) C LuaSocket receive(\"*l\")",
                    List.of("lines-server", Integer.toString(cfg.lines),
                            Integer.toString(connections)),
                    List.of("lines-client", "PORT", "SERVERPID", Integer.toString(cfg.lines),
                            Integer.toString(cfg.warmupRounds))));
        } else {
            section.notes.add("(iv) C LuaSocket skipped: " + lua);
        }
        String loadStart = Main.loadAverage();
        section.results.addAll(Runner.run(contenders, cfg.warmupRounds, cfg.rounds, 1, 1000));
        section.reference = 1;
        Ratios.ratio("lines", "bufferedreader", section.results.get(0).median(),
                section.results.get(1).median());
        Ratios.ratio("lines-string", "bufferedreader", section.results.get(2).median(),
                section.results.get(1).median());
        section.notes.add("Load average at the start " + loadStart + ", at the end "
                + Main.loadAverage() + ".");
        return section;
    }

    private static byte[] payload(int lines) {
        byte[] one = (LINE + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[one.length * lines];
        for (int i = 0; i < lines; i++) {
            System.arraycopy(one, 0, all, i * one.length, one.length);
        }
        return all;
    }

    private static long checkLast(boolean ok, int lines) {
        if (!ok) {
            throw new IllegalStateException("the last line came back wrong");
        }
        return lines;
    }

    private static final class Loom extends InProcess {
        private final Config cfg;
        private final byte[] payload;
        private final Receiver<TcpClient> receiver;
        private TcpServer server;
        private Thread sender;

        Loom(String label, Config cfg, byte[] payload, Receiver<TcpClient> receiver) {
            super(label);
            this.cfg = cfg;
            this.payload = payload;
            this.receiver = receiver;
        }

        @Override
        public void open() throws Exception {
            int connections = cfg.warmupRounds + cfg.rounds;
            server = Tcp.bind("127.0.0.1", 0);
            sender = VirtualThreads.start("lines-loom-sender", () -> {
                for (int k = 0; k < connections; k++) {
                    try (TcpClient peer = server.accept()) {
                        for (int off = 0; off < payload.length; off += SLICE) {
                            int end = Math.min(payload.length, off + SLICE);
                            peer.send(payload, off + 1, end); // 1-based, inclusive
                        }
                    }
                }
            });
        }

        @Override
        long body(boolean warmup) throws Exception {
            try (TcpClient client = Tcp.connect("127.0.0.1", server.getsockname().port())) {
                return receiver.receive(client, cfg.lines);
            }
        }

        @Override
        public void close() {
            server.close();
            VirtualThreads.joinQuietly(sender, 10);
        }
    }

    private static final class Jdk extends InProcess {
        private final Config cfg;
        private final byte[] payload;
        private final Receiver<Socket> receiver;
        private ServerSocket server;
        private Thread sender;

        Jdk(String label, Config cfg, byte[] payload, Receiver<Socket> receiver) {
            super(label);
            this.cfg = cfg;
            this.payload = payload;
            this.receiver = receiver;
        }

        @Override
        public void open() throws Exception {
            int connections = cfg.warmupRounds + cfg.rounds;
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            sender = VirtualThreads.start("lines-jdk-sender", () -> {
                for (int k = 0; k < connections; k++) {
                    try (Socket peer = server.accept()) {
                        OutputStream out = peer.getOutputStream();
                        for (int off = 0; off < payload.length; off += SLICE) {
                            out.write(payload, off, Math.min(SLICE, payload.length - off));
                        }
                    }
                }
            });
        }

        @Override
        long body(boolean warmup) throws Exception {
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                return receiver.receive(client, cfg.lines);
            }
        }

        @Override
        public void close() throws Exception {
            server.close();
            VirtualThreads.joinQuietly(sender, 10);
        }
    }
}
