package io.loomsocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Tcp#select}: LuaSocket's select for loomsocket's sockets, on JUnit's platform thread. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SelectTest {
    private static final Duration SHORT = Duration.ofMillis(200);

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    @Test
    void nothingReadyWaitsForTheTimeoutAndFindsNothing() throws Exception {
        try (Loopback pair = Loopback.open()) {
            long start = System.nanoTime();
            Selected selected = Tcp.select(List.of(pair.client(), pair.peer()), null, SHORT);
            double took = seconds(start);
            assertTrue(selected.timedOut());
            assertTrue(took >= 0.19, "waited " + took);
            assertTrue(took < 3, "waited " + took);
        }
    }

    @Test
    void dataInTheKernelIsReadableAndStaysForTheReceive() throws Exception {
        try (Loopback pair = Loopback.open()) {
            pair.client().send("hello\nworld");
            Selected selected = Tcp.select(List.of(pair.client(), pair.peer()), List.of(), Duration.ofSeconds(5));
            assertEquals(List.of(pair.peer()), selected.readable());
            pair.peer().settimeout(0);
            assertArrayEquals("hello".getBytes(), pair.peer().receive());
            ReceiveException rest = assertThrows(ReceiveException.class, () -> pair.peer().receive());
            assertEquals("world", rest.partialString());
        }
    }

    @Test
    void bufferedDataIsReadableAtOnceAndComesFirst() throws Exception {
        try (Loopback pair = Loopback.open(); Loopback other = Loopback.open()) {
            other.client().send("x");
            pair.client().send("one\ntwo\n");
            pair.peer().settimeout(5);
            pair.peer().receive(); // "two\n" stays buffered
            Thread.sleep(50);
            Selected selected = Tcp.select(List.of(other.peer(), pair.peer()), null, Duration.ofSeconds(5));
            assertEquals(pair.peer(), selected.readable().get(0));
        }
    }

    @Test
    void aWaitEndsWhenOneOfManySocketsGetsData() throws Exception {
        try (Loopback a = Loopback.open(); Loopback b = Loopback.open(); Loopback c = Loopback.open()) {
            Thread.startVirtualThread(() -> {
                try {
                    Thread.sleep(300);
                    b.client().send("late\n");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long start = System.nanoTime();
            Selected selected = Tcp.select(List.of(a.peer(), b.peer(), c.peer()), null, Duration.ofSeconds(10));
            double took = seconds(start);
            assertEquals(List.of(b.peer()), selected.readable());
            assertTrue(took >= 0.28 && took < 5, "took " + took);
            b.peer().settimeout(1);
            assertArrayEquals("late".getBytes(), b.peer().receive());
            // the waits on the other sockets are over: their receives are free
            a.peer().settimeout(0);
            assertEquals("timeout", assertThrows(ReceiveException.class, () -> a.peer().receive()).getMessage());
        }
    }

    @Test
    void aServerWithAConnectionToAcceptIsReadable() throws Exception {
        try (TcpServer server = Tcp.bind("127.0.0.1", 0)) {
            assertTrue(Tcp.select(List.of(server), null, Duration.ZERO).timedOut());
            try (TcpClient client = Tcp.connect("127.0.0.1", server.getsockname().port())) {
                Selected selected = Tcp.select(List.of(server), List.of(server), Duration.ofSeconds(5));
                assertEquals(List.of(server), selected.readable());
                assertEquals(List.of(), selected.writable());
                server.settimeout(0);
                server.accept().close();
            }
        }
    }

    @Test
    void theEndOfTheStreamIsReadable() throws Exception {
        try (Loopback pair = Loopback.open()) {
            pair.client().close();
            Selected selected = Tcp.select(List.of(pair.peer()), null, Duration.ofSeconds(5));
            assertEquals(List.of(pair.peer()), selected.readable());
            assertEquals("closed", assertThrows(ReceiveException.class, () -> pair.peer().receive()).getMessage());
        }
    }

    @Test
    void aFullSendBufferIsNotWritableUntilThePeerReads() throws Exception {
        try (Loopback pair = Loopback.open()) {
            assertEquals(List.of(pair.client()),
                    Tcp.select(null, List.of(pair.client()), Duration.ZERO).writable());
            pair.client().settimeout(0.2);
            byte[] big = new byte[32 << 20];
            SendException full = assertThrows(SendException.class, () -> pair.client().send(big));
            assertEquals("timeout", full.getMessage());
            assertTrue(Tcp.select(null, List.of(pair.client()), SHORT).timedOut());
            Thread reader = Thread.startVirtualThread(() -> {
                try {
                    pair.peer().settimeout(5);
                    pair.peer().receive(full.lastIndex());
                } catch (ReceiveException e) {
                    throw new IllegalStateException(e);
                }
            });
            Selected selected = Tcp.select(null, List.of(pair.client()), Duration.ofSeconds(10));
            assertEquals(List.of(pair.client()), selected.writable());
            reader.join();
        }
    }

    @Test
    void aConnectUnderWayIsWritableOnceItHasFinished() throws Exception {
        try (TcpServer server = Tcp.bind("127.0.0.1", 0); TcpMaster master = Tcp.tcp()) {
            master.settimeout(0);
            assertEquals("timeout", assertThrows(TcpException.class,
                    () -> master.connect("127.0.0.1", server.getsockname().port())).getMessage());
            TcpClient client = master.asClient();
            Selected selected = Tcp.select(null, List.of(client), Duration.ofSeconds(5));
            assertEquals(List.of(client), selected.writable());
            client.settimeout(1);
            assertEquals(2, client.send("ok"));
        }
    }

    @Test
    void closedSocketsAreLeftOut() throws Exception {
        try (Loopback pair = Loopback.open()) {
            pair.client().send("data\n");
            pair.peer().close();
            long start = System.nanoTime();
            assertTrue(Tcp.select(List.of(pair.peer()), List.of(pair.peer()), SHORT).timedOut());
            assertTrue(seconds(start) >= 0.19);
        }
    }

    @Test
    void aCloseFromAnotherThreadEndsTheWait() throws Exception {
        try (Loopback pair = Loopback.open()) {
            Thread.startVirtualThread(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
                pair.peer().close();
            });
            long start = System.nanoTime();
            Tcp.select(List.of(pair.peer()), null, Duration.ofSeconds(10));
            assertTrue(seconds(start) < 5, "took " + seconds(start));
        }
    }

    @Test
    void anInterruptEndsTheWaitAndStaysSet() throws Exception {
        try (Loopback pair = Loopback.open()) {
            Thread me = Thread.currentThread();
            Thread.startVirtualThread(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
                me.interrupt();
            });
            TcpException e = assertThrows(TcpException.class,
                    () -> Tcp.select(List.of(pair.peer()), null, Duration.ofSeconds(10)));
            assertEquals(TcpException.Kind.INTERRUPTED, e.kind());
            assertTrue(Thread.interrupted());
        }
    }

    @Test
    void badSetsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Tcp.select(null, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> Tcp.select(java.util.Arrays.asList((TcpSocket) null), null, SHORT));
    }

    @Test
    void manySelectsLeaveNoDescriptorBehind() throws Exception {
        try (Loopback pair = Loopback.open()) {
            long before = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd")).count();
            for (int i = 0; i < 200; i++) {
                Tcp.select(List.of(pair.peer()), List.of(pair.client()), Duration.ofMillis(1));
                Tcp.select(List.of(pair.peer()), null, Duration.ofMillis(1));
            }
            long after = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd")).count();
            assertTrue(after - before <= 4, before + " descriptors before, " + after + " after");
        }
    }
}
