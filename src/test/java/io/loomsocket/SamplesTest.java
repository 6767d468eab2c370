package io.loomsocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.samples.Demo;
import io.loomsocket.samples.EchoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The samples run to their end; what they print is captured and checked, not shown. */
class SamplesTest {
    @Test
    @Timeout(20)
    void demoShowsATimeoutWithItsPartialAndFinishes() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Demo.main(new String[0]);
        } catch (Exception | AssertionError e) {
            throw new AssertionError("the demo failed after printing:\n"
                    + captured.toString(StandardCharsets.UTF_8), e);
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        assertTrue(output.contains("receive failed with \"timeout\", partial \"first half, \""), output);
        assertTrue(output.contains("client got: first half, second half"), output);
        assertTrue(output.contains("client stats: Stats[received="), output);
        assertTrue(output.trim().endsWith("done"), output);
    }

    @Test
    @Timeout(20)
    void echoServerServesManyClientsAtOnceThenStops() throws Exception {
        try (TcpServer server = Tcp.bind("127.0.0.1", 0)) {
            int port = server.getsockname().port();
            CompletableFuture<Integer> served = new CompletableFuture<>();
            Thread.startVirtualThread(() -> {
                try {
                    served.complete(EchoServer.serve(server, Duration.ofSeconds(2)));
                } catch (Throwable t) {
                    served.completeExceptionally(t);
                }
            });
            List<TcpClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 50; i++) {
                    clients.add(Tcp.connect("127.0.0.1", port));
                }
                for (int i = 0; i < clients.size(); i++) {
                    clients.get(i).send("hello " + i + "\r\n");
                }
                for (int i = 0; i < clients.size(); i++) {
                    assertEquals("hello " + i, clients.get(i).receiveString());
                }
            } finally {
                clients.forEach(TcpClient::close);
            }
            assertEquals(50, served.get(10, TimeUnit.SECONDS));
        }
    }
}
