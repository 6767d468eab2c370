package io.loomsocket.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.ReceiveException;
import io.loomsocket.SendException;
import io.loomsocket.TcpException;
import io.loomsocket.TlsClient;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The receive and send family over TLS, with LuaSec's strings for its timeouts. */
@Timeout(60)
class TlsBasicsTest {
    @Test
    void linesCountsAndTheRestGoThroughAsOverTcp() throws Exception {
        try (TlsPair tls = TlsPair.open()) {
            tls.server().send("b\rc\r\nline two\nrest");
            assertEquals("bc", tls.client().receiveString("*l"));
            assertEquals("line two", tls.client().receiveString("*l"));
            assertEquals("prere", tls.client().receiveString(5, "pre"));
            assertEquals("TLSv1.3", tls.client().info().protocol());
            assertTrue(tls.client().getpeerverification().verified());
            assertEquals("localhost", tls.client().getsniname());
            assertEquals("localhost", tls.server().getsniname());
            assertEquals(2, tls.client().getpeerchain().size() + 1);
            assertEquals(16, tls.client().getstats().received()); // "b\rc\r\n", "line two\n", "re"
        }
    }

    @Test
    void aReceiveThatTimesOutIsWantreadWithItsPartial() throws Exception {
        try (TlsPair tls = TlsPair.open()) {
            tls.client().settimeout(0.2);
            tls.server().send("hel");
            long started = System.nanoTime();
            ReceiveException e = assertThrows(ReceiveException.class,
                    () -> tls.client().receive("*l"));
            double seconds = (System.nanoTime() - started) / 1e9;
            assertEquals("wantread", e.getMessage());
            assertTrue(e.isTimeout());
            assertEquals("hel", e.partialString());
            assertTrue(seconds >= 0.18 && seconds < 2, seconds + " s");
            tls.server().send("lo\n");
            assertEquals("lo", tls.client().receiveString("*l"));
        }
    }

    @Test
    void aSendToAPeerThatDoesNotReadIsWantwriteAndResumesExactly() throws Exception {
        byte[] data = new byte[8 << 20];
        new Random(15).nextBytes(data);
        try (TlsPair tls = TlsPair.open()) {
            tls.client().settimeout(0.2);
            long started = System.nanoTime();
            SendException e = assertThrows(SendException.class, () -> tls.client().send(data));
            double seconds = (System.nanoTime() - started) / 1e9;
            assertEquals("wantwrite", e.getMessage());
            assertTrue(e.isTimeout());
            assertTrue(seconds >= 0.18 && seconds < 2, seconds + " s");
            long last = e.lastIndex();
            assertTrue(last > 0 && last < data.length, "last " + last);
            assertEquals(last, tls.client().getstats().sent());
            CompletableFuture<byte[]> received = new CompletableFuture<>();
            Thread.startVirtualThread(() -> {
                try {
                    received.complete(tls.server().receive(data.length));
                } catch (Throwable t) {
                    received.completeExceptionally(t);
                }
            });
            long resumed = last;
            while (resumed < data.length) {
                try {
                    resumed = tls.client().send(data, resumed + 1);
                } catch (SendException again) {
                    assertEquals("wantwrite", again.getMessage());
                    assertTrue(again.lastIndex() >= resumed);
                    resumed = again.lastIndex();
                }
            }
            assertEquals(data.length, resumed);
            assertArrayEquals(sha(data), sha(received.get(30, TimeUnit.SECONDS)));
            assertEquals(data.length, tls.client().getstats().sent());
        }
    }

