package io.loomsocket;

import static io.loomsocket.LoopbackSupport.V4;
import static io.loomsocket.LoopbackSupport.assertAbout;
import static io.loomsocket.LoopbackSupport.fails;
import static io.loomsocket.LoopbackSupport.receiveFails;
import static io.loomsocket.LoopbackSupport.secondsSince;
import static io.loomsocket.LoopbackSupport.sendFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.loomsocket.timing.TimedTest;
import io.loomsocket.timing.Timing;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connect that timed out, and what the kernel does with it afterwards (checked with lua5.4 and
 * C LuaSocket; connect-later.scn compares them step by step). The listener's accept queue is
 * full, so Linux drops the client's SYN and retries it about 1 s after the connect began; making
 * room lets the retry complete the handshake while nobody asks, closing the listener makes it
 * refused. LuaSocket never calls connect(2) again, so the next send waits for the handshake
 * within its own timeouts and a receive polls, and either one gets the connect's error.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConnectLaterTest {
    /** A tcp4() client whose connect to {@code full} timed out after 0.3 s. */
    private static TcpClient timedOut(LoopbackSupport.FullBacklog full) throws Exception {
        TcpMaster master = Tcp.tcp4();
        master.settimeout(0.3);
        fails("timeout", () -> master.connect(V4, full.port));
        return master.asClient();
    }

    private static String read(Socket socket, int n) throws Exception {
        socket.setSoTimeout(5000);
        InputStream in = socket.getInputStream();
        return new String(in.readNBytes(n), StandardCharsets.ISO_8859_1);
    }

    @TimedTest
    void aSendWaitsForTheHandshakeThatCompletesAfterTheConnectTimedOut() throws Exception {
        try (LoopbackSupport.FullBacklog full = new LoopbackSupport.FullBacklog();
                TcpClient client = timedOut(full)) {
            client.settimeout(0);
            sendFails("timeout", 0, () -> client.send("abc"));
            client.settimeout(0.2);
            long start = System.nanoTime();
            sendFails("timeout", 0, () -> client.send("abc"));
            assertAbout(0.2, secondsSince(start), "a send while the handshake is not done");
            full.makeRoom();
            client.settimeout(3);
            start = System.nanoTime();
            assertEquals(3, client.send("abc"));
            // Woken by the handshake of the SYN retry (1 s after the connect began), not by its
            // 3 s timeout; on a busy machine, room made after that retry waits for the next.
            Timing.assertAtMost(1.5, secondsSince(start), "the send waiting for the SYN retry");
            try (Socket accepted = full.accept()) {
                assertEquals("abc", read(accepted, 3));
            }
            // Linux still counts the socket as connecting: one connect returns 0, then EISCONN.
            client.connect(V4, full.port);
            fails("already connected", () -> client.connect(V4, full.port));
        }
    }

    @Test
    void aReceiveWaitsForTheHandshakeThenForData() throws Exception {
        try (LoopbackSupport.FullBacklog full = new LoopbackSupport.FullBacklog();
                TcpClient client = timedOut(full)) {
            full.makeRoom();
            CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
                try (Socket accepted = full.accept()) {
                    Thread.sleep(200);
                    accepted.getOutputStream().write("hi\n".getBytes(StandardCharsets.ISO_8859_1));
                    accepted.getInputStream().read(); // until the client closes
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            client.settimeout(3);
            assertEquals("hi", client.receiveString());
            client.close();
            server.get(5, TimeUnit.SECONDS);
        }
    }

    @TimedTest
    void aRefusedRetryIsTheNextSendsErrorOnce() throws Exception {
        try (LoopbackSupport.FullBacklog full = new LoopbackSupport.FullBacklog();
                TcpClient client = timedOut(full)) {
            full.refuse();
            client.settimeout(3);
            long start = System.nanoTime();
            SendException e = sendFails("connection refused", 0, () -> client.send("abc"));
            assertEquals(TcpException.Kind.CONNECTION_REFUSED, e.kind());
            Timing.assertAtMost(1.5, secondsSince(start), "the send waiting for the SYN retry");
            sendFails("closed", 0, () -> client.send("abc"));
            // Linux shut the socket of the failed connect both ways: end of stream.
            receiveFails("closed", "", () -> client.receive(3));
            fails("Transport endpoint is not connected", client::getpeername);
            fails("closed", () -> client.connect(V4, full.port));
        }
    }

    @Test
    void aRefusedRetryIsTheNextReceivesErrorOnce() throws Exception {
        try (LoopbackSupport.FullBacklog full = new LoopbackSupport.FullBacklog();
                TcpClient client = timedOut(full)) {
            full.refuse();
            client.settimeout(3);
            receiveFails("connection refused", "pre", () -> client.receive("*a", "pre".getBytes(
                    StandardCharsets.ISO_8859_1)));
            receiveFails("closed", "", () -> client.receive("*a"));
            sendFails("closed", 0, () -> client.send("abc"));
        }
    }

    @Test
    void namesAndConnectSeeAHandshakeThatNobodyAskedFor() throws Exception {
        try (LoopbackSupport.FullBacklog full = new LoopbackSupport.FullBacklog();
                TcpClient client = timedOut(full)) {
            fails("Transport endpoint is not connected", client::getpeername);
            full.makeRoom();
            try (Socket accepted = full.accept()) {
                assertEquals(new Address(V4, full.port, "inet"), client.getpeername());
                assertEquals(accepted.getPort(), client.getsockname().port());
                client.connect(V4, full.port + 1); // 0 once, whatever the address
                fails("already connected", () -> client.connect(V4, full.port));
            }
        }
    }

    @Test
    void shutdownWhileStillConnectingAbortsTheConnect() throws Exception {
        try (LoopbackSupport.FullBacklog full = new LoopbackSupport.FullBacklog();
                TcpClient client = timedOut(full)) {
            int handle = client.getfd();
            client.shutdown("send");
            assertEquals(handle, client.getfd(), "the object keeps its getfd");
            sendFails("closed", 0, () -> client.send("abc"));
            receiveFails("Transport endpoint is not connected", "", () -> client.receive(3));
            full.makeRoom();
            Thread.sleep(1200);
            assertThrows(SocketTimeoutException.class, () -> {
                try (Socket accepted = full.accept(300)) {
                    // the kernel's retry never came
                }
            });
            client.settimeout(3);
            client.connect(V4, full.port); // a fresh attempt on the unconnected socket
            try (Socket accepted = full.accept()) {
                client.send("new");
                assertEquals("new", read(accepted, 3));
            }
        }
    }

    /**
     * A receive and a send on two threads both find the connect unfinished: they take turns
     * waiting for the handshake (the socket's writing slot takes one waiter), and both go on
     * once it is done.
     */
    @Test
    void aReceiveAndASendWaitingForOneHandshakeTakeTurns() throws Exception {
        try (LoopbackSupport.FullBacklog full = new LoopbackSupport.FullBacklog();
                TcpClient client = timedOut(full)) {
            client.settimeout(4);
            CompletableFuture<String> received = new CompletableFuture<>();
            CompletableFuture<Long> sent = new CompletableFuture<>();
            Thread receiver = Thread.startVirtualThread(() -> complete(received,
                    () -> client.receiveString()));
            Thread sender = Thread.startVirtualThread(() -> complete(sent,
                    () -> client.send("ping\n")));
            Thread.sleep(200); // both wait for the handshake now
            full.makeRoom();
            try (Socket accepted = full.accept()) {
                assertEquals(5L, sent.get(5, TimeUnit.SECONDS));
                assertEquals("ping\n", read(accepted, 5));
                accepted.getOutputStream().write("pong\n".getBytes(StandardCharsets.ISO_8859_1));
                assertEquals("pong", received.get(5, TimeUnit.SECONDS));
            }
            receiver.join();
            sender.join();
        }
    }

    @TimedTest
    void closeWakesASendWaitingForTheHandshake() throws Exception {
        try (LoopbackSupport.FullBacklog full = new LoopbackSupport.FullBacklog();
                TcpClient client = timedOut(full)) {
            client.settimeout(-1);
            CompletableFuture<Long> sent = new CompletableFuture<>();
            Thread.startVirtualThread(() -> complete(sent, () -> client.send("abc")));
            Thread.sleep(200);
            assertFalse(sent.isDone(), "the send waits for the handshake");
            long start = System.nanoTime();
            client.close();
            Throwable e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> sent.get(2, TimeUnit.SECONDS)).getCause();
            assertEquals("closed", e.getMessage());
            Timing.assertAtMost(0.5, secondsSince(start), "the send woken by the close");
        }
    }

    @Test
    void anInterruptEndsAReceiveWaitingForTheHandshakeAndKeepsTheSocket() throws Exception {
        try (LoopbackSupport.FullBacklog full = new LoopbackSupport.FullBacklog();
                TcpClient client = timedOut(full)) {
            client.settimeout(-1);
            CompletableFuture<String> outcome = new CompletableFuture<>();
            Thread receiver = Thread.startVirtualThread(() -> {
                try {
                    client.receive(3);
                    outcome.complete("received");
                } catch (ReceiveException e) {
                    outcome.complete(e.kind() + " " + Thread.currentThread().isInterrupted());
                }
            });
            Thread.sleep(200);
            receiver.interrupt();
            assertEquals("INTERRUPTED true", outcome.get(2, TimeUnit.SECONDS));
            full.makeRoom();
            client.settimeout(3);
            assertEquals(3, client.send("abc"), "the connect goes on");
        }
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private static <T> void complete(CompletableFuture<T> future, Call<T> call) {
        try {
            future.complete(call.call());
        } catch (Throwable t) {
            future.completeExceptionally(t);
        }
    }
}
