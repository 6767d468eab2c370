package io.loomsocket.bench;

import io.loomsocket.Tcp;
import io.loomsocket.TcpClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The client of the two-process ping-pong, in its own JVM, against an {@link EchoServer}:
 * {@code PingPongClient loomsocket|jdk virtual|platform PORT SERVERPID WARMUP TRIPS}. It speaks
 * the protocol of {@link ChildProcess}: warms up, prints {@code READY}, and answers each {@code
 * GO} with {@code ROUND seconds trips cpu_ns switches}, CPU and switches of both processes.
 */
public final class PingPongClient {
    private PingPongClient() {}

    private static final byte[] LINE =
            (PingPong.MESSAGE + "\n").getBytes(StandardCharsets.US_ASCII);

    /** One client connection: a round trip at a time. */
    private interface Trips {
        void run(int count) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        boolean virtual = args[1].equals("virtual");
        int port = Integer.parseInt(args[2]);
        long serverPid = Long.parseLong(args[3]);
        int warmup = Integer.parseInt(args[4]);
        int trips = Integer.parseInt(args[5]);
        Trips client = on(virtual, () -> kind.equals("loomsocket") ? loom(port) : jdk(port));
        on(virtual, () -> {
            client.run(warmup);
            return null;
        });
        System.out.println("READY");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
                StandardCharsets.UTF_8));
        long self = ProcessHandle.current().pid();
        while ("GO".equals(in.readLine())) {
            long cpu0 = ProcStats.ownCpuNanos() + ProcStats.cpuNanos(serverPid);
            long sw0 = ProcStats.contextSwitches(self) + ProcStats.contextSwitches(serverPid);
            long t0 = System.nanoTime();
            on(virtual, () -> {
                client.run(trips);
                return null;
            });
            long t1 = System.nanoTime();
            long cpu1 = ProcStats.ownCpuNanos() + ProcStats.cpuNanos(serverPid);
            long sw1 = ProcStats.contextSwitches(self) + ProcStats.contextSwitches(serverPid);
            System.out.printf(Locale.ROOT, "ROUND %.9f %d %d %d%n", (t1 - t0) / 1e9, trips,
                    cpu1 - cpu0, sw1 - sw0);
            System.out.flush();
        }
        System.exit(0);
    }

    /** Runs {@code body} on a new virtual or platform thread and waits (10 minutes at most). */
    private static <T> T on(boolean virtual, Callable<T> body) throws Exception {
        if (virtual) {
            return VirtualThreads.call("ping-pong client", 600, body);
        }
        var result = new java.util.concurrent.FutureTask<>(body);
        Thread.ofPlatform().name("ping-pong client").start(result);
        return result.get(600, java.util.concurrent.TimeUnit.SECONDS);
    }

    private static Trips loom(int port) throws Exception {
        TcpClient c = Tcp.connect("127.0.0.1", port);
        return count -> {
            for (int i = 0; i < count; i++) {
                c.send(LINE);
                if (c.receive("*l").length != LINE.length - 1) {
                    throw new IllegalStateException("bad echo");
                }
            }
        };
    }

    private static Trips jdk(int port) throws Exception {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        BufferedReader in = new BufferedReader(
                new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = s.getOutputStream();
        return count -> {
            for (int i = 0; i < count; i++) {
                out.write(LINE);
                String echoed = in.readLine();
                if (echoed == null || echoed.length() != LINE.length - 1) {
                    throw new IllegalStateException("bad echo");
                }
            }
        };
    }
}
