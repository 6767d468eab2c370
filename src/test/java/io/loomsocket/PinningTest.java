package io.loomsocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Waiting receives, sends and accepts park their virtual threads without pinning the carrier:
 * JFR's jdk.VirtualThreadPinned stays silent (on JDK 21 a monitor held across a park would
 * pin; the engine uses no monitors on those paths).
 */
class PinningTest {
    @Test
    @Timeout(30)
    void waitsDoNotPinTheCarrier() throws Exception {
        List<String> pinned = new CopyOnWriteArrayList<>();
        try (RecordingStream recording = new RecordingStream()) {
            recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
            recording.onEvent("jdk.VirtualThreadPinned", event -> pinned.add(event.toString()));
            recording.startAsync();

            try (TcpServer server = Tcp.bind("127.0.0.1", 0)) {
                int port = server.getsockname().port();
                Thread echo = Thread.startVirtualThread(() -> {
                    try (TcpClient peer = server.accept()) {
                        for (int i = 0; i < 50; i++) {
                            // One write per reply: two small writes would meet Nagle's algorithm.
                            peer.send(peer.receiveString() + "\n");
                        }
                    } catch (TcpException e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread client = Thread.startVirtualThread(() -> {
                    try (TcpClient c = Tcp.connect("127.0.0.1", port)) {
                        for (int i = 0; i < 50; i++) {
                            c.send("ping " + i + "\n");
                            c.receive();
                        }
                    } catch (TcpException e) {
                        throw new IllegalStateException(e);
                    }
                });
                client.join(10_000);
                echo.join(10_000);
            }
            Thread.sleep(1500);
        }
        assertEquals(List.of(), pinned);
    }
}
