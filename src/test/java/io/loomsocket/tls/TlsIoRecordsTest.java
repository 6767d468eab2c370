package io.loomsocket.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.internal.engine.IoFailure;
import io.loomsocket.internal.engine.Timeout;
import io.loomsocket.internal.engine.Transport;
import io.loomsocket.internal.tls.TlsIo;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * How {@link TlsIo} lays records on the transport below it, seen from an in-memory transport
 * that logs every write and every read: the records of one handshake flight go out in one
 * write, and whole records already read come up together, each unwrapped straight into a
 * receive buffer that holds them.
 */
@org.junit.jupiter.api.Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class TlsIoRecordsTest {
    /** Each flight of a TLS 1.3 handshake is one write: no two writes without a read between. */
    @Test
    void aHandshakeFlightIsOneWrite() throws Exception {
        MemoryPipe pipe = new MemoryPipe();
        TlsIo client = new TlsIo(MemoryPipe.clientEngine(), pipe.clientEnd);
        TlsIo server = new TlsIo(EngineFor.server(null, "TLSv1.3"), pipe.serverEnd);
        MemoryPipe.handshake(client, server, true);

        for (MemoryPipe.End end : List.of(pipe.clientEnd, pipe.serverEnd)) {
            List<String> log = end.log();
            assertTrue(log.contains("W") && log.contains("R"), end.name + ": " + log);
            for (int i = 1; i < log.size(); i++) {
                assertTrue(!(log.get(i).equals("W") && log.get(i - 1).equals("W")),
                        end.name + " wrote twice without reading between: " + log);
            }
        }
        // The server's first flight: ServerHello, ChangeCipherSpec and the encrypted rest, which
        // the engine wraps as three records, in the one write.
        byte[] flight = pipe.serverEnd.writes.get(0);
        assertTrue(MemoryPipe.records(flight) >= 3, "records in the server's first write: "
                + MemoryPipe.records(flight));
    }

    /**
     * Three records the peer sent, all read from the transport at once, come up in one read into
     * a buffer that holds them; into a buffer too short for a record they come up in order
     * through the plaintext buffer.
     */
    @Test
    void wholeRecordsComeUpTogetherIntoALargeBuffer() throws Exception {
        MemoryPipe pipe = new MemoryPipe();
        TlsIo client = new TlsIo(MemoryPipe.clientEngine(), pipe.clientEnd);
        TlsIo server = new TlsIo(EngineFor.server(null, "TLSv1.3"), pipe.serverEnd);
        MemoryPipe.handshake(client, server, true);

        for (String word : List.of("one", "two", "three")) {
            client.write(bytes(word), 0, word.length(), Timeout.Clock.unlimited());
        }
        byte[] big = new byte[64 * 1024];
        int count = server.read(big, 10, big.length - 10, Timeout.Clock.unlimited());
        assertEquals("onetwothree", new String(big, 10, count, StandardCharsets.ISO_8859_1));

        for (String word : List.of("four", "five", "six")) {
            client.write(bytes(word), 0, word.length(), Timeout.Clock.unlimited());
        }
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] small = new byte[2];
        while (got.size() < "fourfivesix".length()) {
            int n = server.read(small, 0, small.length, Timeout.Clock.unlimited());
            got.write(small, 0, n);
        }
        assertEquals("fourfivesix", got.toString(StandardCharsets.ISO_8859_1));

        // A full record (16 KiB of plaintext) and a short one, both read at once: one read into a
        // buffer that holds both returns both.
        byte[] full = new byte[16 * 1024];
        Arrays.fill(full, (byte) 'f');
        client.write(full, 0, full.length, Timeout.Clock.unlimited());
        client.write(bytes("0123456789"), 0, 10, Timeout.Clock.unlimited());
        byte[] into = new byte[32 * 1024];
        int both = server.read(into, 0, into.length, Timeout.Clock.unlimited());
        assertEquals(full.length + 10, both);
        assertArrayEquals(full, Arrays.copyOf(into, full.length));
        assertEquals("0123456789", new String(into, full.length, 10, StandardCharsets.ISO_8859_1));

        // Two records read at once; a short read leaves the rest of the first in the plaintext
        // buffer, and the next read, however large, returns that rest first, alone.
        client.write(bytes("abcdefghij"), 0, 10, Timeout.Clock.unlimited());
        client.write(bytes("XYZ"), 0, 3, Timeout.Clock.unlimited());
        assertEquals(4, server.read(into, 0, 4, Timeout.Clock.unlimited()));
        assertEquals("abcd", new String(into, 0, 4, StandardCharsets.ISO_8859_1));
        int rest = server.read(into, 0, into.length, Timeout.Clock.unlimited());
        assertEquals("efghij", new String(into, 0, rest, StandardCharsets.ISO_8859_1));
        int last = server.read(into, 0, into.length, Timeout.Clock.unlimited());
        assertEquals("XYZ", new String(into, 0, last, StandardCharsets.ISO_8859_1));
    }

    /**
     * The peer's last data and its close_notify, read at once, come up in one read; the stream
     * then ends, and a send after it (TLS 1.3 lets a side write on after the peer's
     * close_notify) still goes out.
     */
    @Test
    void aSendAfterTheLastDataAndTheCloseNotifyCameUpTogether() throws Exception {
        MemoryPipe pipe = new MemoryPipe();
        TlsIo client = new TlsIo(MemoryPipe.clientEngine(), pipe.clientEnd);
        TlsIo server = new TlsIo(EngineFor.server(null, "TLSv1.3"), pipe.serverEnd);
        MemoryPipe.handshake(client, server, true);

        client.write(bytes("last"), 0, 4, Timeout.Clock.unlimited());
        client.closeOutbound(TimeUnit.SECONDS.toNanos(5));
        byte[] into = new byte[8192];
        assertEquals(4, server.read(into, 0, into.length, Timeout.Clock.unlimited()));
        assertEquals(5, server.write(bytes("reply"), 0, 5, Timeout.Clock.unlimited()));
        assertEquals(Transport.CLOSED, server.read(into, 0, into.length,
                Timeout.Clock.unlimited()));
        assertEquals(5, client.read(into, 0, into.length, Timeout.Clock.unlimited()));
        assertEquals("reply", new String(into, 0, 5, StandardCharsets.ISO_8859_1));
    }

    /**
     * A send once the engine has closed its sending side (as JSSE does when a JDK peer closes a
     * TLS 1.3 connection: user_canceled, then close_notify) fails "closed" at once: the engine
     * wraps no data any more, and a write that returned 0 would have the send loop forever.
     */
    @Test
    void aSendAfterTheEngineClosedItsSendingSideFailsClosed() throws Exception {
        MemoryPipe pipe = new MemoryPipe();
        TlsIo client = new TlsIo(MemoryPipe.clientEngine(), pipe.clientEnd);
        TlsIo server = new TlsIo(EngineFor.server(null, "TLSv1.3"), pipe.serverEnd);
        MemoryPipe.handshake(client, server, true);

        server.engine().closeOutbound();
        IoFailure failure = org.junit.jupiter.api.Assertions.assertThrows(IoFailure.class,
                () -> server.write(bytes("late"), 0, 4, Timeout.Clock.unlimited()));
        assertEquals("closed", failure.getMessage());
        byte[] into = new byte[64];
        assertEquals(Transport.CLOSED, client.read(into, 0, into.length,
                Timeout.Clock.unlimited()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
