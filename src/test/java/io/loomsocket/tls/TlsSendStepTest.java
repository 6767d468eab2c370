package io.loomsocket.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.Selected;
import io.loomsocket.Tcp;
import io.loomsocket.internal.engine.Counters;
import io.loomsocket.internal.engine.SendRange;
import io.loomsocket.internal.engine.Sender;
import io.loomsocket.internal.engine.Timeout;
import io.loomsocket.internal.tls.TlsIo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * When a send over TLS keeps LuaSec's first step of 8192 bytes: only when the peer may have
 * closed. The session ticket a TLS 1.3 client never reads does not count: it is read on into
 * the TLS layer (not unwrapped), and the send goes out in whole writes of full records; an end
 * of stream behind it keeps the step, as over plain TCP.
 */
@org.junit.jupiter.api.Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class TlsSendStepTest {
    private static final int SIZE = 64 * 1024;

    @Test
    void aClientWithAnUnreadSessionTicketSendsFullRecordsInOneWrite() throws Exception {
        Ends ends = Ends.connected(false);
        MemoryPipe pipe = ends.pipe();
        TlsIo client = ends.client();
        TlsIo server = ends.server();
        assertTrue(pipe.clientEnd.unread() > 0, "the server's session ticket waits unread");
        List<byte[]> writes = ends.sendWrites(message(SIZE));
        assertEquals(1, writes.size(), "writes of a 64 KiB send");
        assertFullRecordsThenOneShort(writes.get(0));
        assertEquals(0, pipe.clientEnd.unread(), "the ticket was read on");
        assertEquals(0, pipe.clientEnd.flushes(), "one write needs no push");
        assertTrue(pipe.clientEnd.wakes() > 0, "a receive waiting for the kernel was woken");

        // The ticket is consumed by the next receive, which then takes the server's data.
        assertEquals(SIZE, drain(server, SIZE));
        server.write(bytes("after"), 0, 5, Timeout.Clock.unlimited());
        byte[] into = new byte[64];
        int count = client.read(into, 0, into.length, Timeout.Clock.unlimited());
        assertEquals("after", new String(into, 0, count, StandardCharsets.ISO_8859_1));
    }

    @Test
    void aPeerThatEndedItsStreamKeepsTheStep() throws Exception {
        Ends ends = Ends.connected(false);
        MemoryPipe pipe = ends.pipe();
        TlsIo server = ends.server();
        pipe.clientEnd.endFromPeer(); // the ticket, then the end of the stream
        List<byte[]> writes = ends.sendWrites(message(SIZE));
        assertEquals(2, writes.size(), "writes of a 64 KiB send");
        assertEquals(1, MemoryPipe.records(writes.get(0)), "the first write: one record");
        assertEquals(Sender.FIRST_WRITE, drain(server, Sender.FIRST_WRITE),
                "the first record's plaintext");
        assertEquals(1, pipe.clientEnd.flushes(), "the rest, pushed past Nagle's algorithm");
    }

    @Test
    void dataThePeerSentIsKeptForTheReceivesAndDoesNotKeepTheStep() throws Exception {
        Ends ends = Ends.connected(true);
        TlsIo client = ends.client();
        TlsIo server = ends.server();
        server.write(bytes("one"), 0, 3, Timeout.Clock.unlimited());
        server.write(bytes("two"), 0, 3, Timeout.Clock.unlimited());
        assertEquals(1, ends.sendWrites(message(SIZE)).size(), "writes of a 64 KiB send");
        byte[] into = new byte[64];
        int count = client.read(into, 0, into.length, Timeout.Clock.unlimited());
        assertEquals("onetwo", new String(into, 0, count, StandardCharsets.ISO_8859_1));
    }

    @Test
    void moreThanTheBufferHoldsKeepsTheStep() throws Exception {
        Ends ends = Ends.connected(true);
        MemoryPipe pipe = ends.pipe();
        TlsIo client = ends.client();
        TlsIo server = ends.server();
        byte[] flood = message(40 * 1024);
        server.write(flood, 0, flood.length, Timeout.Clock.unlimited());
        assertEquals(2, ends.sendWrites(message(SIZE)).size(), "writes of a 64 KiB send");
        assertTrue(pipe.clientEnd.unread() > 0, "the rest stays in the transport");
        assertEquals(flood.length, drain(client, flood.length), "nothing lost");
    }

    /**
     * Over real sockets: the server's line waits unread at the client, which sends 64 KiB; the
     * line's record, now read into the TLS layer, keeps the socket readable for select (which
     * asks by reading through the TLS layer), and the next receive returns it.
     */
    @Test
    void selectStillSeesARecordTheSendReadOn() throws Exception {
        try (TlsPair tls = TlsPair.open()) {
            tls.server().send("answer\n");
            Selected arrived = Tcp.select(List.of(tls.client()), null, Duration.ofSeconds(10));
            assertEquals(List.of(tls.client()), arrived.readable(), "the line arrived");
            tls.client().send(message(SIZE));
            Selected ready = Tcp.select(List.of(tls.client()), null, Duration.ZERO);
            assertEquals(List.of(tls.client()), ready.readable());
            assertEquals(SIZE, tls.server().receive(SIZE).length);
            assertEquals("answer", tls.client().receiveString());
        }
    }

    /** Full records of one size, then one short record that ends the range. */
    private static void assertFullRecordsThenOneShort(byte[] write) {
        List<Integer> lengths = MemoryPipe.recordLengths(write);
        String shown = "record lengths " + lengths;
        assertEquals(5, lengths.size(), shown);
        for (int i = 0; i < 4; i++) {
            assertEquals(lengths.get(0), lengths.get(i), shown);
        }
        assertTrue(lengths.get(0) >= 16 * 1024 && lengths.get(4) < 256, shown);
    }

    /** A TLS client and server joined in memory, handshake done. */
    private record Ends(MemoryPipe pipe, TlsIo client, TlsIo server) {
        /** With {@code readTicket} false, the server's session ticket waits unread. */
        static Ends connected(boolean readTicket) throws Exception {
            MemoryPipe pipe = new MemoryPipe();
            TlsIo client = new TlsIo(MemoryPipe.clientEngine(), pipe.clientEnd);
            TlsIo server = new TlsIo(EngineFor.server(null, "TLSv1.3"), pipe.serverEnd);
            MemoryPipe.handshake(client, server, readTicket);
            return new Ends(pipe, client, server);
        }

        /** Sends {@code data} whole from the client; returns the writes the send made. */
        List<byte[]> sendWrites(byte[] data) throws Exception {
            int before = pipe.clientEnd.writes().size();
            assertEquals(data.length, Sender.send(data, SendRange.of(data.length, 1, -1), client,
                    Timeout.Clock.unlimited(), new Counters()));
            List<byte[]> writes = pipe.clientEnd.writes();
            return writes.subList(before, writes.size());
        }
    }

    /** Reads {@code count} bytes from {@code io}, checking they are the message's. */
    private static int drain(TlsIo io, int count) throws Exception {
        byte[] into = new byte[count];
        int got = 0;
        while (got < count) {
            got += io.read(into, got, count - got, Timeout.Clock.unlimited());
        }
        for (int i = 0; i < count; i++) {
            if (into[i] != (byte) ('a' + i % 26)) {
                throw new AssertionError("byte " + i + " is " + into[i]);
            }
        }
        return got;
    }

    private static byte[] message(int size) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) ('a' + i % 26);
        }
        return data;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
