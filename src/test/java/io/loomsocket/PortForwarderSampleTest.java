package io.loomsocket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loomsocket.samples.PortForwarder;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * samples/.../PortForwarder.java between a loomsocket client and a target on plain JDK sockets:
 * a payload there and back, and a half-close passed on each way.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PortForwarderSampleTest {
    private static final String FORWARDING = "forwarding 127\\.0\\.0\\.1:(\\d+) to";

    /** A one-connection target on JDK sockets, running {@code script} on the accepted socket. */
    private record Target(ServerSocket listener, CompletableFuture<String> outcome)
            implements AutoCloseable {
        interface Script {
            String run(Socket socket) throws Exception;
        }

        static Target start(Script script) throws Exception {
            ServerSocket listener = new ServerSocket();
            listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            CompletableFuture<String> outcome = new CompletableFuture<>();
            Thread.startVirtualThread(() -> {
                try (Socket socket = listener.accept()) {
                    outcome.complete(script.run(socket));
                } catch (Throwable t) {
                    outcome.completeExceptionally(t);
                }
            });
            return new Target(listener, outcome);
        }

        String port() {
            return String.valueOf(listener.getLocalPort());
        }

        @Override
        public void close() throws Exception {
            listener.close();
        }
    }

    @Test
    void aPayloadGoesThereAndBackAndTheClientsHalfCloseReachesTheTarget() throws Exception {
        byte[] payload = LoopbackSupport.noise(1 << 20, 7);
        // The target echoes until the end of its input, then answers once more, after it: that
        // needs the client's half-close passed on, and the other direction kept open.
        try (Target target = Target.start(socket -> {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] chunk = new byte[16384];
            long total = 0;
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                out.write(chunk, 0, n);
                total += n;
            }
            out.write(("end of stream after " + total + " bytes ☕\n").getBytes(UTF_8));
            return "echoed " + total;
        });
                RunningSample forwarder = new RunningSample(PortForwarder::serve, "0",
                        "127.0.0.1", target.port());
                TcpClient client = Tcp.connect("127.0.0.1", forwarder.port(FORWARDING),
                        Duration.ofSeconds(5))) {
            client.settimeout(10);
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    client.send(payload);
                    client.shutdown("send");
                } catch (TcpException e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] trailer = ("end of stream after " + payload.length + " bytes ☕\n")
                    .getBytes(UTF_8);
            byte[] received = client.receive("*a");
            sent.get(10, TimeUnit.SECONDS);

            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            expected.write(payload);
            expected.write(trailer);
            assertArrayEquals(expected.toByteArray(), received);
            assertEquals("echoed " + payload.length, target.outcome().get(10, TimeUnit.SECONDS));
            forwarder.log.await("127\\.0\\.0\\.1:\\d+: " + payload.length + " bytes up, "
                    + (payload.length + trailer.length) + " bytes down", Duration.ofSeconds(5));
        }
    }

    @Test
    void theTargetsHalfCloseReachesTheClientWhichGoesOnSending() throws Exception {
        // The target says hello and ends its output at once, then reads all the client sends.
        try (Target target = Target.start(socket -> {
            socket.getOutputStream().write("hello, then nothing more\n".getBytes(UTF_8));
            socket.shutdownOutput();
            return new String(socket.getInputStream().readAllBytes(), UTF_8);
        });
                RunningSample forwarder = new RunningSample(PortForwarder::serve, "0",
                        "127.0.0.1", target.port());
                TcpClient client = Tcp.connect("127.0.0.1", forwarder.port(FORWARDING),
                        Duration.ofSeconds(5))) {
            client.settimeout(10);
            assertEquals("hello, then nothing more\n", new String(client.receive("*a"), UTF_8));
            client.send("still here ☕\n", UTF_8); // after the target's end: still delivered
            client.send("and done\n", UTF_8);
            client.shutdown("send");
            assertEquals("still here ☕\nand done\n", target.outcome().get(10, TimeUnit.SECONDS));
            forwarder.log.await(": 24 bytes up, 25 bytes down", Duration.ofSeconds(5));
        }
    }
}
