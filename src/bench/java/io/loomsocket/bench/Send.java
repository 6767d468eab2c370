package io.loomsocket.bench;

import io.loomsocket.Tcp;
import io.loomsocket.TcpClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Send throughput: the total sent in calls of one size to a peer that reads it with {@code
 * InputStream.read} into a reused 64 KiB buffer (the same reader for every variant), a new
 * connection per round, one virtual thread per side. A round lasts from the first send until
 * the reader has every byte. A connection kept for every round made the rounds of a variant
 * one sample: two loopback connections settle at throughputs up to 15 % apart (the kernel
 * tunes each one's buffers as it goes), and a variant kept whichever its connection got.
 */
final class Send {
    private Send() {}

    private static final double TIMEOUT_SECONDS = 30;

    static List<Section> run(Config cfg) throws Exception {
        List<Section> sections = new ArrayList<>();
        double worst = Double.NaN;
        double worstTimeout = Double.NaN;
        for (int size : cfg.sendSizes) {
            String name = sizeName(size);
            String loadStart = Main.loadAverage();
            List<Contender> contenders = new ArrayList<>();
            contenders.add(new Loom("loomsocket send(byte[])", cfg, size, false, false));
            contenders.add(new Jdk("outputstream: java.net.Socket OutputStream.write(byte[])",
                    cfg, size));
            contenders.add(new Loom("loomsocket send(byte[]) with settimeout(30)", cfg, size,
                    true, false));
            if (cfg.sendStrings) {
                contenders.add(new Loom("loomsocket send(String)", cfg, size, false, true));
            }
            Section s = new Section("Send, " + name + " calls", "", "MB/s", "µs CPU/MiB",
                    "switches/MiB");
            s.results.addAll(Runner.run(contenders, cfg.warmupRounds, cfg.sendRounds, 1e6,
                    1 << 20));
            s.reference = 1;
            s.description = String.format("%d MiB per round sent in calls of %s to a peer reading"
                    + " into a reused 64 KiB buffer with InputStream.read; %d rounds after %d"
                    + " warm-up rounds, interleaved; a new connection per round, one virtual"
                    + " thread per side, both in this JVM. Rate: MB/s (10^6 bytes). CPU and"
                    + " switches: this JVM (both ends), per MiB. Load average at the start %s, at"
                    + " the end %s.", cfg.sendBytes >> 20, name, cfg.sendRounds, cfg.warmupRounds,
                    loadStart, Main.loadAverage());
            sections.add(s);
            double loom = s.results.get(0).median();
            double send = loom / s.results.get(1).median();
            double timeout = s.results.get(2).median() / loom;
            Ratios.ratio("send-" + name, "outputstream", loom, s.results.get(1).median());
            Ratios.ratio("send-timeout-" + name, "no-timeout", s.results.get(2).median(), loom);
            worst = Double.isNaN(worst) ? send : Math.min(worst, send);
            worstTimeout = Double.isNaN(worstTimeout) ? timeout : Math.min(worstTimeout, timeout);
        }
        // The case without a size is the worst of the sizes: the target holds only if it does.
        Ratios.ratio("send", "outputstream", worst, 1);
        Ratios.ratio("send-timeout", "no-timeout", worstTimeout, 1);
        return sections;
    }

    static String sizeName(int size) {
        return size >= 1 << 20 ? (size >> 20) + "m" : (size >> 10) + "k";
    }

    /** The reading side: accepts one connection and reads a round's total per permit. */
    private abstract static class Variant extends InProcess {
        final Config cfg;
        final int size;
        final long calls;
        final long total;
        private ServerSocket server;
        private Thread reader;
        private final Semaphore rounds = new Semaphore(0);
        private final Semaphore done = new Semaphore(0);
        private volatile boolean closing;

        Variant(String label, Config cfg, int size) {
            super(label);
            this.cfg = cfg;
            this.size = size;
            this.calls = Math.max(1, cfg.sendBytes / size);
            this.total = calls * size;
        }

        /** Opens the sending end to the given port. */
        abstract void connect(int port) throws Exception;

        /** One call that sends {@code size} bytes. */
        abstract void sendOnce() throws Exception;

        abstract void disconnect() throws Exception;

        @Override
        public void open() throws Exception {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            reader = VirtualThreads.start("send-reader", () -> {
                byte[] buf = new byte[64 << 10];
                while (rounds.tryAcquire(600, TimeUnit.SECONDS) && !closing) {
                    try (Socket peer = server.accept()) {
                        InputStream in = peer.getInputStream();
                        long got = 0;
                        int n;
                        while (got < total && (n = in.read(buf)) > 0) {
                            got += n;
                        }
                        if (got != total) {
                            throw new IllegalStateException("read " + got + " of " + total);
                        }
                    }
                    done.release();
                }
            });
        }

        @Override
        long body(boolean warmup) throws Exception {
            connect(server.getLocalPort());
            try {
                rounds.release();
                for (long i = 0; i < calls; i++) {
                    sendOnce();
                }
                if (!done.tryAcquire(600, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(label() + ": the reader did not finish");
                }
            } finally {
                disconnect();
            }
            return total;
        }

        @Override
        public void close() throws Exception {
            closing = true;
            rounds.release();
            server.close();
            VirtualThreads.joinQuietly(reader, 10);
        }
    }

    private static final class Loom extends Variant {
        private final boolean timeout;
        private final byte[] data;
        private final String text;
        private TcpClient client;

        Loom(String label, Config cfg, int size, boolean timeout, boolean asString) {
            super(label, cfg, size);
            this.timeout = timeout;
            byte[] bytes = new byte[size];
            Arrays.fill(bytes, (byte) 'x');
            this.data = asString ? null : bytes;
            this.text = asString ? "x".repeat(size) : null;
        }

        @Override
        void connect(int port) throws Exception {
            client = Tcp.connect("127.0.0.1", port);
            if (timeout) {
                client.settimeout(TIMEOUT_SECONDS);
            }
        }

        @Override
        void sendOnce() throws Exception {
            if (data != null) {
                client.send(data);
            } else {
                client.send(text);
            }
        }

        @Override
        void disconnect() {
            if (client != null) {
                client.close();
                client = null;
            }
        }
    }

    private static final class Jdk extends Variant {
        private final byte[] data;
        private Socket socket;
        private OutputStream out;

        Jdk(String label, Config cfg, int size) {
            super(label, cfg, size);
            data = new byte[size];
            Arrays.fill(data, (byte) 'x');
        }

        @Override
        void connect(int port) throws Exception {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            out = socket.getOutputStream();
        }

        @Override
        void sendOnce() throws Exception {
            out.write(data);
        }

        @Override
        void disconnect() throws Exception {
            if (socket != null) {
                socket.close();
                socket = null;
            }
        }
    }
}
