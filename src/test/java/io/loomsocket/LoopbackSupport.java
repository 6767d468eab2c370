package io.loomsocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.loomsocket.timing.Moment;
import io.loomsocket.timing.Timing;
import io.loomsocket.timing.TimingMiss;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.function.Executable;

/**
 * Shared helpers of the loopback conformance tests: addresses, byte/text conversion, a refusing
 * port, exact-error assertions and time measurement. The peer side of a connection is {@link
 * Peer}.
 */
final class LoopbackSupport {
    static final String V4 = "127.0.0.1";
    static final String V6 = "::1";

    /** getaddrinfo's texts (semantics reference, 7.2). */
    static final String NO_NAME = "host or service not provided, or not known";
    static final String BAD_SERVICE = "service not supported for socket type";
    static final String FAMILY_MISMATCH = "Address family for hostname not supported";

    private static volatile Boolean ipv6;

    private LoopbackSupport() {}

    /** True if this machine can bind and connect on {@code ::1}. */
    static boolean hasIpv6() {
        Boolean known = ipv6;
        if (known == null) {
            known = probeIpv6();
            ipv6 = known;
        }
        return known;
    }

    private static boolean probeIpv6() {
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress(InetAddress.getByName(V6), 0));
            try (Socket socket = new Socket()) {
                socket.connect(listener.getLocalSocketAddress(), 2000);
                try (Socket accepted = listener.accept()) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Skips the calling test on a machine without IPv6 loopback. */
    static void assumeIpv6() {
        Assumptions.assumeTrue(hasIpv6(), "this machine has no IPv6 loopback (::1)");
    }

    /** True if the resolver gives no IPv6 address for "localhost". */
    static boolean localhostIsIpv4Only() {
        try {
            for (InetAddress address : InetAddress.getAllByName("localhost")) {
                if (address.getAddress().length == 16) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** A string of {@code n} bytes cycling through every byte value except CR and LF. */
    static byte[] rawLine(int n) {
        byte[] out = new byte[n];
        int v = 0;
        for (int i = 0; i < n; i++) {
            while (v == '\r' || v == '\n') {
                v = (v + 1) & 0xFF;
            }
            out[i] = (byte) v;
            v = (v + 1) & 0xFF;
        }
        return out;
    }

    /** {@code n} deterministic pseudo-random bytes. */
    static byte[] noise(int n, long seed) {
        byte[] out = new byte[n];
        new java.util.Random(seed).nextBytes(out);
        return out;
    }

    // ---- a port that refuses --------------------------------------------------------------------

    /**
     * A loopback port on which nothing listens: a bound, unconnected, non-listening socket holds
     * it, so connects to it are refused and no other test can take it meanwhile.
     */
    static final class RefusingPort implements AutoCloseable {
        private final Socket holder = new Socket();
        final int port;

        RefusingPort() throws IOException {
            holder.bind(new InetSocketAddress(InetAddress.getByName(V4), 0));
            port = holder.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            holder.close();
        }
    }

    /**
     * A loopback listener whose accept queue is full: Linux then drops further SYNs, so a connect
     * to {@link #port} stays in progress (the first SYN retry comes after about 1 s), which is a
     * loopback-only way to make connect wait.
     */
    static final class FullBacklog implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket();
        private final java.util.List<Socket> queued = new java.util.ArrayList<>();
        /** Holds the port once the listener is closed ({@link #refuse}). */
        private final Socket portHolder = new Socket();
        final int port;

        FullBacklog() throws IOException {
            try {
                listener.bind(new InetSocketAddress(InetAddress.getByName(V4), 0), 1);
                port = listener.getLocalPort();
                for (int i = 0; i < 8; i++) {
                    Socket socket = new Socket();
                    queued.add(socket);
                    try {
                        socket.connect(listener.getLocalSocketAddress(), 200);
                    } catch (java.net.SocketTimeoutException e) {
                        return;
                    }
                }
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
            close();
            throw new IllegalStateException("the accept queue never filled");
        }

        /**
         * Accepts the connections that fill the queue and closes both ends of each, so that the
         * kernel takes the next SYN: a connect that timed out completes at its SYN retry.
         */
        void makeRoom() throws IOException {
            for (Socket socket : queued) {
                if (socket.isConnected()) {
                    listener.accept().close();
                }
                socket.close();
            }
            queued.clear();
        }

        /**
         * Closes the listener: the next SYN, a retry among them, is refused. A bound socket that
         * does not listen keeps the port, so that no other listener on the machine takes it
         * before the retry comes (it would answer the retry, or reset it).
         */
        void refuse() throws IOException {
            listener.close();
            portHolder.setReuseAddress(true);
            portHolder.bind(new InetSocketAddress(InetAddress.getByName(V4), port));
        }

        /** Accepts the next connection, waiting 5 s at most. */
        Socket accept() throws IOException {
            return accept(5000);
        }

        /** Accepts the next connection, waiting {@code millis} at most. */
        Socket accept(int millis) throws IOException {
            listener.setSoTimeout(millis);
            return listener.accept();
        }

        @Override
        public void close() throws IOException {
            for (Socket socket : queued) {
                socket.close();
            }
            listener.close();
            portHolder.close();
        }
    }

    // ---- exact errors ---------------------------------------------------------------------------

    interface Call<T> {
        T call() throws Exception;
    }

    interface VoidCall {
        void call() throws Exception;
    }

    /** Asserts that the call fails with a plain TcpException whose message is exactly {@code message}. */
    static TcpException fails(String message, VoidCall call) {
        TcpException e = assertThrows(TcpException.class, call::call);
        assertEquals(message, e.getMessage(), "returned error text");
        return e;
    }

    /** Asserts a receive failure: exact message and exact partial bytes. */
    static ReceiveException receiveFails(String message, String partial, VoidCall call) {
        ReceiveException e = assertThrows(ReceiveException.class, call::call);
        assertEquals(message, e.getMessage(), "returned error text");
        assertEquals(partial, e.partialString(), "partial (third value)");
        return e;
    }

    /** Asserts a send failure: exact message and exact index of the last byte sent. */
    static SendException sendFails(String message, long lastIndex, VoidCall call) {
        SendException e = assertThrows(SendException.class, call::call);
        assertEquals(message, e.getMessage(), "returned error text");
        assertEquals(lastIndex, e.lastIndex(), "index of the last byte sent (third value)");
        return e;
    }

    /** Asserts a raised error (a programming error in LuaSocket) with its exact inner text. */
    static <X extends RuntimeException> X raises(Class<X> type, String message, Executable call) {
        X e = assertThrows(type, call);
        assertEquals(message, e.getMessage(), "raised error text");
        return e;
    }

    // ---- time -----------------------------------------------------------------------------------

    /**
     * Tolerance of the timing assertions, in seconds. Early by more is a failure; late by more
     * is a {@link TimingMiss}, which a {@link io.loomsocket.timing.TimedTest} runs again.
     */
    static final double TOLERANCE = 0.15;

    /** The longest a call that should not wait may take. */
    static final double NO_WAIT = 0.1;

    static double secondsSince(long startNanos) {
        return Timing.secondsSince(startNanos);
    }

    /** {@code actualSeconds} is {@code expectedSeconds} +/- {@link #TOLERANCE}. */
    static void assertAbout(double expectedSeconds, double actualSeconds, String what) {
        Timing.assertAbout(expectedSeconds, actualSeconds, TOLERANCE, what);
    }

    /** What ran since {@code startNanos} did not wait: {@link #NO_WAIT} at most. */
    static void assertNoWait(long startNanos, String what) {
        Timing.assertAtMost(NO_WAIT, secondsSince(startNanos), what);
    }

    /**
     * A wait ended by the peer's event (taken just before it) ended after it and within
     * {@link #TOLERANCE} of it.
     */
    static void assertEndedBy(Moment event, long endNanos, String what) {
        Timing.assertEndedBy(event, endNanos, TOLERANCE, what);
    }

    static void sleepUntil(long deadlineNanos) throws InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /** Polls a condition every few milliseconds, failing after {@code seconds}. */
    static void awaitCondition(double seconds, String what, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("condition not reached in " + seconds + " s: " + what);
            }
            Thread.sleep(5);
        }
    }
}
