package io.loomsocket.bench;

import io.loomsocket.ReceiveException;
import io.loomsocket.Tcp;
import io.loomsocket.TcpException;
import io.loomsocket.TcpServer;
import io.loomsocket.TcpService;
import io.loomsocket.Tls;
import io.loomsocket.TlsClient;
import io.loomsocket.TlsConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS against the JDK's own TLS sockets and Netty's SslHandler (JDK provider), in one JVM:
 * an echo of short lines at many connections (with and without a timeout on every receive),
 * bulk send and receive on one connection, new TLS 1.3 connections per second (ECDSA P-256),
 * and the heap each idle connection holds. The load (the clients) is the same for every
 * server: JDK {@code SSLSocket}s on virtual threads. Contenders run interleaved, round after
 * round, and the median round counts. The key is made with keytool at the start.
 */
final class TlsBench {
    private TlsBench() {}

    static java.util.function.Consumer<Boolean> windowHook;
    private static SSLContext server;
    /** The same key, issuing no session tickets: every handshake with it is a full one. */
    private static SSLContext serverNoTickets;
    /** Interleaved unmeasured rounds of the handshake case, each contender's. */
    private static final int HANDSHAKE_WARMUP_ROUNDS = 8;
    private static SSLContext client;
    private static KeyStore keys;
    private static final char[] PASSWORD = "bench-password".toCharArray();

    static String run(Config cfg) throws Exception {
        makeKeys();
        boolean quick = cfg.quick;
        int connections = quick ? 500 : 1000;
        double seconds = quick ? 2 : 5;
        // Echo and handshake rounds: one round's ratio of the two echo servers swung from 0.82
        // to 1.14 over twelve interleaved rounds of 5 s on a quiet machine (and the full mode's
        // median of five read 0.87 and 1.03 in two runs of the same code), so more of them.
        int rounds = quick ? 5 : 9;
        long bulk = quick ? 256L << 20 : 1L << 30;
        // Warm-up: every contender once, unmeasured, so that no round runs on a cold JIT.
        for (String kind : List.of("loomsocket", "jdk", "netty")) {
            echo(kind, false, connections / 2, 1);
        }
        echo("loomsocket", true, connections / 2, 1);
        echo("jdk", true, connections / 2, 1);
        bulkSend(true, false, 64L << 20);
        bulkSend(false, false, 64L << 20);
        bulkSend(true, true, 64L << 20);
        bulkSend(false, true, 64L << 20);
        bulkReceive(Reader.STREAM, 64L << 20);
        bulkReceive(Reader.RECEIVE_SOME, 64L << 20);
        bulkReceive(Reader.JDK, 64L << 20);
        // Handshakes warm up longer: JSSE's handshake code is large, the echo's warm-up runs
        // only its server side (and SSLSocket's client), and both contenders' rates kept rising
        // for about 30 s of interleaved rounds (each contender's code compiled on the other's
        // profile too) before they settled within 2 % of each other.
        for (int r = 0; r < HANDSHAKE_WARMUP_ROUNDS; r++) {
            handshakes(true, true, seconds);
            handshakes(false, true, seconds);
        }
        StringBuilder table = new StringBuilder("### TLS\n\n"
                + "| case | loomsocket | JDK SSLSocket | Netty SslHandler (JDK) | ratio |\n"
                + "|---|---|---|---|---|\n");

        for (boolean timeout : new boolean[] {false, true}) {
            List<double[]> loom = new ArrayList<>();
            List<double[]> jdk = new ArrayList<>();
            List<double[]> netty = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                loom.add(echo("loomsocket", timeout, connections, seconds));
                jdk.add(echo("jdk", timeout, connections, seconds));
                if (!timeout) {
                    netty.add(echo("netty", false, connections, seconds));
                }
            }
            String name = "tls-echo-1k" + (timeout ? "-timeout" : "");
            double[] l = median(loom);
            double[] j = median(jdk);
            Ratios.ratio(name, "sslsocket", l[0], j[0]);
            Ratios.note(name, String.format(Locale.ROOT, "round trips/s loomsocket %.0f sslsocket"
                    + " %.0f; CPU us per round trip %.1f vs %.1f; %d connections", l[0], j[0],
                    l[1], j[1], connections));
            String nettyCell = "";
            if (!timeout) {
                double[] n = median(netty);
                Ratios.ratio(name, "netty", l[0], n[0]);
                nettyCell = String.format(Locale.ROOT, "%.0f rt/s, %.1f us CPU/rt", n[0], n[1]);
            }
            table.append(String.format(Locale.ROOT,
                    "| %s, %d connections | %.0f rt/s, %.1f us CPU/rt | %.0f rt/s, %.1f us CPU/rt"
                    + " | %s | %.2f |%n", name, connections, l[0], l[1], j[0], j[1], nettyCell,
                    l[0] / j[0]));
        }

