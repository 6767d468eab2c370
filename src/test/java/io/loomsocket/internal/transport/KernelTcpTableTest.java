package io.loomsocket.internal.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.loomsocket.timing.TimedTest;
import io.loomsocket.timing.Timing;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The addresses as Linux's /proc/net/tcp prints them, and lookups of live connections. */
class KernelTcpTableTest {
    @Test
    void keysAreHostOrderWordsThenThePort() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "the table of an x86 host");
        assertArrayEquals(new String[] {"0100007F:A00F",
                "0000000000000000FFFF00000100007F:A00F"},
                KernelTcpTable.keys(new InetSocketAddress("127.0.0.1", 40975)));
        assertArrayEquals(new String[] {null, "00000000000000000000000001000000:0050"},
                KernelTcpTable.keys(new InetSocketAddress("::1", 80)));
    }

    @Test
    void aLiveConnectionIsOpenAndAClosedOneIsAbsent() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "Linux's table");
        try (ServerSocket listener = new ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            InetSocketAddress local;
            InetSocketAddress remote;
            try (Socket socket = new Socket("127.0.0.1", listener.getLocalPort());
                    Socket accepted = listener.accept()) {
                local = (InetSocketAddress) socket.getLocalSocketAddress();
                remote = (InetSocketAddress) socket.getRemoteSocketAddress();
                assertEquals(KernelTcpTable.Entry.OPEN, KernelTcpTable.lookup(local, remote));
                accepted.setSoLinger(true, 0);
            }
            assertEquals(KernelTcpTable.Entry.ABSENT, KernelTcpTable.lookup(local, remote),
                    "both ends were closed with a reset");
        }
    }

    @TimedTest
    void findsTheStateInATableOfFiftyThousandLinesQuickly() {
        StringBuilder table = new StringBuilder(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt\n");
        for (int i = 0; i < 50_000; i++) {
            table.append(String.format("%6d: 0100007F:%04X 0100007F:1F90 06 00000000:00000000"
                    + " 03:00000DC3 00000000     0        0 0 3 0000000000000000%n", i, i));
        }
        table.append("  50000: 0100007F:C350 0100007F:0050 01 00000000:00000000 00:00000000\n");
        byte[] text = table.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        long start = System.nanoTime();
        assertEquals(0x01, KernelTcpTable.find(text, "0100007F:C350", "0100007F:0050"));
        assertEquals(0x06, KernelTcpTable.find(text, "0100007F:0007", "0100007F:1F90"));
        assertEquals(-1, KernelTcpTable.find(text, "0100007F:1F90", "0100007F:0007"),
                "the two ends in the other order are another connection");
        assertEquals(-1, KernelTcpTable.find(text, "0100007F:C35", "0100007F:0050"),
                "a prefix of a port is not a match");
        Timing.assertAtMost(0.5, (System.nanoTime() - start) / 1e9,
                "four lookups in a 5 MB table");
    }

    /** A line at the very end of the table, with no newline after its state, is found. */
    @Test
    void findsALineThatEndsTheTable() {
        byte[] text = "   0: 0100007F:0001 0100007F:0002 0A".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(0x0A, KernelTcpTable.find(text, "0100007F:0001", "0100007F:0002"));
        byte[] cut = "   0: 0100007F:0001 0100007F:0002 0".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(-1, KernelTcpTable.find(cut, "0100007F:0001", "0100007F:0002"),
                "a state cut short is no state");
        byte[] odd = "   0: 0100007F:0001 0100007F:0002 0G 00".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(-1, KernelTcpTable.find(odd, "0100007F:0001", "0100007F:0002"),
                "a state that is not hexadecimal is no state");
        byte[] half = "   0: 0100007F:0001 0100007F:0002 1G 00".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(-1, KernelTcpTable.find(half, "0100007F:0001", "0100007F:0002"),
                "nor one whose second digit is not (it was read as 15)");
        assertEquals(-1, KernelTcpTable.find(new byte[0], "0100007F:0001", "0100007F:0002"));
    }

    /** Linux's states (tcp_states.h): those reached only after the peer's FIN cannot reset. */
    @Test
    void onlyStatesAfterThePeersFinAreFinished() {
        for (int state = 1; state <= 12; state++) {
            boolean finished = state == 6 || state == 8 || state == 9 || state == 11;
            assertEquals(finished ? KernelTcpTable.Entry.PEER_FINISHED : KernelTcpTable.Entry.OPEN,
                    KernelTcpTable.classify(state), "state " + state);
        }
    }

    @Test
    void anAddressThatIsNotResolvedHasNoKey() {
        assertArrayEquals(new String[2],
                KernelTcpTable.keys(InetSocketAddress.createUnresolved("example.invalid", 80)));
        assertEquals(KernelTcpTable.Entry.UNKNOWN, KernelTcpTable.lookup(
                InetSocketAddress.createUnresolved("example.invalid", 80),
                new InetSocketAddress("127.0.0.1", 80)), "no table looked at");
    }
}
