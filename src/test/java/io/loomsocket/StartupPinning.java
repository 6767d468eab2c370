package io.loomsocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingStream;

/**
 * A child program for {@link StartupPinningTest}: in a fresh JVM, many virtual threads make the
 * library's first uses at the same moment (class loading, the preload, the first poller and
 * deadline timer) while JFR records {@code jdk.VirtualThreadPinned} with no threshold; with the
 * argument {@code main-first}, the main (platform) thread makes the very first call. Prints
 * each pinning event that concerns the library, except waits for {@link Tcp}'s own
 * initialisation, which it counts ({@code entry-class waits=<n> longest-us=<n>}), then {@code
 * done pinned=<n> failed=<n>}.
 */
public final class StartupPinning {
    private static final int THREADS = 1000;

    private StartupPinning() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("main-first")) {
            Tcp.tcp().close(); // a platform thread's first call, as a server's main thread makes
        }
        List<String> pinned = new CopyOnWriteArrayList<>();
        List<String> failed = new CopyOnWriteArrayList<>();
        List<Long> entryWaits = new CopyOnWriteArrayList<>();
        try (RecordingStream recording = new RecordingStream()) {
            recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO)
                    .withStackTrace();
            recording.onEvent("jdk.VirtualThreadPinned", event -> {
                if (isEntryClassWait(event)) {
                    entryWaits.add(event.getDuration().toNanos());
                } else if (hasLibraryFrame(event)) {
                    pinned.add(event.toString());
                }
            });
            recording.startAsync();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                threads.add(Thread.startVirtualThread(() -> {
                    try {
                        start.await();
                        firstUse();
                    } catch (Throwable t) {
                        java.io.StringWriter trace = new java.io.StringWriter();
                        t.printStackTrace(new java.io.PrintWriter(trace));
                        failed.add(trace.toString());
                    }
                }));
            }
            start.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
            Thread.sleep(500); // let the recording deliver the last events
        }
        for (String event : pinned) {
            System.out.println(event);
        }
        for (String failure : failed) {
            System.out.println("failed: " + failure);
        }
        long longest = entryWaits.stream().mapToLong(Long::longValue).max().orElse(0);
        System.out.printf("entry-class waits=%d longest-us=%d%n", entryWaits.size(),
                longest / 1000);
        System.out.println("done pinned=" + pinned.size() + " failed=" + failed.size());
    }

    private static void firstUse() throws Exception {
        try (TcpServer server = Tcp.bind("127.0.0.1", 0);
                TcpClient client = Tcp.connect("127.0.0.1", server.getsockname().port());
                TcpClient peer = server.accept()) {
            client.settimeout(0.05, "t");
            try {
                client.receive();
            } catch (TcpException e) {
                if (!"timeout".equals(e.getMessage())) {
                    throw e;
                }
            }
            // Longer than a word, with a CR: every path of the line scan runs.
            peer.send("a line longer than one word\nand one with a CR\r\n");
            client.receive();
            client.receive();
        }
    }

    /**
     * A wait for another thread's initialisation of {@link Tcp}, the class every first call
     * enters. Threads whose first calls come at the same instant wait while the first one
     * initialises it, and on JDK 21 to 25 that wait holds the carrier; the library keeps it short
     * (nothing to load while linking {@code Tcp}, one lock to create) but cannot remove it. Any
     * other library class, and this one when the main thread made the first call, must never be
     * waited for.
     */
    private static boolean isEntryClassWait(RecordedEvent event) {
        return event.hasField("pinnedReason") && String.valueOf(event.getString("pinnedReason"))
                .replace('/', '.').equals("Waited for initialization of io.loomsocket.Tcp by"
                        + " another thread");
    }

    /**
     * Whether the event concerns the library: a library frame on the stack, or a pinned reason
     * that names a library class (a wait for another thread's initialisation of a library class
     * happens before that class has a frame: the stack shows only the caller).
     */
    private static boolean hasLibraryFrame(RecordedEvent event) {
        String reason = event.hasField("pinnedReason")
                ? String.valueOf(event.getString("pinnedReason")).replace('/', '.') : "";
        if (isLibrary(reason)) {
            return true;
        }
        if (event.getStackTrace() == null) {
            return false;
        }
        for (RecordedFrame frame : event.getStackTrace().getFrames()) {
            if (isLibrary(frame.getMethod().getType().getName())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLibrary(String text) {
        for (int at = text.indexOf("io.loomsocket."); at >= 0;
                at = text.indexOf("io.loomsocket.", at + 1)) {
            if (!text.startsWith("io.loomsocket.StartupPinning", at)) {
                return true;
            }
        }
        return false;
    }
}
