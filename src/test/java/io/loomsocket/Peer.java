package io.loomsocket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One loopback connection between a loomsocket {@link TcpClient} (the object under test) and a
 * plain JDK socket (the peer), so that the peer's behaviour does not depend on the library.
 * Peer scripts (pauses, trickles) run on virtual threads; {@link #close()} closes both ends and
 * the helper listener, and ends every script.
 */
final class Peer implements AutoCloseable {
    /** The object under test. */
    final TcpClient client;
    /** The other end. */
    final Socket socket;

    private final AutoCloseable listener;
    private final List<Script> scripts = new ArrayList<>();

    private Peer(TcpClient client, Socket socket, AutoCloseable listener) {
        this.client = client;
        this.socket = socket;
        this.listener = listener;
    }

    /** A client made by {@code Tcp.connect(127.0.0.1, port)} to a JDK listener. */
    static Peer connected() throws Exception {
        return connected(LoopbackSupport.V4);
    }

    /** A client made by {@code Tcp.connect(host, port)} to a JDK listener on {@code host}. */
    static Peer connected(String host) throws Exception {
        ServerSocket listener = new ServerSocket();
        TcpClient client = null;
        try {
            listener.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            client = Tcp.connect(host, listener.getLocalPort());
            listener.setSoTimeout(5000);
            Socket socket = listener.accept();
            return new Peer(client, socket, listener);
        } catch (Exception | Error e) {
            if (client != null) {
                client.close();
            }
            listener.close();
            throw e;
        }
    }

    /** A client returned by {@code accept()} of a {@code Tcp.bind(127.0.0.1, 0)} server. */
    static Peer accepted() throws Exception {
        return accepted(LoopbackSupport.V4);
    }

    /** A client accepted by a {@code Tcp.bind(host, 0)} server; the peer connects with the JDK. */
    static Peer accepted(String host) throws Exception {
        TcpServer server = Tcp.bind(host, 0);
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(InetAddress.getByName(host),
                    server.getsockname().port()), 5000);
            server.settimeout(5);
            TcpClient client = server.accept();
            return new Peer(client, socket, server);
        } catch (Exception | Error e) {
            socket.close();
            server.close();
            throw e;
        }
    }

    // ---- what the peer does ---------------------------------------------------------------------

    /** Writes bytes to the client (ISO-8859-1 text). Loopback delivers them before this returns. */
    Peer send(String latin1) throws IOException {
        return send(LoopbackSupport.bytes(latin1));
    }

    Peer send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** Sends FIN: the client sees a clean end of stream after the data. */
    Peer finish() throws IOException {
        socket.shutdownOutput();
        return this;
    }

    /** Closes the peer's end (FIN). */
    Peer hangUp() throws IOException {
        socket.close();
        return this;
    }

    /** Closes the peer's end with linger 0, which sends RST instead of FIN. */
    Peer reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
        return this;
    }

    /** Reads exactly {@code n} bytes from the client. */
    byte[] read(int n) throws IOException {
        return socket.getInputStream().readNBytes(n);
    }

    /** Reads until the client's FIN. */
    byte[] readAll() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    /** Bytes that can be read without blocking (what the client has sent so far). */
    int available() throws IOException {
        return socket.getInputStream().available();
    }

    // ---- scripts --------------------------------------------------------------------------------

    interface Body {
        void run(Peer peer) throws Exception;
    }

    /** Runs a peer script on a virtual thread. */
    Script script(Body body) {
        Script script = new Script(this, body);
        scripts.add(script);
        return script;
    }

    /** A running peer script. */
    static final class Script {
        private final Thread thread;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        private Script(Peer peer, Body body) {
            thread = Thread.ofVirtual().name("peer-script").start(() -> {
                try {
                    body.run(peer);
                } catch (InterruptedException e) {
                    // Ended by close().
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
        }

        /** Waits for the script to end and rethrows what it threw. */
        void join() throws Exception {
            thread.join();
            Throwable t = failure.get();
            if (t instanceof Exception e) {
                throw e;
            }
            if (t instanceof Error e) {
                throw e;
            }
        }

        private void stop() throws InterruptedException {
            thread.interrupt();
            thread.join(5000);
        }
    }

    @Override
    public void close() throws Exception {
        client.close();
        try {
            socket.close();
        } finally {
            try {
                listener.close();
            } finally {
                for (Script script : scripts) {
                    script.stop();
                }
            }
        }
    }
}
