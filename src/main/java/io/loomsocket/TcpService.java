package io.loomsocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * A server that runs a handler per connection (a Java addition): one virtual thread accepts,
 * and each accepted client gets a virtual thread of its own that runs the handler and then
 * closes the client, whether the handler returned or threw.
 *
 * <pre>{@code
 * TcpService echo = TcpService.start(Tcp.bind("127.0.0.1", 7000), client -> {
 *     client.setDeadline(Duration.ofMinutes(5));     // the whole connection
 *     while (true) {
 *         client.send(client.receiveString(StandardCharsets.UTF_8) + "\n",
 *                 StandardCharsets.UTF_8);
 *     }                                             // "closed" or "timeout" ends it
 * });
 * ...
 * echo.stop(Duration.ofSeconds(5));                 // or echo.close(): no grace
 * }</pre>
 *
 * <p>Stopping ({@link #stop(Duration)}, {@link #close()}) stops accepting and closes the
 * listening socket at once, so new connects are refused. Running handlers are given the grace
 * period to return by themselves; then every connection still open is closed and its handler's
 * thread interrupted, so a handler blocked in a receive or send wakes with {@code "closed"} (or
 * {@code "interrupted"}), and the call returns once every handler has returned. A handler that
 * catches those and goes on keeps it waiting.
 *
 * <p>What a handler throws: a {@link TcpException} (the peer left, a timeout, a reset), an
 * exception caused by one (the stream views' {@link java.net.SocketTimeoutException}), or an
 * {@link InterruptedException} (a stop interrupts handlers) ends the connection quietly, as
 * such outcomes end connections; anything else goes to the thread's
 * uncaught-exception handler (by default, printed to standard error) after the client is
 * closed. A failing accept is retried after 10 ms ("Too many open files" passes); a timeout
 * set on the listening socket only makes the accept loop go round.
 */
public final class TcpService implements AutoCloseable {
    /** What runs for each connection, on a virtual thread of its own. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Serves one client; the client is closed once this returns or throws.
         *
         * @param client the accepted connection, with no timeouts and no deadline
         * @throws Exception anything; see {@link TcpService} for what becomes of it
         */
        void handle(TcpClient client) throws Exception;
    }

    /** What runs for each TLS connection, once its handshake is done. */
    @FunctionalInterface
    public interface TlsHandler {
        /**
         * Serves one TLS client; the client is closed (close_notify first) once this returns or
         * throws.
         *
         * @param client the accepted connection, handshake done, with no timeouts and no
         *     deadline
         * @throws Exception anything; see {@link TcpService} for what becomes of it
         */
        void handle(TlsClient client) throws Exception;
    }

    private static final long ACCEPT_RETRY_MILLIS = 10;

    private final TcpServer server;
    private final Handler handler;
    /** The running handlers' threads and their clients; a thread removes itself as it ends. */
    private final Map<Thread, TcpClient> running = new ConcurrentHashMap<>();
    private final Thread acceptor;
    /** Set once a stop has begun: the accept loop starts no handler after it. */
    private volatile boolean stopping;
    /** Opened when a stop has finished: every handler has returned. */
    private final CountDownLatch stopped = new CountDownLatch(1);

    private TcpService(TcpServer server, Handler handler) {
        this.server = server;
        this.handler = handler;
        this.acceptor = Thread.ofVirtual().name("loomsocket-accept").unstarted(this::acceptLoop);
    }

    /**
     * Starts accepting on {@code server}, which the service now owns (its stop closes it).
     *
     * @param server a listening server
     * @param handler what runs for each connection
     * @return the running service
     * @throws IllegalArgumentException a null server or handler
     */
    public static TcpService start(TcpServer server, Handler handler) {
        if (server == null || handler == null) {
            throw new IllegalArgumentException("server and handler expected, got "
                    + server + " and " + handler);
        }
        TcpService service = new TcpService(server, handler);
        service.acceptor.start();
        return service;
    }

    /**
     * Starts a TLS server on {@code server}: each accepted connection's own virtual thread runs
     * the TLS handshake under the configuration's handshake timeout ({@link
     * TlsConfig#handshakeTimeout(Duration)}), then the handler. A slow or hostile handshake
     * costs that one parked thread, never the accept loop; one that fails or times out ends its
     * connection quietly, as a peer that leaves does.
     *
     * @param server a listening server, which the service now owns
     * @param config a server configuration
     * @param handler what runs for each connection once its handshake is done
     * @return the running service
     * @throws IllegalArgumentException a null argument or a client configuration
     */
    public static TcpService startTls(TcpServer server, TlsConfig config, TlsHandler handler) {
        if (config == null || config.isClient() || handler == null) {
            throw new IllegalArgumentException("a server TlsConfig and a handler expected, got "
                    + config + " and " + handler);
        }
        Duration handshakeLimit = Duration.ofNanos(config.settings.handshakeTimeoutNanos);
        return start(server, client -> {
            TlsClient tls = Tls.wrap(client, config);
            tls.setDeadline(handshakeLimit);
            tls.dohandshake();
            tls.setDeadline(null);
            handler.handle(tls);
        });
    }

    /**
     * Stops: no more accepts (the listening socket is closed now), then up to {@code grace} for
     * the running handlers to return by themselves, then their connections are closed and their
     * threads interrupted, and this returns once all have returned. Called from a handler, it
     * neither waits for nor interrupts that handler. Any number of calls, from any threads.
     *
     * @param grace how long running handlers may go on; null or zero for none
     * @throws InterruptedException the calling thread was interrupted: the grace ends there, the
     *     connections are closed and the handlers interrupted all the same, but this does not
     *     wait for them to return (a later stop does)
     */
    public void stop(Duration grace) throws InterruptedException {
        stopping = true;
        server.close(); // wakes the accept loop with "closed"
        boolean interrupted = joinAcceptor();
        if (!interrupted) {
            long graceNanos = grace == null || grace.isNegative() ? 0
                    : TcpSocket.saturatedNanos(grace);
            interrupted = !awaitHandlers(System.nanoTime() + graceNanos);
        }
        for (Map.Entry<Thread, TcpClient> handling : running.entrySet()) {
            if (handling.getKey() != Thread.currentThread()) {
                handling.getValue().core.close(false); // TLS: no wait for each peer's answer
                handling.getKey().interrupt();
            }
        }
        if (interrupted) {
            throw new InterruptedException(
                    "stop interrupted: the handlers were closed, not awaited");
        }
        for (Thread thread : others()) {
            thread.join();
        }
        stopped.countDown();
    }

    /**
     * Stops at once: {@link #stop(Duration)} with no grace. If the calling thread is interrupted,
     * this returns without waiting for the handlers, whose connections are closed by then, and
     * the thread's interrupt flag is set again.
     */
    @Override
    public void close() {
        try {
            stop(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the accept loop (it ends as its socket closes); true if interrupted meanwhile. */
    private boolean joinAcceptor() {
        boolean interrupted = false;
        while (true) {
            try {
                acceptor.join();
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
    }

    /** Waits for the handlers until {@code deadline}; false if interrupted meanwhile. */
    private boolean awaitHandlers(long deadline) {
        try {
            for (Thread thread : others()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !thread.join(Duration.ofNanos(left))) {
                    break;
                }
            }
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /**
     * Waits until a stop has finished (for a main thread that has nothing else to do).
     *
     * @throws InterruptedException the waiting thread was interrupted
     */
    public void join() throws InterruptedException {
        stopped.await();
    }

    private List<Thread> others() {
        List<Thread> threads = new ArrayList<>(running.keySet());
        threads.remove(Thread.currentThread());
        return threads;
    }

    private void acceptLoop() {
        while (!stopping) {
            TcpClient client;
            try {
                client = server.accept();
            } catch (TcpException e) {
                if (stopping || e.isClosed()) {
                    return;
                }
                if (!e.isTimeout() && !pause()) {
                    return;
                }
                continue;
            }
            Thread thread = Thread.ofVirtual().name("loomsocket-connection")
                    .unstarted(() -> serve(client));
            running.put(thread, client);
            if (stopping) {
                running.remove(thread);
                client.close();
                return;
            }
            thread.start();
        }
    }

    private static boolean pause() {
        try {
            Thread.sleep(ACCEPT_RETRY_MILLIS);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private void serve(TcpClient client) {
        try (client) {
            handler.handle(client);
        } catch (Throwable t) {
            if (!endsQuietly(t)) {
                Thread current = Thread.currentThread();
                current.getUncaughtExceptionHandler().uncaughtException(current, t);
            }
        } finally {
            running.remove(Thread.currentThread());
        }
    }

    /** A connection's own outcome (a TcpException, or one caused by it), or a stop's interrupt. */
    private static boolean endsQuietly(Throwable t) {
        return t instanceof TcpException || t.getCause() instanceof TcpException
                || t instanceof InterruptedException;
    }
}
