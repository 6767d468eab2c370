package io.loomsocket.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.Linger;
import io.loomsocket.Loopback;
import io.loomsocket.ReceiveException;
import io.loomsocket.SendException;
import io.loomsocket.Tcp;
import io.loomsocket.TcpClient;
import io.loomsocket.TcpException;
import io.loomsocket.TcpServer;
import io.loomsocket.TcpService;
import io.loomsocket.Tls;
import io.loomsocket.TlsClient;
import io.loomsocket.TlsConfig;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Peers that are not TLS, too slow, cut off or lying: each case ends in a clear error within
 * its timeout, with no thread spinning and no carrier pinned (the class's descriptors are
 * counted by NoLeakedSockets, as for every test class).
 */
@Timeout(60)
class TlsHostilePeersTest {
    static final TestCerts CERTS = TestCerts.get();

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** A loomsocket TLS client whose peer is a plain connection the test drives by hand. */
    private static TlsClient wrappedAgainstPlain(Loopback pair) throws Exception {
        return Tls.wrap(pair.client(), TlsPair.clientConfig());
    }

    /** A JSSE engine for the hand-driven server side, trusting nothing but serving the cert. */
    private static RawTlsPeer rawServer(TcpClient plain, String protocol) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        var settings = TlsPair.serverConfig();
        SSLEngine engine = io.loomsocket.tls.EngineFor.server(settings, protocol);
        return new RawTlsPeer(engine, plain);
    }

    @Test
    void bytesThatAreNotTlsFailTheServersHandshakeAtOnce() throws Exception {
        try (Loopback pair = Loopback.open()) {
            TlsClient server = Tls.wrap(pair.peer(), TlsPair.serverConfig());
            server.settimeout(5);
            pair.client().send("GET / HTTP/1.0\r\n\r\n");
            long started = System.nanoTime();
            TcpException e = assertThrows(TcpException.class, server::dohandshake);
            assertEquals("wrong version number", e.getMessage());
            assertTrue(seconds(started) < 1, "at once, not at the timeout");
        }
    }

    @Test
    void aHandshakeAtOneByteASecondEndsAtTheServersHandshakeTimeoutWithoutStoppingOthers()
            throws Exception {
        byte[] hello = clientHello();
        LinkedBlockingQueue<String> outcomes = new LinkedBlockingQueue<>();
        TlsConfig config = TlsPair.serverConfig().handshakeTimeout(Duration.ofMillis(1500));
        TcpServer listening = Tcp.bind("127.0.0.1", 0);
        int port = listening.getsockname().port();
        try (TcpService service = TcpService.startTls(listening, config, client -> {
            outcomes.add("served " + client.receiveString("*l"));
        })) {
            try (TcpClient slow = Tcp.connect("127.0.0.1", port)) {
                long started = System.nanoTime();
                long cpuBefore = processCpuNanos();
                Thread dribble = Thread.startVirtualThread(() -> {
                    try {
                        for (byte b : hello) {
                            slow.send(new byte[] {b});
                            Thread.sleep(1000);
                        }
                    } catch (Exception ended) {
                        // the server closed the connection: what the test waits for
                    }
                });
                // Meanwhile another client is served at once.
                try (TlsClient fast = Tls.connect("127.0.0.1", port, Duration.ofSeconds(5),
                        TlsPair.clientConfig())) {
                    fast.send("quick\n");
                    assertEquals("served quick", outcomes.poll(5, TimeUnit.SECONDS));
                }
                slow.settimeout(5);
                ReceiveException closed = assertThrows(ReceiveException.class,
                        () -> slow.receive("*a"));
                double elapsed = seconds(started);
                assertTrue(closed.isClosed() || closed.getMessage().equals("closed"),
                        closed.getMessage());
                assertTrue(elapsed >= 1.4 && elapsed < 4, "closed after " + elapsed + " s");
                double cpu = (processCpuNanos() - cpuBefore) / 1e9;
                assertTrue(cpu < elapsed, "the wait spun: " + cpu + " s of CPU in " + elapsed);
                dribble.interrupt();
            }
        }
    }

    /** This process's CPU time (user and system) from /proc/self/stat, in nanoseconds. */
    private static long processCpuNanos() throws java.io.IOException {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    }

    /** The bytes of a real ClientHello, from a JSSE client engine. */
    private static byte[] clientHello() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        SSLEngine engine = context.createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        return new RawTlsPeer(engine, null).wrap(new byte[0]);
    }

    @Test
    void aRecordCutShortByTheEndOfTheStreamIsUnexpectedEof() throws Exception {
        try (Loopback pair = Loopback.open()) {
            TlsClient tls = wrappedAgainstPlain(pair);
            RawTlsPeer server = rawServer(pair.peer(), "TLSv1.3");
            handshakeBoth(tls, server);
            byte[] record = server.wrap("a whole line\n".getBytes());
            pair.peer().send(record, 1, record.length / 2);
            tls.settimeout(0.2);
            ReceiveException timeout = assertThrows(ReceiveException.class, tls::receive);
            assertEquals("wantread", timeout.getMessage());
            pair.peer().shutdown("send");
            tls.settimeout(5);
            long started = System.nanoTime();
            ReceiveException e = assertThrows(ReceiveException.class, tls::receive);
            assertEquals("unexpected eof while reading", e.getMessage());
            assertTrue(seconds(started) < 1);
        }
    }

    @Test
    void aResetInTheMiddleOfARecordIsClosed() throws Exception {
        try (Loopback pair = Loopback.open()) {
            TlsClient tls = wrappedAgainstPlain(pair);
            RawTlsPeer server = rawServer(pair.peer(), "TLSv1.3");
            handshakeBoth(tls, server);
            byte[] record = server.wrap("a whole line\n".getBytes());
            pair.peer().send(record, 1, record.length / 2);
            pair.peer().setoption("linger", new Linger(true, 0));
            pair.peer().close();
            tls.settimeout(5);
            ReceiveException e = assertThrows(ReceiveException.class, tls::receive);
            assertEquals("closed", e.getMessage());
        }
    }

    @Test
    void aRecordThatClaimsMoreThanTlsAllowsIsRefused() throws Exception {
        try (Loopback pair = Loopback.open()) {
            TlsClient tls = wrappedAgainstPlain(pair);
            RawTlsPeer server = rawServer(pair.peer(), "TLSv1.3");
            handshakeBoth(tls, server);
            byte[] lie = new byte[5 + 100];
            lie[0] = 23; // application data
            lie[1] = 3;
            lie[2] = 3;
            lie[3] = (byte) 0x7f; // 32,767 bytes: more than 2^14 + 256
            lie[4] = (byte) 0xff;
            pair.peer().send(lie);
            tls.settimeout(5);
            long started = System.nanoTime();
            ReceiveException e = assertThrows(ReceiveException.class, tls::receive);
            assertTrue(seconds(started) < 1);
            assertTrue(e.getMessage().equals("packet length too long")
                    || e.getMessage().contains("record"), e.getMessage());
            assertEquals("closed", assertThrows(ReceiveException.class, tls::receive)
                    .getMessage());
        }
    }

    @Test
    void aCloseInTheMiddleOfTheHandshakeIsUnexpectedEofAndAResetIsClosed() throws Exception {
        for (boolean reset : new boolean[] {false, true}) {
            try (Loopback pair = Loopback.open()) {
                TlsClient tls = wrappedAgainstPlain(pair);
                tls.settimeout(5);
                CompletableFuture<TcpException> outcome = new CompletableFuture<>();
                Thread.startVirtualThread(() -> {
                    try {
                        tls.dohandshake();
                        outcome.complete(null);
                    } catch (TcpException e) {
                        outcome.complete(e);
                    }
                });
                pair.peer().settimeout(5);
                pair.peer().receive(5); // the ClientHello's record header, and stop
                if (reset) {
                    pair.peer().setoption("linger", new Linger(true, 0));
                }
                pair.peer().close();
                TcpException e = outcome.get(5, TimeUnit.SECONDS);
                assertEquals(reset ? "closed" : "unexpected eof while reading", e.getMessage(),
                        reset ? "reset" : "close");
            }
        }
    }

    @Test
    void a64MiBSendToAPeerThatStopsReadingResumesWithoutLosingOrRepeatingAByte()
            throws Exception {
        byte[] data = new byte[64 << 20];
        new Random(64).nextBytes(data);
        try (TlsPair tls = TlsPair.open()) {
            CompletableFuture<byte[]> received = new CompletableFuture<>();
            Thread.startVirtualThread(() -> {
                try {
                    MessageDigest digest = MessageDigest.getInstance("SHA-256");
                    long left = data.length;
                    int pauses = 0;
                    while (left > 0) {
                        byte[] piece = tls.server().receive(Math.min(left, 4 << 20));
                        digest.update(piece);
                        left -= piece.length;
                        if (pauses++ < 3) {
                            Thread.sleep(400); // stop reading: the sender times out
                        }
                    }
                    received.complete(digest.digest());
                } catch (Throwable t) {
                    received.completeExceptionally(t);
                }
            });
            tls.client().settimeout(0.1);
            long last = 0;
            int timeouts = 0;
            while (last < data.length) {
                try {
                    last = tls.client().send(data, last + 1);
                } catch (SendException e) {
                    assertEquals("wantwrite", e.getMessage());
                    assertTrue(e.lastIndex() >= last, "the last index never goes back");
                    last = e.lastIndex();
                    timeouts++;
                }
            }
            assertTrue(timeouts >= 3, timeouts + " timeouts");
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data),
                    received.get(30, TimeUnit.SECONDS));
            assertEquals(data.length, tls.client().getstats().sent());
        }
    }

    @Test
    void aTls12RenegotiationAttemptIsRefusedClearly() throws Exception {
        LinkedBlockingQueue<String> outcomes = new LinkedBlockingQueue<>();
        TlsConfig config = TlsPair.serverConfig().protocols("TLSv1.2");
        TcpServer listening = Tcp.bind("127.0.0.1", 0);
        int port = listening.getsockname().port();
        List<String> pinned = new CopyOnWriteArrayList<>();
        try (RecordingStream recording = new RecordingStream();
                TcpService service = TcpService.startTls(listening, config, client -> {
                    client.settimeout(5);
                    try {
                        while (true) {
                            client.send(client.receiveString("*l") + "\n");
                        }
                    } catch (TcpException e) {
                        outcomes.add(e.getMessage());
                    }
                })) {
            recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO);
            recording.onEvent("jdk.VirtualThreadPinned", event -> pinned.add(event.toString()));
            recording.startAsync();
            try (Tool client = new Tool(List.of("openssl", "s_client", "-connect",
                    "127.0.0.1:" + port, "-tls1_2", "-CAfile", CERTS.ca().toString()))) {
                client.write("first\n");
                client.lineStarting("first", 10);
                client.write("R\n"); // s_client: renegotiate
                assertEquals("no renegotiation", outcomes.poll(10, TimeUnit.SECONDS));
            }
            Thread.sleep(500);
        }
        assertEquals(List.of(), pinned);
    }

    static void handshakeBoth(TlsClient tls, RawTlsPeer server) throws Exception {
        tls.settimeout(5);
        CompletableFuture<Void> peer = new CompletableFuture<>();
        Thread.startVirtualThread(() -> {
            try {
                server.handshake();
                peer.complete(null);
            } catch (Throwable t) {
                peer.completeExceptionally(t);
            }
        });
        tls.dohandshake();
        peer.get(5, TimeUnit.SECONDS);
    }
}