        // Bulk rounds are short (a quarter of a second each in the quick mode) and their rates
        // swing by a third from one to the next on two shared cores: more of them, and the CPU
        // each took (this whole process: both ends) beside the rate.
        int bulkRounds = quick ? 9 : 5;
        double[][] sendLoom = new double[bulkRounds][];
        double[][] sendJdk = new double[bulkRounds][];
        double[][] nagleLoom = new double[bulkRounds][];
        double[][] nagleJdk = new double[bulkRounds][];
        double[][] recvLoom = new double[bulkRounds][];
        double[][] recvSome = new double[bulkRounds][];
        double[][] recvJdk = new double[bulkRounds][];
        for (int r = 0; r < bulkRounds; r++) {
            sendLoom[r] = withCpu(bulk, () -> bulkSend(true, false, bulk));
            sendJdk[r] = withCpu(bulk, () -> bulkSend(false, false, bulk));
            nagleLoom[r] = withCpu(bulk, () -> bulkSend(true, true, bulk));
            nagleJdk[r] = withCpu(bulk, () -> bulkSend(false, true, bulk));
            recvLoom[r] = withCpu(bulk, () -> bulkReceive(Reader.STREAM, bulk));
            recvSome[r] = withCpu(bulk, () -> bulkReceive(Reader.RECEIVE_SOME, bulk));
            recvJdk[r] = withCpu(bulk, () -> bulkReceive(Reader.JDK, bulk));
        }
        double[] sl = median(List.of(sendLoom));
        double[] sj = median(List.of(sendJdk));
        double[] nl = median(List.of(nagleLoom));
        double[] nj = median(List.of(nagleJdk));
        double[] rl = median(List.of(recvLoom));
        double[] rs = median(List.of(recvSome));
        double[] rj = median(List.of(recvJdk));
        row(table, "tls-send", bulk, sl[0], sj[0]);
        Ratios.note("tls-send", String.format(Locale.ROOT, "MB/s with TCP_NODELAY loomsocket %.0f"
                + " sslsocket %.0f (CPU us per MiB %.0f vs %.0f); with Nagle's algorithm on at"
                + " both %.0f vs %.0f (%.2f; CPU %.0f vs %.0f)", sl[0] / 1e6, sj[0] / 1e6, sl[1],
                sj[1], nl[0] / 1e6, nj[0] / 1e6, nl[0] / nj[0], nl[1], nj[1]));
        table.append(String.format(Locale.ROOT, "| tls-send with Nagle's algorithm on (%d MiB) |"
                + " %.0f MB/s | %.0f MB/s | | %.2f |%n", bulk >> 20, nl[0] / 1e6, nj[0] / 1e6,
                nl[0] / nj[0]));
        row(table, "tls-receive", bulk, rl[0], rj[0]);
        Ratios.note("tls-receive", String.format(Locale.ROOT, "MB/s inputStream().read"
                + " %.0f, receiveSome(65536) %.0f (%.2f of sslsocket; at most 8192 bytes and a"
                + " new array a call), sslsocket %.0f; CPU us per MiB %.0f, %.0f, %.0f",
                rl[0] / 1e6, rs[0] / 1e6, rs[0] / rj[0], rj[0] / 1e6, rl[1], rs[1], rj[1]));
        table.append(String.format(Locale.ROOT, "| tls-receive with receiveSome(65536) (%d MiB)"
                + " | %.0f MB/s | %.0f MB/s | | %.2f |%n", bulk >> 20, rs[0] / 1e6, rj[0] / 1e6,
                rs[0] / rj[0]));
        table.append(String.format(Locale.ROOT, "| CPU per MiB (both ends): send, send with"
                + " Nagle, receive | %.0f, %.0f, %.0f us | %.0f, %.0f, %.0f us | | |%n", sl[1],
                nl[1], rl[1], sj[1], nj[1], rj[1]));

