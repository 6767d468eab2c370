package io.loomsocket.soak;

import io.loomsocket.TcpClient;
import io.loomsocket.TcpException;
import io.loomsocket.TcpServer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One listening socket of the soak's server: a virtual thread accepts, and each accepted client
 * runs its handler on a virtual thread of its own, which closes the client after. Counts the
 * connections open now and at most, across all listeners; every failed accept and every
 * exception a handler lets out is an unexpected error.
 */
final class Listener {
    /** What the server does with one accepted client. */
    @FunctionalInterface
    interface Handler {
        void handle(TcpClient client) throws Exception;
    }

    static final AtomicInteger OPEN = new AtomicInteger();
    static final AtomicInteger PEAK = new AtomicInteger();
    static final AtomicLong ACCEPTED = new AtomicLong();

    private final String name;
    private final TcpServer server;
    private final Handler handler;
    private final Tally tally;
    private volatile boolean stopping;

    private Listener(String name, TcpServer server, Handler handler, Tally tally) {
        this.name = name;
        this.server = server;
        this.handler = handler;
        this.tally = tally;
    }

    /** Starts accepting on {@code server}. */
    static Listener start(String name, TcpServer server, Handler handler, Tally tally) {
        Listener listener = new Listener(name, server, handler, tally);
        Thread.ofVirtual().name("accept-" + name).start(listener::acceptLoop);
        return listener;
    }

    String name() {
        return name;
    }

    int port() throws TcpException {
        return server.getsockname().port();
    }

    /** Stops accepting; running handlers go on. */
    void stop() {
        stopping = true;
        server.close();
    }

    private void acceptLoop() {
        while (!stopping) {
            TcpClient client;
            try {
                client = server.accept();
            } catch (TcpException e) {
                if (!stopping) {
                    tally.error("accept on " + name, e);
                    pause();
                }
                continue;
            }
            ACCEPTED.incrementAndGet();
            PEAK.accumulateAndGet(OPEN.incrementAndGet(), Math::max);
            Thread.ofVirtual().name(name).start(() -> serve(client));
        }
    }

    private void serve(TcpClient client) {
        try {
            handler.handle(client);
        } catch (Unexpected e) {
            tally.error(name, e.getMessage());
        } catch (Exception e) {
            tally.error(name, e);
        } finally {
            tally.close(client);
            OPEN.decrementAndGet();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
