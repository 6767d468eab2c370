package io.loomsocket.bench;

import io.loomsocket.ReceiveException;
import io.loomsocket.Tcp;
import io.loomsocket.TcpClient;
import io.loomsocket.TcpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Memory per idle connection. A child JVM runs only the server: it accepts each connection and
 * starts a virtual thread that blocks in a receive. The client ends are held by the parent (this
 * benchmark's main JVM) as plain channels, so the child's figures are the server side alone.
 * The child is measured after {@code base} connections and again after {@code base + count};
 * the difference divided by {@code count} leaves out fixed costs (classes, JIT, pollers).
 */
final class IdleMemory {
    private IdleMemory() {}

    private static final String[][] VARIANTS = {
        {"loom", "(i) loomsocket, virtual thread blocked in receive(\"*l\")"},
        {"jdk-readline", "(ii) java.net.Socket, virtual thread blocked in BufferedReader.readLine"},
        {"jdk-read", "(ii-r) java.net.Socket, virtual thread blocked in InputStream.read(byte[8192])"},
    };

    /** One reading in the child. */
    private record Reading(long connections, long heap, long rss, long fds) {}

    static String run(Config cfg) throws Exception {
        StringBuilder b = new StringBuilder();
        b.append("### Memory per idle connection\n\n");
        b.append(String.format(Locale.ROOT, "A child JVM (-Xmx1g, default GC) accepts connections,"
                + " each on a virtual thread blocked in a receive; the client ends live in the"
                + " parent JVM. Measured after %d connections and after %d more (heap used"
                + " after System.gc(), VmRSS, /proc/self/fd); per connection = difference / %d."
                + " Kernel socket buffers are not in RSS.%n%n", cfg.connectionsBase,
                cfg.connections, cfg.connections));
        b.append("| variant | heap bytes/conn | RSS bytes/conn | fds/conn | heap at base | RSS at base |\n");
        b.append("|---|---:|---:|---:|---:|---:|\n");
        for (String[] variant : VARIANTS) {
            Reading[] r = measureChild(cfg, variant[0]);
            double n = r[1].connections - r[0].connections;
            b.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f | %,d KiB | %,d KiB |%n",
                    variant[1], (r[1].heap - r[0].heap) / n, (r[1].rss - r[0].rss) / n,
                    (r[1].fds - r[0].fds) / n, r[0].heap >> 10, r[0].rss >> 10));
        }
        return b.toString();
    }

    private static Reading[] measureChild(Config cfg, String variant) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        // The library's waiting mode goes to the child too, so both modes can be measured.
        String waiting = "-Dio.loomsocket.waiting=" + System.getProperty("io.loomsocket.waiting", "auto");
        List<String> command = List.of(java, "-Xmx1g", waiting, "-cp",
                System.getProperty("java.class.path"), IdleMemory.class.getName(), variant);
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        List<SocketChannel> clients = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            PrintStream in = new PrintStream(child.getOutputStream(), true, StandardCharsets.UTF_8);
            String portLine = out.readLine();
            if (portLine == null || !portLine.startsWith("PORT ")) {
                throw new IOException("memory child did not report its port: " + portLine);
            }
            var address = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    Integer.parseInt(portLine.substring(5).trim()));
            Reading[] readings = new Reading[2];
            int[] targets = {cfg.connectionsBase, cfg.connectionsBase + cfg.connections};
            for (int step = 0; step < 2; step++) {
                while (clients.size() < targets[step]) {
                    clients.add(SocketChannel.open(address));
                }
                in.println("MEASURE " + targets[step]);
                String line = out.readLine();
                if (line == null || !line.startsWith("MEASURED ")) {
                    throw new IOException("memory child failed: " + line);
                }
                String[] f = line.substring(9).trim().split("\\s+");
                readings[step] = new Reading(Long.parseLong(f[0]), Long.parseLong(f[1]),
                        Long.parseLong(f[2]), Long.parseLong(f[3]));
            }
            in.println("EXIT");
            if (!child.waitFor(60, TimeUnit.SECONDS)) {
                throw new IOException("memory child did not exit");
            }
            return readings;
        } finally {
            for (SocketChannel c : clients) {
                c.close();
            }
            child.destroyForcibly();
        }
    }

    // ---- the child ----------------------------------------------------------------------------

    public static void main(String[] args) throws Exception {
        String variant = args[0];
        List<Thread> handlers = new CopyOnWriteArrayList<>();
        int port;
        AutoCloseable server;
        if (variant.equals("loom")) {
            TcpServer listening = Tcp.bind("127.0.0.1", 0, 4096);
            port = listening.getsockname().port();
            server = listening;
            Thread.ofVirtual().name("accept").start(() -> {
                try {
                    while (true) {
                        TcpClient peer = listening.accept();
                        handlers.add(Thread.ofVirtual().start(() -> {
                            try {
                                peer.receive("*l");
                            } catch (ReceiveException e) {
                                // closed at the end
                            } finally {
                                peer.close();
                            }
                        }));
                    }
                } catch (IOException e) {
                    // closed at the end
                }
            });
        } else {
            boolean readLine = variant.equals("jdk-readline");
            ServerSocket listening = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress());
            port = listening.getLocalPort();
            server = listening;
            Thread.ofVirtual().name("accept").start(() -> {
                try {
                    while (true) {
                        Socket peer = listening.accept();
                        handlers.add(Thread.ofVirtual().start(() -> {
                            try (peer) {
                                if (readLine) {
                                    new BufferedReader(new InputStreamReader(peer.getInputStream(),
                                            StandardCharsets.UTF_8)).readLine();
                                } else {
                                    InputStream stream = peer.getInputStream();
                                    stream.read(new byte[8192]);
                                }
                            } catch (IOException e) {
                                // closed at the end
                            }
                        }));
                    }
                } catch (IOException e) {
                    // closed at the end
                }
            });
        }
        System.out.println("PORT " + port);
        System.out.flush();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in,
                StandardCharsets.UTF_8));
        String command;
        while ((command = commands.readLine()) != null) {
            if (command.startsWith("MEASURE ")) {
                int wanted = Integer.parseInt(command.substring(8).trim());
                if (!awaitParked(handlers, wanted, 120)) {
                    System.out.println("FAILED only " + handlers.size() + " handlers, not all parked");
                    break;
                }
                for (int i = 0; i < 3; i++) {
                    System.gc();
                    Thread.sleep(100);
                }
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                System.out.println("MEASURED " + handlers.size() + " " + heap + " "
                        + ProcStats.ownRssBytes() + " " + ProcStats.ownDescriptors());
                System.out.flush();
            } else {
                break;
            }
        }
        server.close();
        System.exit(0);
    }

    private static boolean awaitParked(List<Thread> handlers, int wanted, long seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (handlers.size() >= wanted
                    && handlers.stream().allMatch(t -> t.getState() == Thread.State.WAITING)) {
                Thread.sleep(200);
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
