package io.loomsocket.internal.socket;

import io.loomsocket.ReceiveException;
import io.loomsocket.TcpException;
import io.loomsocket.internal.engine.ReceiveBuffer;
import io.loomsocket.internal.net.Family;
import io.loomsocket.internal.transport.Poller;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * What the first use of the library sets up, once per process, under a lock that
 * {@code io.loomsocket.Tcp} holds (every socket starts there): every class of
 * the library is loaded and initialised, and so are the JDK's classes that socket calls need
 * (name parsing, channels). Two reasons:
 *
 * <ul>
 *   <li>A virtual thread that waits for another thread's class initialisation holds its carrier
 *       (JFR reports it as {@code jdk.VirtualThreadPinned}); many threads making their first
 *       socket calls at once would all wait so. One waiting for this lock parks and frees it.
 *   <li>Loaded from a directory (an IDE, {@code mvn exec}), a class costs a descriptor to read:
 *       one first needed on a failure path (an error text when descriptors have run out) would
 *       fail to load exactly then, and the JVM would remember that failure for ever.
 * </ul>
 */
public final class FirstUse {
    private FirstUse() {}

    /**
     * Loads and initialises everything; the caller runs it once, under its lock. (The lock
     * lives in the class every first call enters, so that no thread has to load this class
     * while another loads it: that wait would hold a carrier too.)
     */
    public static void prepare() {
        Poller.startJdkPollers();
        loadLibraryClasses();
        initialiseJdkClasses();
        try {
            Poller.settle();
        } catch (IOException | RuntimeException e) {
            // No selector now: the first wait starts the pollers instead.
        }
        roundTrip();
    }

    /**
     * Loads and initialises the library's classes, then loads every class they name (the JDK's
     * included) through the library's loader, which records it there: a later reference from
     * the library's code then finds it without asking the loader, whose lock a virtual thread
     * would otherwise wait for pinned.
     */
    private static void loadLibraryClasses() {
        ClassLoader loader = FirstUse.class.getClassLoader();
        Set<String> referenced = new TreeSet<>();
        for (String name : libraryClassNames()) {
            try {
                Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // A class that cannot load now would not load later either.
            }
            String path = "/" + name.replace('.', '/') + ".class";
            try (InputStream classFile = FirstUse.class.getResourceAsStream(path)) {
                if (classFile != null) {
                    referenced.addAll(ClassReferences.of(classFile));
                }
            } catch (IOException | RuntimeException e) {
                // Only a safeguard.
            }
        }
        for (String name : referenced) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // An optional class the code never reaches here.
            }
        }
    }

    /** The names of the library's classes, from its directory or jar; empty if unknown. */
    private static List<String> libraryClassNames() {
        List<String> names = new ArrayList<>();
        try {
            CodeSource source = FirstUse.class.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            if (location == null || !"file".equals(location.getProtocol())) {
                return names;
            }
            Path root = Path.of(location.toURI());
            if (Files.isDirectory(root)) {
                try (Stream<Path> files = Files.walk(root.resolve("io").resolve("loomsocket"))) {
                    for (Path file : files.toList()) {
                        addClassName(names, root.relativize(file).toString()
                                .replace(file.getFileSystem().getSeparator(), "/"));
                    }
                }
            } else {
                try (JarFile jar = new JarFile(root.toFile())) {
                    for (JarEntry entry : jar.stream().toList()) {
                        addClassName(names, entry.getName());
                    }
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            // Only a safeguard: the classes still load on demand.
        }
        return names;
    }

    private static void addClassName(List<String> names, String path) {
        if (path.startsWith("io/loomsocket/") && path.endsWith(".class")
                && !path.endsWith("-info.class")) {
            names.add(path.substring(0, path.length() - ".class".length()).replace('/', '.'));
        }
    }

    /**
     * One loopback exchange through the socket layer, on a virtual thread and, when the caller
     * is a platform thread, on the caller too: a timed receive that waits (the poller and the
     * deadline timer start, or a platform thread's selector pool fills), a send, a receive that
     * waits for it, and the closes. Its first run links the lambdas and the variable handles on
     * those paths, and initialises the JDK classes they use (the selector's, the skip list's
     * counters), each of which another thread would otherwise wait for pinned.
     */
    private static void roundTrip() {
        Thread exchange = Thread.ofVirtual().unstarted(FirstUse::exchange);
        exchange.start();
        boolean interrupted = false;
        while (true) {
            try {
                exchange.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the caller's interrupt is its own: kept, not acted on
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (!Thread.currentThread().isVirtual()) {
            exchange();
        }
    }

    private static void exchange() {
        SocketCore server = null;
        SocketCore client = null;
        SocketCore peer = null;
        try {
            server = SocketCore.of(Family.INET);
            server.bind("127.0.0.1", 0);
            server.listen(1);
            client = SocketCore.of(Family.INET);
            client.connect("127.0.0.1", server.localAddress().port());
            peer = server.accept();
            client.timeout().setBlockSeconds(0.001);
            try {
                client.receive(SocketCore.Pattern.LINE, 0, ReceiveBuffer.noPrefix());
            } catch (ReceiveException expected) {
                // "timeout": the wait is what was wanted
            }
            client.timeout().setBlockSeconds(-1);
            // Longer than a word, with a CR: every call site of the line scan is linked here.
            byte[] line = "a line longer than a word\r\n".getBytes(StandardCharsets.ISO_8859_1);
            peer.send(line, 1, -1);
            client.receive(SocketCore.Pattern.LINE, 0, ReceiveBuffer.noPrefix());
        } catch (TcpException | RuntimeException e) {
            // No loopback here, or no descriptor: the first real socket does this work instead.
        } finally {
            for (SocketCore core : new SocketCore[] {peer, client, server}) {
                if (core != null) {
                    core.close();
                }
            }
        }
    }

    /** Runs, once, the JDK code whose first run initialises the classes every socket needs. */
    private static void initialiseJdkClasses() {
        try {
            new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0).getHostString();
            InetAddress.getByName("::1").getHostAddress(); // literals: no name service
        } catch (IOException | RuntimeException e) {
            // Only a safeguard.
        }
        // The deadline timer's skip list: its counter (a LongAdder, made at the first put) and
        // its entries. The exchange's timed wait arms a deadline only when its millisecond has
        // not passed before it gets there, which a busy machine does not promise.
        ConcurrentSkipListMap<Long, Long> deadlines = new ConcurrentSkipListMap<>();
        deadlines.put(1L, 1L);
        deadlines.firstEntry();
        deadlines.remove(1L);
        for (StandardProtocolFamily family : StandardProtocolFamily.values()) {
            if (family == StandardProtocolFamily.UNIX) {
                continue;
            }
            try (SocketChannel channel = SocketChannel.open(family);
                    ServerSocketChannel listener = ServerSocketChannel.open(family)) {
                channel.configureBlocking(false);
                listener.configureBlocking(false);
                channel.getLocalAddress();
            } catch (IOException | RuntimeException e) {
                // No such family here (IPv6 disabled), or no descriptor: nothing to prepare.
            }
        }
    }
}
