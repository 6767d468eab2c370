package io.loomsocket;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test class (by service loading): counts this process's socket
 * descriptors (and the epoll and eventfd descriptors that selectors hold) before and after the
 * class and fails the class if any is left open. Closed
 * channels that were registered with the poller are released at its next select, so the check
 * waits up to two seconds for the count to settle.
 */
public final class NoLeakedSockets implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(NoLeakedSockets.class);
    private static final Path FDS = Path.of("/proc/self/fd");

    static {
        // The JDK keeps one socket of its own for ever once NIO sockets are used (the target of
        // its pre-close dup2), the poller keeps its selector, and platform waits, select's waits
        // and its readiness probe share a pool of idle selectors: make them all before counting.
        try {
            java.nio.channels.SocketChannel.open().close();
            java.nio.channels.ServerSocketChannel.open().close();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
        try {
            io.loomsocket.internal.transport.Poller.start();
            io.loomsocket.internal.transport.PlatformWait.fill();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
        JdkPollers.start();
    }

    /**
     * The JDK starts its own pollers (with their epoll descriptors) at the first park of a
     * virtual thread on a descriptor. A class of its own, so that the virtual thread does not
     * wait for the initialisation of the class that waits for it.
     */
    private static final class JdkPollers {
        static void start() {
            Thread warmUp = Thread.startVirtualThread(() -> {
                try (java.nio.channels.Selector selector = java.nio.channels.Selector.open()) {
                    selector.select(1);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                warmUp.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (Files.isDirectory(FDS)) {
            context.getStore(NAMESPACE).put("before", sockets());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        @SuppressWarnings("unchecked")
        List<String> before = (List<String>) context.getStore(NAMESPACE).get("before");
        if (before == null) {
            return;
        }
        long deadline = System.nanoTime() + 2_000_000_000L;
        List<String> leaked;
        do {
            leaked = sockets();
            leaked.removeAll(before);
            if (leaked.isEmpty()) {
                return;
            }
            Thread.sleep(20);
        } while (System.nanoTime() - deadline < 0);
        fail(context.getDisplayName() + " left " + leaked.size() + " socket descriptor(s) open: "
                + leaked);
    }

    /** The socket, epoll and eventfd descriptors open now, as "fd -> socket:[inode]". */
    static List<String> sockets() {
        List<String> found = new ArrayList<>();
        try (Stream<Path> fds = Files.list(FDS)) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:") || target.startsWith("anon_inode:")) {
                        found.add(fd.getFileName() + " -> " + target);
                    }
                } catch (IOException ignored) {
                    // Closed while listing.
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + FDS, e);
        }
        return found;
    }
}
