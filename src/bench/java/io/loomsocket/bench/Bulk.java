package io.loomsocket.bench;

import io.loomsocket.Tcp;
import io.loomsocket.TcpClient;
import io.loomsocket.TcpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Bulk throughput, the fast path: the accepting side sends the total in fixed-size calls and
 * closes; the connecting side receives it (a new connection each round, connect included in the
 * time). The receive buffer is rarely empty, so few reads wait.
 */
final class Bulk {
    private Bulk() {}

    @FunctionalInterface
    interface Receiver<C> {
        long receive(C connection, long total) throws Exception;
    }

    static List<Section> run(Config cfg) throws Exception {
        String common = String.format("%d MiB per round, sent in %d KiB calls; %d rounds after %d"
                + " warm-up rounds, interleaved across variants; a new connection per round, one"
                + " virtual thread per side (Lua: one process per side). Rate: MB/s (10^6 bytes)."
                + " CPU and switches: per MiB, both ends together.",
                cfg.bulkBytes >> 20, cfg.bulkChunk >> 10, cfg.rounds, cfg.warmupRounds);
        Section counts = new Section("Bulk throughput, receive by count of " + cfg.bulkCount,
                common, "MB/s", "µs CPU/MiB", "switches/MiB");
        Section all = new Section("Bulk throughput, receive everything (*a)",
                common, "MB/s", "µs CPU/MiB", "switches/MiB");
        int count = cfg.bulkCount;
        List<Contender> byCount = new ArrayList<>();
        byCount.add(new Loom("(i) loomsocket receive(" + count + ")", cfg, (c, total) -> {
            long got = 0;
            while (got < total) {
                got += c.receive(count).length;
            }
            return got;
        }));
        byCount.add(new Jdk("(ii) java.net.Socket InputStream.readNBytes(" + count + ")", cfg,
                (s, total) -> {
                    InputStream in = s.getInputStream();
                    long got = 0;
                    while (got < total) {
                        byte[] data = in.readNBytes(count);
                        if (data.length == 0) {
                            break;
                        }
                        got += data.length;
                    }
                    return got;
                }));
        if (!cfg.quick) {
            byCount.add(new Jdk("(ii-r) java.net.Socket InputStream.read(buf, 0, " + count
                    + "), one reused buffer", cfg, (s, total) -> {
                        InputStream in = s.getInputStream();
                        byte[] buf = new byte[count];
                        long got = 0;
                        int n;
                        while (got < total && (n = in.read(buf, 0, count)) > 0) {
                            got += n;
                        }
                        return got;
                    }));
        }
        List<Contender> everything = new ArrayList<>();
        everything.add(new Loom("(i) loomsocket receive(\"*a\")", cfg,
                (c, total) -> c.receive("*a").length));
        everything.add(new Jdk("(ii) java.net.Socket InputStream.readAllBytes()", cfg,
                (s, total) -> s.getInputStream().readAllBytes().length));
        String lua = cfg.quick ? "left out in the quick mode" : LuaRunner.availability(cfg);
        if (lua == null) {
            byCount.add(lua(cfg, "(iv) C LuaSocket receive(" + count + ")", Integer.toString(count)));
            everything.add(lua(cfg, "(iv) C LuaSocket receive(\"*a\")", "*a"));
        } else {
            counts.notes.add("(iv) C LuaSocket skipped: " + lua);
            all.notes.add("(iv) C LuaSocket skipped: " + lua);
        }
        String loadStart = Main.loadAverage();
        counts.results.addAll(Runner.run(byCount, cfg.warmupRounds, cfg.rounds, 1e6, 1 << 20));
        counts.reference = 1;
        Ratios.ratio("bulk", "readnbytes", counts.results.get(0).median(),
                counts.results.get(1).median());
        counts.notes.add("Load average at the start " + loadStart + ", at the end "
                + Main.loadAverage() + ".");
        if (cfg.quick) {
            return List.of(counts);
        }
        loadStart = Main.loadAverage();
        all.results.addAll(Runner.run(everything, cfg.warmupRounds, cfg.rounds, 1e6, 1 << 20));
        all.reference = 1;
        Ratios.ratio("bulk-all", "readallbytes", all.results.get(0).median(),
                all.results.get(1).median());
        all.notes.add("Load average at the start " + loadStart + ", at the end "
                + Main.loadAverage() + ".");
        String sends = "Senders: C LuaSocket splits each 64 KiB send into 8 KiB write(2) calls"
                + " (its STEPSIZE); loomsocket gives the first write of a call 8 KiB and the"
                + " rest at once (writes of up to 128 KiB); OutputStream.write hands the whole"
                + " 64 KiB to the kernel at once.";
        counts.notes.add(sends);
        all.notes.add(sends);
        return List.of(counts, all);
    }

