package io.loomsocket.bench;

import io.loomsocket.Tcp;
import io.loomsocket.TcpClient;
import io.loomsocket.TcpException;
import io.loomsocket.TcpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What a process costs while its connections are ready and nobody receives: 1,000 loomsocket
 * connections that have each waited once (so their read interest is in the poller's selector),
 * whose peers then send data nobody reads, and then half-close. A level-triggered selector
 * reports such a socket at every select; the poller must drop the interest of a socket nobody
 * waits on, and never leave it behind, or it spins. Each poller mode runs in a child JVM of its
 * own (the mode is per process); the child measures its own CPU time over 5 s after each step,
 * and the check passes under 1 % of a core.
 */
final class IdleCpu {
    private IdleCpu() {}

    /** The connections held. */
    static final int CONNECTIONS = 1000;
    /** How long each reading is. */
    static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** The most CPU allowed in a window: 1 % of a core. */
    static final double LIMIT = 0.01;

    static String run(Config cfg) throws Exception {
        StringBuilder table = new StringBuilder();
        table.append("### Idle CPU with data nobody reads\n\n")
                .append(CONNECTIONS).append(" connections that have each waited once; CPU of the"
                        + " process over 5 s, as a share of one core (the check: under 1 %).\n\n")
                .append("| poller | peers sent unread data | peers half-closed |\n")
                .append("|---|---:|---:|\n");
        for (String mode : List.of("virtual", "hybrid")) {
            List<String> jvm = List.of("-Xmx512m", "-Dio.loomsocket.poller=" + mode);
            List<String> command = ChildJvm.command(ChildJvm.placement(null, 0), jvm,
                    IdleCpu.class, List.of());
            String unread;
            String halfClosed;
            try (ChildOutput child = ChildOutput.start("idle-cpu-" + mode, command)) {
                unread = child.expect(120, "idle ").split(" ")[1];
                halfClosed = child.expect(120, "idle ").split(" ")[1];
                child.process.waitFor(30, TimeUnit.SECONDS);
            }
            report("idle-cpu-unread-" + mode, unread);
            report("idle-cpu-half-closed-" + mode, halfClosed);
            table.append("| ").append(mode).append(" | ").append(percent(unread)).append(" | ")
                    .append(percent(halfClosed)).append(" |\n");
        }
        return table.toString();
    }

    private static void report(String what, String share) {
        double value = Double.parseDouble(share);
        Ratios.check(what, "loomsocket", value < LIMIT,
                percent(share) + " of a core over 5 s (limit 1 %), load " + Main.loadAverage());
    }

    private static String percent(String share) {
        return String.format(Locale.ROOT, "%.2f %%", Double.parseDouble(share) * 100);
    }

    /** The child: serves, waits once per connection, then measures. Prints two "idle" lines. */
    public static void main(String[] args) throws Exception {
        CountDownLatch waitedOnce = new CountDownLatch(CONNECTIONS);
        CountDownLatch end = new CountDownLatch(1);
        List<Socket> peers = new ArrayList<>();
        List<TcpClient> clients = new ArrayList<>();
        try (TcpServer server = Tcp.bind("127.0.0.1", 0)) {
            int port = server.getsockname().port();
            for (int i = 0; i < CONNECTIONS; i++) {
                Socket peer = new Socket();
                peer.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                peers.add(peer);
                TcpClient client = server.accept();
                clients.add(client);
                Thread.startVirtualThread(() -> {
                    try {
                        client.receive(); // waits for the first line: the interest goes in
                        waitedOnce.countDown();
                        end.await(); // then nobody receives on this socket again
                    } catch (TcpException | InterruptedException e) {
                        waitedOnce.countDown();
                    }
                });
            }
            for (Socket peer : peers) {
                peer.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            }
            if (!waitedOnce.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the handlers did not all receive their line");
            }
            for (Socket peer : peers) {
                peer.getOutputStream().write(new byte[100]); // never read
            }
            System.out.println("idle " + measure());
            for (Socket peer : peers) {
                peer.shutdownOutput();
            }
            System.out.println("idle " + measure());
        } finally {
            end.countDown();
            for (TcpClient client : clients) {
                client.close();
            }
            for (Socket peer : peers) {
                closeQuietly(peer);
            }
        }
        System.exit(0);
    }

    /** Lets the last step settle, then the process's CPU over a window, as a share of a core. */
    private static double measure() throws InterruptedException {
        Thread.sleep(2000);
        long cpu = ProcStats.ownCpuNanos();
        long start = System.nanoTime();
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(WINDOW_NANOS));
        return (double) (ProcStats.ownCpuNanos() - cpu) / (System.nanoTime() - start);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the measurement is over
        }
    }
}
