package io.loomsocket.soak;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * A line that proves itself: {@code "<kind> <connection id> <round> <payload> <crc>"}, where the
 * payload's length and letters depend on the id and the round, and the crc is the CRC-32 (8 hex
 * digits) of everything before it. An echo that comes back missing, duplicated (an earlier
 * round), misrouted (another connection's id) or corrupted fails {@link #check}.
 */
final class CheckedLine {
    private CheckedLine() {}

    /** The line for this connection and round, without its LF. */
    static String make(String kind, long id, long round) {
        String body = kind + " " + id + " " + round + " " + payload(id, round);
        return body + " " + crcHex(body);
    }

    /** Null if {@code line} is the line {@link #make} gives for these; else what is wrong. */
    static String check(String line, String kind, long id, long round) {
        String problem = corruption(line);
        if (problem != null) {
            return problem;
        }
        String[] fields = line.split(" ");
        if (!fields[0].equals(kind) || !fields[1].equals(Long.toString(id))) {
            return "another connection's line: " + line;
        }
        if (!fields[2].equals(Long.toString(round))) {
            return "round " + fields[2] + " where " + round + " was due (lost or duplicated)";
        }
        return null;
    }

    /** Null if {@code line} carries its own checksum correctly (whatever its id and round). */
    static String corruption(String line) {
        int last = line.lastIndexOf(' ');
        String[] fields = line.split(" ");
        if (last < 0 || fields.length != 5) {
            return "malformed line: \"" + shorten(line) + "\"";
        }
        String body = line.substring(0, last);
        if (!crcHex(body).equals(line.substring(last + 1))) {
            return "checksum mismatch: \"" + shorten(line) + "\"";
        }
        return null;
    }

    private static String payload(long id, long round) {
        long seed = id * 0x9E3779B97F4A7C15L + round * 0xBF58476D1CE4E5B9L;
        int length = 16 + (int) Math.floorMod(seed >>> 7, 48L);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            text.append((char) ('a' + Math.floorMod(seed >>> 33, 26L)));
        }
        return text.toString();
    }

    private static String crcHex(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.ISO_8859_1));
        return String.format("%08x", crc.getValue());
    }

    private static String shorten(String line) {
        return line.length() <= 120 ? line : line.substring(0, 120) + "...";
    }
}