        double[] hsLoom = new double[rounds];
        double[] hsJdk = new double[rounds];
        double[] resumedLoom = new double[rounds];
        double[] resumedJdk = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            hsLoom[r] = handshakes(true, true, seconds);
            hsJdk[r] = handshakes(false, true, seconds);
            resumedLoom[r] = handshakes(true, false, seconds);
            resumedJdk[r] = handshakes(false, false, seconds);
        }
        Ratios.ratio("tls-handshakes", "sslsocket", median(hsLoom), median(hsJdk));
        Ratios.note("tls-handshakes", String.format(Locale.ROOT, "full handshakes/s loomsocket"
                + " %.0f sslsocket %.0f; resumed with a session ticket: %.0f vs %.0f (%.2f)",
                median(hsLoom), median(hsJdk), median(resumedLoom), median(resumedJdk),
                median(resumedLoom) / median(resumedJdk)));
        table.append(String.format(Locale.ROOT, "| tls-handshakes (TLS 1.3, ECDSA P-256, full,"
                + " 4 at once) | %.0f /s | %.0f /s | | %.2f |%n", median(hsLoom), median(hsJdk),
                median(hsLoom) / median(hsJdk)));
        table.append(String.format(Locale.ROOT, "| tls-handshakes resumed (session tickets) |"
                + " %.0f /s | %.0f /s | | %.2f |%n", median(resumedLoom), median(resumedJdk),
                median(resumedLoom) / median(resumedJdk)));

        int idle = quick ? 1000 : 2000;
        double[] memLoom = idleHeap(true, idle);
        double[] memJdk = idleHeap(false, idle);
        boolean pass = memLoom[0] <= memJdk[0];
        Ratios.check("tls-idle-rss", "loomsocket", pass, String.format(Locale.ROOT,
                "heap per idle connection (server and the same JDK client) %.1f KiB vs"
                + " sslsocket %.1f KiB; RSS growth %.1f vs %.1f KiB; %d connections",
                memLoom[0] / 1024, memJdk[0] / 1024, memLoom[1] / 1024, memJdk[1] / 1024, idle));
        table.append(String.format(Locale.ROOT, "| idle heap per connection (%d, both ends) |"
                + " %.1f KiB | %.1f KiB | | %.2f |%n", idle, memLoom[0] / 1024, memJdk[0] / 1024,
                memJdk[0] / memLoom[0]));
        table.append("\nMedians of ").append(rounds).append(" interleaved rounds; CPU is this"
                + " whole process (clients included, the same JDK clients for every server).\n");
        return table.toString();
    }

    /** A bulk case's rate, and the CPU this process spent on it in microseconds per MiB. */
    private static double[] withCpu(long bytes, java.util.concurrent.Callable<Double> bulkCase)
            throws Exception {
        long cpu0 = ProcStats.ownCpuNanos();
        double rate = bulkCase.call();
        long cpu = ProcStats.ownCpuNanos() - cpu0;
        return new double[] {rate, cpu / 1e3 / (bytes / 1048576.0)};
    }

    private static void row(StringBuilder table, String name, long bytes, double loom,
            double jdk) {
        Ratios.ratio(name, "sslsocket", loom, jdk);
        table.append(String.format(Locale.ROOT, "| %s (%d MiB) | %.0f MB/s | %.0f MB/s | |"
                + " %.2f |%n", name, bytes >> 20, loom / 1e6, jdk / 1e6, loom / jdk));
    }

    // ---- keys ----------------------------------------------------------------------------------

    static void makeKeys() throws Exception {
        if (server != null) {
            return;
        }
        Path dir = Files.createTempDirectory("loomsocket-tls-bench-");
        Path store = dir.resolve("bench.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin",
                "keytool").toString(), "-genkeypair", "-alias", "bench", "-keyalg", "EC",
                "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype",
                "PKCS12", "-keystore", store.toString(), "-storepass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        if (keytool.waitFor() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        Files.delete(store);
        Files.delete(dir);
        // The JDK's default manager (SunX509) reads the private key once, here, as TlsConfig's
        // own managers do; PKIX's decrypts it from the PKCS12 store again at every handshake
        // (PBKDF2, 6 to 14 ms of CPU, more than the handshake itself), which both contenders
        // would pay and which would hide the TLS work this case measures.
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory
                .getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(keys);
        server = SSLContext.getInstance("TLSv1.3");
        server.init(kmf.getKeyManagers(), null, null);
        // JSSE sends no NewSessionTicket when the session lifetime exceeds TLS 1.3's 7 days
        // (RFC 8446, 4.6.1): without a ticket, a client's next connection cannot resume, and
        // pays the certificate's signature and its verification again.
        serverNoTickets = SSLContext.getInstance("TLSv1.3");
        serverNoTickets.init(kmf.getKeyManagers(), null, null);
        serverNoTickets.getServerSessionContext().setSessionTimeout(7 * 24 * 3600 + 1);
        client = SSLContext.getInstance("TLSv1.3");
        client.init(null, tmf.getTrustManagers(), null);
    }

    private static TlsConfig loomServerConfig() {
        return TlsConfig.of(server, false);
    }

    private static TlsConfig loomClientConfig() {
        return TlsConfig.of(client, true).serverName("localhost");
    }

    private static SSLSocket jdkClient(int port) throws IOException {
        return jdkClient(port, true);
    }

    private static SSLSocket jdkClient(int port, boolean noDelay) throws IOException {
        SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port);
        var parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setServerNames(List.of(new javax.net.ssl.SNIHostName("localhost")));
        socket.setSSLParameters(parameters);
        socket.setTcpNoDelay(noDelay);
        socket.startHandshake();
        return socket;
    }

    // ---- servers -------------------------------------------------------------------------------

    /** A running echo server: its port, and how to stop it. */
    private record Server(int port, AutoCloseable stop) {}

    private static Server startServer(String kind, boolean timeout) throws Exception {
        switch (kind) {
            case "loomsocket" -> {
                TcpServer listening = Tcp.bind("127.0.0.1", 0, 4096);
                int port = listening.getsockname().port();
                TcpService service = TcpService.startTls(listening, loomServerConfig(), c -> {
                    c.setoption("tcp-nodelay", true);
                    if (timeout) {
                        c.settimeout(30);
                    }
                    while (true) {
                        c.send(c.receiveString() + "\n");
                    }
                });
                return new Server(port, service);
            }
            case "jdk" -> {
                SSLServerSocket listening = (SSLServerSocket) server.getServerSocketFactory()
                        .createServerSocket(0, 4096, java.net.InetAddress.getLoopbackAddress());
                Thread acceptor = Thread.ofVirtual().start(() -> {
                    while (!listening.isClosed()) {
                        try {
                            SSLSocket s = (SSLSocket) listening.accept();
                            Thread.ofVirtual().start(() -> jdkEcho(s, timeout));
                        } catch (IOException e) {
                            return;
                        }
                    }
                });
                return new Server(listening.getLocalPort(), () -> {
                    listening.close();
                    acceptor.join();
                });
            }
            default -> {
                return nettyServer();
            }
        }
    }

    private static void jdkEcho(SSLSocket s, boolean timeout) {
        try (s) {
            s.setTcpNoDelay(true);
            if (timeout) {
                s.setSoTimeout(30_000);
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            OutputStream out = s.getOutputStream();
            String line;
            while ((line = in.readLine()) != null) {
                out.write((line + "\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        } catch (IOException e) {
            // the client left
        }
    }

    private static Server nettyServer() throws Exception {
        SslContext ssl = SslContextBuilder.forServer((java.security.PrivateKey) keys.getKey(
                "bench", PASSWORD), (java.security.cert.X509Certificate) keys.getCertificate(
                "bench")).sslProvider(SslProvider.JDK).protocols("TLSv1.3").build();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        Channel listening = new ServerBootstrap().group(group)
                .channel(EpollServerSocketChannel.class)
                .option(io.netty.channel.ChannelOption.SO_BACKLOG, 4096)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                        ch.pipeline().addLast(new LineBasedFrameDecoder(1024, false, false));
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ctx.write(msg, ctx.voidPromise());
                            }

                            @Override
                            public void channelReadComplete(ChannelHandlerContext ctx) {
                                ctx.flush();
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable t) {
                                ctx.close();
                            }
                        });
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        int port = ((InetSocketAddress) listening.localAddress()).getPort();
        return new Server(port, () -> {
            listening.close().sync();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        });
    }

    // ---- echo ----------------------------------------------------------------------------------

    /** Round trips per second and CPU microseconds per round trip. */
    static double[] echo(String kind, boolean timeout, int connections, double seconds)
            throws Exception {
        Server s = startServer(kind, timeout);
        try {
            List<SSLSocket> sockets = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            try {
                for (int i = 0; i < connections; i++) {
                    sockets.add(jdkClient(s.port()));
                }
                AtomicBoolean measuring = new AtomicBoolean(false);
                AtomicBoolean stop = new AtomicBoolean(false);
                AtomicLong trips = new AtomicLong();
                byte[] line = "0123456789abcde\n".getBytes(StandardCharsets.ISO_8859_1);
                for (SSLSocket socket : sockets) {
                    threads.add(Thread.ofVirtual().start(() -> {
                        try {
                            OutputStream out = socket.getOutputStream();
                            InputStream in = socket.getInputStream();
                            byte[] back = new byte[line.length];
                            while (!stop.get()) {
                                out.write(line);
                                out.flush();
                                int got = 0;
                                while (got < back.length) {
                                    int n = in.read(back, got, back.length - got);
                                    if (n < 0) {
                                        return;
                                    }
                                    got += n;
                                }
                                if (measuring.get()) {
                                    trips.incrementAndGet();
                                }
                            }
                        } catch (IOException e) {
                            // closed at the end
                        }
                    }));
                }
                Thread.sleep((long) (seconds * 500)); // warm-up
                long cpu0 = ProcStats.ownCpuNanos();
                long t0 = System.nanoTime();
                if (windowHook != null) windowHook.accept(true);
                measuring.set(true);
                Thread.sleep((long) (seconds * 1000));
                measuring.set(false);
                if (windowHook != null) windowHook.accept(false);
                long elapsed = System.nanoTime() - t0;
                long cpu = ProcStats.ownCpuNanos() - cpu0;
                stop.set(true);
                long n = trips.get();
                return new double[] {n / (elapsed / 1e9), n == 0 ? Double.NaN : cpu / 1e3 / n};
            } finally {
                for (SSLSocket socket : sockets) {
                    socket.close();
                }
                for (Thread t : threads) {
                    t.join(5000);
                }
            }
        } finally {
            s.stop().close();
        }
    }

    // ---- bulk ----------------------------------------------------------------------------------

    /** Bytes per second of a send of {@code bytes} to a JDK SSLSocket that reads as it can. */
    /**
     * Bytes per second of a send of {@code bytes} to a JDK SSLSocket, in calls of 64 KiB;
     * {@code nagle} leaves Nagle's algorithm on at both contenders (TCP_NODELAY is set at both
     * otherwise, as every other case sets it).
     */
    static double bulkSend(boolean loom, boolean nagle, long bytes) throws Exception {
        SSLServerSocket listening = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        try (listening) {
            CountDownLatch done = new CountDownLatch(1);
            Thread reader = Thread.ofVirtual().start(() -> {
                try (SSLSocket s = (SSLSocket) listening.accept()) {
                    InputStream in = s.getInputStream();
                    byte[] buffer = new byte[64 * 1024];
                    long left = bytes;
                    while (left > 0) {
                        int n = in.read(buffer);
                        if (n < 0) {
                            break;
                        }
                        left -= n;
                    }
                } catch (IOException e) {
                    // reported by the missing bytes
                } finally {
                    done.countDown();
                }
            });
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            long t0 = System.nanoTime();
            if (loom) {
                try (TlsClient c = Tls.connect("127.0.0.1", listening.getLocalPort(),
                        Duration.ofSeconds(10), loomClientConfig())) {
                    c.setoption("tcp-nodelay", !nagle);
                    for (long sent = 0; sent < bytes; sent += chunk.length) {
                        c.send(chunk);
                    }
                    done.await();
                }
            } else {
                try (SSLSocket c = jdkClient(listening.getLocalPort(), !nagle)) {
                    OutputStream out = c.getOutputStream();
                    for (long sent = 0; sent < bytes; sent += chunk.length) {
                        out.write(chunk);
                    }
                    out.flush();
                    done.await();
                }
            }
            long elapsed = System.nanoTime() - t0;
            reader.join();
            return bytes / (elapsed / 1e9);
        }
    }

    /** How the bulk receive reads. */
    enum Reader {
        /** loomsocket's {@code inputStream().read} into one 64 KiB array, as the JDK's below. */
        STREAM,
        /** loomsocket's {@code receiveSome(65536)}: a new array of at most 8192 bytes a call. */
        RECEIVE_SOME,
        /** The JDK's {@code SSLSocket.getInputStream().read} into one 64 KiB array. */
        JDK
    }

    /** Bytes per second of a receive of {@code bytes} a JDK SSLSocket sends. */
    static double bulkReceive(Reader reader, long bytes) throws Exception {
        SSLServerSocket listening = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        try (listening) {
            Thread writer = Thread.ofVirtual().start(() -> {
                try (SSLSocket s = (SSLSocket) listening.accept()) {
                    OutputStream out = s.getOutputStream();
                    byte[] chunk = new byte[64 * 1024];
                    for (long sent = 0; sent < bytes; sent += chunk.length) {
                        out.write(chunk);
                    }
                    out.flush();
                    s.getInputStream().read(); // until the reader closes
                } catch (IOException e) {
                    // the reader closed
                }
            });
            long t0;
            long got = 0;
            if (reader == Reader.RECEIVE_SOME) {
                try (TlsClient c = Tls.connect("127.0.0.1", listening.getLocalPort(),
                        Duration.ofSeconds(10), loomClientConfig())) {
                    t0 = System.nanoTime();
                    try {
                        while (got < bytes) {
                            got += c.receiveSome(64 * 1024).length;
                        }
                    } catch (ReceiveException e) {
                        // short: reported by the rate
                    }
                }
            } else if (reader == Reader.STREAM) {
                try (TlsClient c = Tls.connect("127.0.0.1", listening.getLocalPort(),
                        Duration.ofSeconds(10), loomClientConfig())) {
                    t0 = System.nanoTime();
                    InputStream in = c.inputStream();
                    byte[] buffer = new byte[64 * 1024];
                    while (got < bytes) {
                        int n = in.read(buffer);
                        if (n < 0) {
                            break;
                        }
                        got += n;
                    }
                }
            } else {
                try (SSLSocket c = jdkClient(listening.getLocalPort())) {
                    t0 = System.nanoTime();
                    InputStream in = c.getInputStream();
                    byte[] buffer = new byte[64 * 1024];
                    while (got < bytes) {
                        int n = in.read(buffer);
                        if (n < 0) {
                            break;
                        }
                        got += n;
                    }
                }
            }
            long elapsed = System.nanoTime() - t0;
            writer.join();
            return got / (elapsed / 1e9);
        }
    }

    // ---- handshakes ----------------------------------------------------------------------------

    /**
     * New connections per second, each a TLS 1.3 handshake and one byte each way: a full
     * handshake each, or ({@code full} false) with the session tickets the server issues, which
     * JSSE's clients (SSLSocket's and SSLEngine's alike) use to resume all but their first.
     */
    static double handshakes(boolean loom, boolean full, double seconds) throws Exception {
        SSLContext context = full ? serverNoTickets : server;
        Server s = loom ? startHandshakeLoom(context) : startHandshakeJdk(context);
        try {
            AtomicLong count = new AtomicLong();
            long end = System.nanoTime() + (long) (seconds * 1e9);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    while (System.nanoTime() - end < 0) {
                        try {
                            if (loom) {
                                try (TlsClient c = Tls.connect("127.0.0.1", s.port(),
                                        Duration.ofSeconds(10), loomClientConfig())) {
                                    c.setoption("tcp-nodelay", true);
                                    c.send("x");
                                    c.receive(1);
                                }
                            } else {
                                try (SSLSocket c = jdkClient(s.port())) {
                                    c.getOutputStream().write('x');
                                    c.getInputStream().read();
                                }
                            }
                            count.incrementAndGet();
                        } catch (IOException e) {
                            // counted as not done
                        }
                    }
                }));
            }
            long t0 = System.nanoTime();
            for (Thread t : threads) {
                t.join();
            }
            return count.get() / ((System.nanoTime() - t0) / 1e9);
        } finally {
            s.stop().close();
        }
    }

    private static Server startHandshakeLoom(SSLContext context) throws Exception {
        TcpServer listening = Tcp.bind("127.0.0.1", 0, 4096);
        int port = listening.getsockname().port();
        TcpService service = TcpService.startTls(listening, TlsConfig.of(context, false), c -> {
            c.setoption("tcp-nodelay", true);
            c.send(c.receive(1));
            try {
                c.receive(1); // until the client closes
            } catch (TcpException e) {
                // it has
            }
        });
        return new Server(port, service);
    }

    private static Server startHandshakeJdk(SSLContext context) throws Exception {
        SSLServerSocket listening = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 4096, java.net.InetAddress.getLoopbackAddress());
        Thread acceptor = Thread.ofVirtual().start(() -> {
            while (!listening.isClosed()) {
                try {
                    SSLSocket c = (SSLSocket) listening.accept();
                    Thread.ofVirtual().start(() -> {
                        try (c) {
                            c.setTcpNoDelay(true);
                            int b = c.getInputStream().read();
                            c.getOutputStream().write(b);
                            c.getInputStream().read();
                        } catch (IOException e) {
                            // the client left
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return new Server(listening.getLocalPort(), () -> {
            listening.close();
            acceptor.join();
        });
    }

    // ---- idle memory ---------------------------------------------------------------------------

    /** Heap and RSS growth per idle connection (server, and the same JDK client). */
    static double[] idleHeap(boolean loom, int n) throws Exception {
        Server s = startServer(loom ? "loomsocket" : "jdk", false);
        List<SSLSocket> sockets = new ArrayList<>();
        try {
            long heap0 = usedHeapAfterGc();
            long rss0 = ProcStats.ownRssBytes();
            for (int i = 0; i < n; i++) {
                SSLSocket c = jdkClient(s.port());
                c.getOutputStream().write("hello\n".getBytes(StandardCharsets.ISO_8859_1));
                c.getOutputStream().flush();
                c.getInputStream().readNBytes(6); // the server has read, answered, and waits
                sockets.add(c);
            }
            Thread.sleep(500);
            long heap = usedHeapAfterGc() - heap0;
            long rss = ProcStats.ownRssBytes() - rss0;
            return new double[] {(double) heap / n, (double) rss / n};
        } finally {
            for (SSLSocket c : sockets) {
                c.close();
            }
            s.stop().close();
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    // ---- medians -------------------------------------------------------------------------------

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double[] median(List<double[]> rounds) {
        List<double[]> sorted = new ArrayList<>(rounds);
        sorted.sort((a, b) -> Double.compare(a[0], b[0]));
        return sorted.get(sorted.size() / 2);
    }
}
