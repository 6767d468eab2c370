package io.loomsocket;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A child program for {@link DescriptorExhaustionTest}, run under a low descriptor limit: it
 * opens connections until descriptors run out, uses the library while they are out (first
 * timed wait, accept, connect, receive, close), closes everything, checks that the descriptor
 * count is back where it started, and makes one more round trip. It prints one line per error
 * seen ({@code error: <class>: <message>}), one per broken promise ({@code problem: ...}), and
 * ends with {@code done leaked=<n>}. No lambdas or nested classes: every class it needs is
 * loaded before the descriptors run out.
 */
public final class DescriptorExhaustion {
    private DescriptorExhaustion() {}

    public static void main(String[] args) throws Exception {
        TreeSet<String> errors = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        List<TcpSocket> open = new ArrayList<>();
        TcpServer server = Tcp.bind("127.0.0.1", 0);
        int port = server.getsockname().port();
        server.settimeout(0.2);
        // Start the poller (it needs a selector) before counting: a socket that waited once.
        TcpClient warm = Tcp.connect("127.0.0.1", port);
        TcpClient warmPeer = server.accept();
        warm.settimeout(0.01, "b");
        expectTimeout(warm, errors, problems);
        warm.close();
        warmPeer.close();
        int baseline = descriptors();

        boolean exhausted = false;
        for (int i = 0; i < 100_000 && !exhausted; i++) {
            try {
                open.add(Tcp.connect("127.0.0.1", port));
            } catch (TcpException e) {
                errors.add("error: connect: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                exhausted = true;
            } catch (Throwable t) {
                problems.add("problem: connect threw " + t);
                exhausted = true;
            }
            try {
                open.add(server.accept());
            } catch (TcpException e) {
                errors.add("error: accept: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                exhausted = true;
            } catch (Throwable t) {
                problems.add("problem: accept threw " + t);
                exhausted = true;
            }
        }
        if (!exhausted) {
            problems.add("problem: descriptors never ran out");
        }
        // While they are out: the first timed waits of the process (the deadline timer starts
        // now), a tcp4() that needs a descriptor, and a connect that cannot get one.
        TcpClient first = (TcpClient) open.get(0);
        first.settimeout(0.05, "t");
        expectTimeout(first, errors, problems);
        try {
            Tcp.tcp4().close();
        } catch (TcpException e) {
            errors.add("error: tcp4: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (Throwable t) {
            problems.add("problem: tcp4 threw " + t);
        }
        for (TcpSocket socket : open) {
            try {
                socket.close();
            } catch (Throwable t) {
                problems.add("problem: close threw " + t);
            }
        }
        int leaked = settle(baseline) - baseline;

        server.close(); // its backlog holds connections the loop closed before accepting them
        try (TcpServer fresh = Tcp.bind("127.0.0.1", 0);
                TcpClient client = Tcp.connect("127.0.0.1", fresh.getsockname().port());
                TcpClient peer = fresh.accept()) {
            client.send("after\n");
            if (!"after".equals(peer.receiveString())) {
                problems.add("problem: the round trip after recovery lost its line");
            }
        } catch (Throwable t) {
            problems.add("problem: the round trip after recovery failed: " + t);
        }
        for (String error : errors) {
            System.out.println(error);
        }
        for (String problem : problems) {
            System.out.println(problem);
        }
        System.out.println("done leaked=" + leaked);
    }

    private static void expectTimeout(TcpClient client, TreeSet<String> errors,
            List<String> problems) {
        try {
            client.receive();
            problems.add("problem: a receive with nothing to read returned");
        } catch (TcpException e) {
            if (!"timeout".equals(e.getMessage())) {
                errors.add("error: receive: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        } catch (Throwable t) {
            problems.add("problem: receive threw " + t);
        }
    }

    /** The descriptor count once it stops falling (a second at most), as closes complete. */
    private static int settle(int baseline) throws IOException, InterruptedException {
        int count = descriptors();
        for (int i = 0; i < 50 && count > baseline; i++) {
            Thread.sleep(20);
            count = descriptors();
        }
        return count;
    }

    private static int descriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count();
        }
    }
}
