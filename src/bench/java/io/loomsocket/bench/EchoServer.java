package io.loomsocket.bench;

import io.loomsocket.Tcp;
import io.loomsocket.TcpClient;
import io.loomsocket.TcpException;
import io.loomsocket.TcpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A line echo server in its own JVM, one of {@link #MODES}: each connection reads a line and
 * sends it back with an LF, until the peer closes. It prints {@code PORT n} and {@code LIMIT
 * soft hard} (its descriptor limits), then answers commands on standard input:
 * {@code MEASURE} and {@code MEASURE-GC} (the latter after three {@code System.gc()}) print
 * {@code MEASURED live accepted errors heap rss fds first-error...}; the end of its input ends
 * the process.
 */
public final class EchoServer {
    private EchoServer() {}

    /** Every mode, with what it runs. */
    static final List<String> MODES = List.of(
            "loomsocket",           // a virtual thread per connection: receiveString(), send
            "loomsocket-timeout",   // the same with settimeout(30)
            "loomsocket-pt",        // a platform thread per connection (ping-pong only)
            "jdk-vt",               // ServerSocket, a virtual thread per connection, readLine
            "jdk-vt-timeout",       // the same with setSoTimeout(30000)
            "jdk-pt",               // the JDK idiom on a platform thread per connection
            "netty",                // Netty 4.2 epoll, one event loop thread
            "netty-timeout");       // the same with an IdleStateHandler closing after 30 s

    static final int BACKLOG = 4096;
    private static final double LOOM_TIMEOUT_SECONDS = 30;
    private static final int SO_TIMEOUT_MILLIS = 30_000;

    /** Connections open now, accepted so far, failures seen, and the first failure's text. */
    static final AtomicLong LIVE = new AtomicLong();
    static final AtomicLong ACCEPTED = new AtomicLong();
    static final AtomicLong ERRORS = new AtomicLong();
    static final AtomicReference<String> FIRST_ERROR = new AtomicReference<>("-");

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("unknown echo mode " + mode + ", known: " + MODES);
        }
        int port = switch (mode) {
            case "loomsocket", "loomsocket-timeout", "loomsocket-pt" -> startLoom(mode);
            case "jdk-vt", "jdk-vt-timeout", "jdk-pt" -> startJdk(mode);
            default -> NettyEcho.start(mode.endsWith("-timeout"), BACKLOG);
        };
        System.out.println("PORT " + port);
        System.out.println("LIMIT " + ProcStats.ownDescriptorLimit());
        System.out.flush();
        BufferedReader commands = new BufferedReader(
                new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String command;
        while ((command = commands.readLine()) != null) {
            if (command.startsWith("MEASURE")) {
                if (command.equals("MEASURE-GC")) {
                    for (int i = 0; i < 3; i++) {
                        System.gc();
                        Thread.sleep(50);
                    }
                }
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                System.out.println("MEASURED " + LIVE.get() + " " + ACCEPTED.get() + " "
                        + ERRORS.get() + " " + heap + " " + ProcStats.ownRssBytes() + " "
                        + ProcStats.ownDescriptors() + " " + FIRST_ERROR.get());
                System.out.flush();
            }
        }
        Runtime.getRuntime().halt(0);
    }

    static void failed(Throwable t) {
        ERRORS.incrementAndGet();
        String text = (t.getClass().getSimpleName() + ": " + t.getMessage()).replace('\n', ' ');
        FIRST_ERROR.compareAndSet("-", text);
    }

    /** After a failed accept (a descriptor limit, say): not a busy loop over the same error. */
    static void pauseAfterFailure() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread.Builder handlers(String mode) {
        return mode.endsWith("-pt") ? Thread.ofPlatform().daemon() : Thread.ofVirtual();
    }

    private static int startLoom(String mode) throws TcpException {
        boolean timeout = mode.endsWith("-timeout");
        Thread.Builder handlers = handlers(mode);
        TcpServer server = Tcp.bind("127.0.0.1", 0, BACKLOG);
        Thread.ofVirtual().name("accept").start(() -> {
            while (true) {
                TcpClient peer;
                try {
                    peer = server.accept();
                } catch (Throwable e) {
                    failed(e);
                    pauseAfterFailure();
                    continue;
                }
                ACCEPTED.incrementAndGet();
                LIVE.incrementAndGet();
                handlers.start(() -> {
                    try (peer) {
                        if (timeout) {
                            peer.settimeout(LOOM_TIMEOUT_SECONDS);
                        }
                        while (true) {
                            String line = peer.receiveString();
                            peer.send(line + "\n");
                        }
                    } catch (TcpException e) {
                        if (!e.isClosed()) { // "closed" is the load generator leaving
                            failed(e);
                        }
                    } catch (Throwable e) { // a class that cannot load at EMFILE, say
                        failed(e);
                    } finally {
                        LIVE.decrementAndGet();
                    }
                });
            }
        });
        return server.getsockname().port();
    }

    private static int startJdk(String mode) throws IOException {
        boolean timeout = mode.endsWith("-timeout");
        Thread.Builder handlers = handlers(mode);
        ServerSocket server = new ServerSocket(0, BACKLOG, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("accept").start(() -> {
            while (true) {
                Socket peer;
                try {
                    peer = server.accept();
                } catch (Throwable e) {
                    failed(e);
                    pauseAfterFailure();
                    continue;
                }
                ACCEPTED.incrementAndGet();
                LIVE.incrementAndGet();
                handlers.start(() -> {
                    try (peer) {
                        if (timeout) {
                            peer.setSoTimeout(SO_TIMEOUT_MILLIS);
                        }
                        BufferedReader in = new BufferedReader(new InputStreamReader(
                                peer.getInputStream(), StandardCharsets.UTF_8));
                        OutputStream out = peer.getOutputStream();
                        String line;
                        while ((line = in.readLine()) != null) {
                            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                        }
                    } catch (IOException e) {
                        if (!"Connection reset".equals(e.getMessage())) {
                            failed(e);
                        }
                    } catch (Throwable e) {
                        failed(e);
                    } finally {
                        LIVE.decrementAndGet();
                    }
                });
            }
        });
        return server.getLocalPort();
    }
}
