package io.loomsocket.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Linux's table of TCP connections ({@code /proc/net/tcp} and {@code tcp6}), read to learn the
 * one thing the JDK cannot say once a channel's input is shut down: whether the kernel has since
 * reset the connection. The JDK answers every read on such a channel with end of stream without
 * asking the kernel, while Linux takes a reset socket out of this table at once.
 */
final class KernelTcpTable {
    private static final Path TCP = Path.of("/proc/net/tcp");
    private static final Path TCP6 = Path.of("/proc/net/tcp6");

    /** What the table says about one connection. */
    enum Entry {
        /** Listed, and the peer has not finished sending: a reset may still come. */
        OPEN,
        /** Listed in a state reached only after the peer's FIN: no reset can follow. */
        PEER_FINISHED,
        /** Not listed: the kernel has closed the socket (a reset, or a time-wait gone by). */
        ABSENT,
        /** No table to read (not Linux, or no /proc). */
        UNKNOWN
    }

    private KernelTcpTable() {
    }

    /** Looks the connection between {@code local} and {@code remote} up. */
    static Entry lookup(InetSocketAddress local, InetSocketAddress remote) {
        String[] localKeys = keys(local);
        String[] remoteKeys = keys(remote);
        boolean readAny = false;
        for (int file = 0; file < 2; file++) {
            if (localKeys[file] == null || remoteKeys[file] == null) {
                continue;
            }
            try (InputStream table = Files.newInputStream(file == 0 ? TCP : TCP6)) {
                // All of it: a /proc file reports size 0, so read to the end of the stream.
                byte[] text = table.readAllBytes();
                readAny = true;
                int state = find(text, localKeys[file], remoteKeys[file]);
                if (state >= 0) {
                    return classify(state);
                }
            } catch (NoSuchFileException e) {
                // this family's table is missing (IPv6 disabled, or not Linux)
            } catch (IOException | RuntimeException e) {
                return Entry.UNKNOWN;
            }
        }
        return readAny ? Entry.ABSENT : Entry.UNKNOWN;
    }

    /**
     * The state of the line for the two ends, or -1. The kernel prints each line as
     * {@code "%4d: %08X:%04X %08X:%04X %02X ..."}, so the two ends and the state are one run of
     * text: a byte search finds it without splitting lines, which matters on a machine with tens
     * of thousands of connections (the table is then megabytes long).
     */
    static int find(byte[] text, String local, String remote) {
        byte[] ends = (" " + local + " " + remote + " ").getBytes(StandardCharsets.US_ASCII);
        int last = text.length - ends.length - 2;
        outer:
        for (int at = 0; at <= last; at++) {
            for (int k = 0; k < ends.length; k++) {
                if (text[at + k] != ends[k]) {
                    continue outer;
                }
            }
            int high = Character.digit(text[at + ends.length], 16);
            int low = Character.digit(text[at + ends.length + 1], 16);
            return high >= 0 && low >= 0 ? high * 16 + low : -1;
        }
        return -1;
    }

    /** Linux's numbering of TCP states (include/net/tcp_states.h). */
    static Entry classify(int state) {
        return switch (state) {
            case 6, 8, 9, 11 -> Entry.PEER_FINISHED; // TIME_WAIT, CLOSE_WAIT, LAST_ACK, CLOSING
            default -> Entry.OPEN;
        };
    }

    /**
     * The address as each table prints it, {@code [tcp, tcp6]}: each 32-bit word of the address
     * in host byte order, in hex, then the port. An IPv4 address is also looked for in
     * {@code tcp6} in its mapped form, for a socket of a dual-stack listener.
     */
    static String[] keys(InetSocketAddress end) {
        InetAddress address = end.getAddress();
        if (address == null) {
            return new String[2];
        }
        String port = String.format(Locale.ROOT, ":%04X", end.getPort());
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(bytes, 0, mapped, 12, 4);
            return new String[] {words(bytes) + port, words(mapped) + port};
        }
        return new String[] {null, words(bytes) + port};
    }

    private static String words(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        StringBuilder text = new StringBuilder(bytes.length * 2);
        while (buffer.hasRemaining()) {
            text.append(String.format(Locale.ROOT, "%08X", buffer.getInt()));
        }
        return text.toString();
    }
}