    private static Contender lua(Config cfg, String label, String pattern) {
        int connections = cfg.warmupRounds + cfg.rounds;
        return LuaRunner.contender(cfg, label,
                List.of("bulk-server", Long.toString(cfg.bulkBytes), Integer.toString(cfg.bulkChunk),
                        Integer.toString(connections)),
                List.of("bulk-client", "PORT", "SERVERPID", Long.toString(cfg.bulkBytes), pattern,
                        Integer.toString(cfg.warmupRounds)));
    }

    private static long check(long got, long total) {
        if (got != total) {
            throw new IllegalStateException("received " + got + " of " + total + " bytes");
        }
        return got;
    }

    /** The sender side: accepts one connection per round and sends the total, then closes. */
    private static final class Loom extends InProcess {
        private final Config cfg;
        private final Receiver<TcpClient> receiver;
        private TcpServer server;
        private Thread sender;
        private long total;

        Loom(String label, Config cfg, Receiver<TcpClient> receiver) {
            super(label);
            this.cfg = cfg;
            this.receiver = receiver;
        }

        @Override
        public void open() throws Exception {
            int connections = cfg.warmupRounds + cfg.rounds;
            byte[] chunk = new byte[cfg.bulkChunk];
            long calls = cfg.bulkBytes / cfg.bulkChunk;
            total = calls * cfg.bulkChunk;
            server = Tcp.bind("127.0.0.1", 0);
            sender = VirtualThreads.start("bulk-loom-sender", () -> {
                for (int k = 0; k < connections; k++) {
                    try (TcpClient peer = server.accept()) {
                        for (long i = 0; i < calls; i++) {
                            peer.send(chunk);
                        }
                    }
                }
            });
        }

        @Override
        long body(boolean warmup) throws Exception {
            try (TcpClient client = Tcp.connect("127.0.0.1", server.getsockname().port())) {
                return check(receiver.receive(client, total), total);
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
        private final Receiver<Socket> receiver;
        private ServerSocket server;
        private Thread sender;
        private long total;

        Jdk(String label, Config cfg, Receiver<Socket> receiver) {
            super(label);
            this.cfg = cfg;
            this.receiver = receiver;
        }

        @Override
        public void open() throws Exception {
            int connections = cfg.warmupRounds + cfg.rounds;
            byte[] chunk = new byte[cfg.bulkChunk];
            long calls = cfg.bulkBytes / cfg.bulkChunk;
            total = calls * cfg.bulkChunk;
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            sender = VirtualThreads.start("bulk-jdk-sender", () -> {
                for (int k = 0; k < connections; k++) {
                    try (Socket peer = server.accept()) {
                        OutputStream out = peer.getOutputStream();
                        for (long i = 0; i < calls; i++) {
                            out.write(chunk);
                        }
                    }
                }
            });
        }

        @Override
        long body(boolean warmup) throws Exception {
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                return check(receiver.receive(client, total), total);
            }
        }

        @Override
        public void close() throws Exception {
            server.close();
            VirtualThreads.joinQuietly(sender, 10);
        }
    }
}