    @Test
    void aRetryWithOtherBytesAfterACutRecordFailsBadWriteRetry() throws Exception {
        byte[] data = new byte[8 << 20];
        try (TlsPair tls = TlsPair.open()) {
            tls.client().settimeout(0.2);
            SendException e = assertThrows(SendException.class, () -> tls.client().send(data));
            long last = e.lastIndex();
            byte[] other = data.clone();
            other[(int) last] = 1; // the first byte the cut record carries, changed
            CompletableFuture<Void> drain = new CompletableFuture<>();
            Thread.startVirtualThread(() -> {
                try {
                    tls.server().receive(last + 1);
                    drain.complete(null);
                } catch (Throwable t) {
                    drain.completeExceptionally(t);
                }
            });
            tls.client().settimeout(5);
            SendException retry = assertThrows(SendException.class,
                    () -> tls.client().send(other, last + 1));
            assertEquals("bad write retry", retry.getMessage());
            assertEquals(last, retry.lastIndex());
            drain.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void afterThePeersCloseNotifyCountAndAllGiveLuaSecsResults() throws Exception {
        try (TlsPair tls = TlsPair.open()) {
            tls.server().send("abc\nfgh\nrest");
            tls.server().close();
            assertEquals("abc", tls.client().receiveString("*l"));
            ReceiveException e = assertThrows(ReceiveException.class,
                    () -> tls.client().receive(10));
            assertEquals("closed", e.getMessage());
            assertEquals("fgh\nrest", e.partialString());
            ReceiveException all = assertThrows(ReceiveException.class,
                    () -> tls.client().receive("*a"));
            assertEquals("closed", all.getMessage());
            assertEquals("", all.partialString());
        }
    }

    @Test
    void allSucceedsAtTheCloseNotify() throws Exception {
        try (TlsPair tls = TlsPair.open()) {
            tls.server().send("abc\nrest");
            tls.server().close();
            assertEquals("abc\nrest", tls.client().receiveString("*a"));
            assertFalse(tls.client().dirty());
        }
    }

    @Test
    void dirtyIsTrueWhileDecryptedBytesWait() throws Exception {
        try (TlsPair tls = TlsPair.open()) {
            tls.server().send("a\nb\n");
            assertEquals("a", tls.client().receiveString("*l"));
            assertTrue(tls.client().dirty());
        }
    }

    @Test
    void noReceiveOrSendBeforeTheHandshake() throws Exception {
        try (io.loomsocket.Loopback pair = io.loomsocket.Loopback.open()) {
            TlsClient tls = io.loomsocket.Tls.wrap(pair.client(), TlsPair.clientConfig());
            assertEquals("closed", assertThrows(ReceiveException.class, tls::receive).getMessage());
            assertEquals("closed", assertThrows(SendException.class, () -> tls.send("x"))
                    .getMessage());
        }
    }

    @Test
    void aHandshakeWithASilentPeerIsWantreadAtItsTimeout() throws Exception {
        try (io.loomsocket.Loopback pair = io.loomsocket.Loopback.open()) {
            TlsClient tls = io.loomsocket.Tls.wrap(pair.client(), TlsPair.clientConfig());
            tls.settimeout(0.3);
            long started = System.nanoTime();
            TcpException e = assertThrows(TcpException.class, tls::dohandshake);
            double seconds = (System.nanoTime() - started) / 1e9;
            assertEquals("wantread", e.getMessage());
            assertTrue(e.isTimeout());
            assertTrue(seconds >= 0.28 && seconds < 2, seconds + " s");
        }
    }

    @Test
    void aHandshakeWithAPeerThatIsNotTlsIsWrongVersionNumber() throws Exception {
        try (io.loomsocket.Loopback pair = io.loomsocket.Loopback.open()) {
            TlsClient tls = io.loomsocket.Tls.wrap(pair.client(), TlsPair.clientConfig());
            tls.settimeout(2);
            pair.peer().send("HTTP/1.0 200 OK\r\n\r\nhello");
            TcpException e = assertThrows(TcpException.class, tls::dohandshake);
            assertEquals("wrong version number", e.getMessage());
            assertEquals("closed", assertThrows(TcpException.class, tls::dohandshake)
                    .getMessage()); // as LuaSec, once OpenSSL gave up
        }
    }

    @Test
    void theStreamViewsCharsetFormsReceiveSomeAndMaxsizeWorkOverTls() throws Exception {
        try (TlsPair tls = TlsPair.open()) {
            tls.client().outputStream().write("héllo ☕\nsome".getBytes(
                    java.nio.charset.StandardCharsets.UTF_8));
            assertEquals("héllo ☕", tls.server().receiveString(
                    java.nio.charset.StandardCharsets.UTF_8));
            assertArrayEquals("some".getBytes(), tls.server().receiveSome(100));
            tls.client().send("a long line\n");
            ReceiveException oversized = assertThrows(ReceiveException.class,
                    () -> tls.server().receive("*l", null, 4));
            assertEquals("oversized", oversized.getMessage());
            assertEquals("a lo", oversized.partialString());
            assertEquals("ng line", tls.server().receiveString("*l"));
            tls.server().send("stream\n");
            java.io.InputStream in = tls.client().inputStream();
            byte[] line = in.readNBytes(7);
            assertEquals("stream\n", new String(line));
            tls.client().settimeout(0.1);
            java.net.SocketTimeoutException timeout = assertThrows(
                    java.net.SocketTimeoutException.class, in::read);
            assertEquals("wantread", timeout.getCause().getMessage());
        }
    }

    @Test
    void aReceiveAndASendOnTwoThreadsAtOnce() throws Exception {
        byte[] up = new byte[4 << 20];
        byte[] down = new byte[4 << 20];
        new Random(1).nextBytes(up);
        new Random(2).nextBytes(down);
        try (TlsPair tls = TlsPair.open()) {
            CompletableFuture<byte[]> clientGot = new CompletableFuture<>();
            CompletableFuture<byte[]> serverGot = new CompletableFuture<>();
            Thread.startVirtualThread(() -> {
                try {
                    clientGot.complete(tls.client().receive(down.length));
                } catch (Throwable t) {
                    clientGot.completeExceptionally(t);
                }
            });
            Thread.startVirtualThread(() -> {
                try {
                    serverGot.complete(tls.server().receive(up.length));
                } catch (Throwable t) {
                    serverGot.completeExceptionally(t);
                }
            });
            Thread serverSend = Thread.startVirtualThread(() -> {
                try {
                    tls.server().send(down);
                } catch (SendException e) {
                    throw new IllegalStateException(e);
                }
            });
            tls.client().send(up);
            serverSend.join(20_000);
            assertArrayEquals(sha(down), sha(clientGot.get(20, TimeUnit.SECONDS)));
            assertArrayEquals(sha(up), sha(serverGot.get(20, TimeUnit.SECONDS)));
        }
    }

    static byte[] sha(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
