package io.loomsocket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A one-connection HTTP responder on loopback, on plain JDK sockets: it reads the request's
 * head, then writes what the test scripts (chunks, pauses, a close) and closes.
 */
final class LocalHttpResponder implements AutoCloseable {
    /** What the responder writes once it has read the request. */
    interface Script {
        void respond(OutputStream out) throws Exception;
    }

    private final ServerSocket listener = new ServerSocket();
    private final CompletableFuture<String> request = new CompletableFuture<>();
    private volatile Socket connection;
    final int port;

    LocalHttpResponder(Script script) throws IOException {
        listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        port = listener.getLocalPort();
        Thread.startVirtualThread(() -> {
            try (Socket socket = listener.accept()) {
                connection = socket;
                request.complete(readHead(socket.getInputStream()));
                script.respond(socket.getOutputStream());
            } catch (Exception e) {
                request.completeExceptionally(e);
            }
        });
    }

    /** The request's head, its lines joined with LF, as the responder read it. */
    String request() throws Exception {
        return request.get(5, TimeUnit.SECONDS);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the request ended early: " + head);
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1).strip().replace("\r\n", "\n");
    }

    /** Writes {@code text} (UTF-8) and flushes. */
    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        Socket open = connection;
        if (open != null) {
            open.close(); // ends a script that is still writing or sleeping
        }
    }
}
