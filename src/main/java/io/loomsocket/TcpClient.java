package io.loomsocket;

import io.loomsocket.internal.engine.LuaNumber;
import io.loomsocket.internal.socket.SocketCore.Pattern;
import io.loomsocket.internal.socket.SocketCore;
import java.nio.charset.StandardCharsets;

/**
 * A LuaSocket {@code tcp{client}}: a connected socket (or one whose connect failed) that
 * receives, sends, shuts down and keeps stats.
 *
 * <p>Data are bytes. The {@code String} forms use ISO-8859-1, one char per byte, which is
 * lossless for every byte value (and compact strings store it at one byte per char); decode
 * with {@code new String(bytes, charset)} for any other charset.
 *
 * <pre>{@code
 * try (TcpClient client = Tcp.connect("127.0.0.1", port)) {
 *     client.settimeout(2.0);
 *     client.send("HELLO\r\n");
 *     String line = client.receiveString();          // *l: CRs dropped, LF consumed
 * } catch (ReceiveException e) {
 *     byte[] soFar = e.partial();                    // pass back as the prefix to go on
 * }
 * }</pre>
 */
public final class TcpClient extends TcpSocket {
    private static final byte[] NO_PREFIX = new byte[0];

    TcpClient(Views views) {
        super(views);
    }

    // ---- receive -------------------------------------------------------------------------------

    /** {@code receive()}: one line ({@code *l}). */
    public byte[] receive() throws ReceiveException {
        return receive("*l", NO_PREFIX);
    }

    /** {@code receive(pattern)}: see {@link #receive(String, byte[])}. */
    public byte[] receive(String pattern) throws ReceiveException {
        return receive(pattern, NO_PREFIX);
    }

    /**
     * Receives by LuaSocket's pattern: {@code "*l"} (or anything starting so) for a line without
     * its LF and without any CR; {@code "*a"} until the peer closes; a numeric string ({@code
     * "10"}, {@code "2.9"}, {@code " 0x10 "}) for a byte count, as {@link #receive(long, byte[])}.
     * The prefix is put before the data; null means none.
     *
     * @return the prefix followed by the data
     * @throws ReceiveException {@code "timeout"}, {@code "closed"} or a system error, carrying
     *     the prefix and every byte this call consumed
     * @throws IllegalArgumentException {@code invalid receive pattern}
     * @throws IllegalStateException {@code tcp{client} expected}
     */
    public byte[] receive(String pattern, byte[] prefix) throws ReceiveException {
        expect(SocketCore.Role.CLIENT);
        byte[] before = prefix == null ? NO_PREFIX : prefix;
        if (pattern == null) {
            return core.receive(Pattern.LINE, 0, before);
        }
        // "*l..." and "*a..." are never numbers, so testing them first changes no outcome.
        if (pattern.startsWith("*l")) {
            return core.receive(Pattern.LINE, 0, before);
        }
        if (pattern.startsWith("*a")) {
            return core.receive(Pattern.ALL, 0, before);
        }
        Double count = LuaNumber.parse(pattern);
        if (count != null) {
            return core.receive(Pattern.COUNT, checkedCount(count), before);
        }
        throw new IllegalArgumentException("invalid receive pattern");
    }

    /**
     * {@code receive(pattern, prefix, maxsize)}: as {@link #receive(String, byte[])}, but the
     * result, prefix included, may hold at most {@code maxsize} bytes (LuaSocket's {@code
     * maxsize} argument, proposed upstream): a line or stream that would pass it fails with
     * {@code "oversized"} ({@link TcpException.Kind#OVERSIZED}) carrying exactly {@code maxsize}
     * bytes as the partial (for {@code *l}, CRs are dropped before they are counted), and the
     * rest stays buffered, so the next receive goes on right after them. A pattern that ends
     * exactly at the limit succeeds: an LF for {@code *l}, the end of the stream for {@code *a},
     * even when it arrives later. Without this argument a receive has no limit, as in
     * LuaSocket 3.1.
     *
     * <p>A call that has reached the limit and then times out waiting for that end fails with
     * {@code "oversized"} too, so that a {@code "timeout"} partial is always shorter than {@code
     * maxsize} and can be passed back as the prefix. Reading on after an oversized line:
     *
     * <pre>{@code
     * try {
     *     return client.receiveString("*l", null, 8192);
     * } catch (ReceiveException e) {
     *     if (e.kind() != TcpException.Kind.OVERSIZED) throw e;
     *     // e.partial() holds the first 8192 bytes of the line; the rest is still buffered
     * }
     * }</pre>
     *
     * @param maxsize at least 1, and more than the prefix's length; a numeric pattern may not
     *     ask for more
     * @throws ReceiveException {@code "oversized"}, {@code "timeout"}, {@code "closed"} or a
     *     system error, carrying the prefix and every byte this call consumed
     * @throws IllegalArgumentException {@code invalid receive pattern}, or a {@code maxsize}
     *     below 1, not above the prefix's length, or below the count (before any I/O)
     */
    public byte[] receive(String pattern, byte[] prefix, long maxsize) throws ReceiveException {
        expect(SocketCore.Role.CLIENT);
        byte[] before = prefix == null ? NO_PREFIX : prefix;
        Pattern kind;
        long count = 0;
        if (pattern == null || pattern.startsWith("*l")) {
            kind = Pattern.LINE;
        } else if (pattern.startsWith("*a")) {
            kind = Pattern.ALL;
        } else {
            Double number = LuaNumber.parse(pattern);
            if (number == null) {
                throw new IllegalArgumentException("invalid receive pattern");
            }
            kind = Pattern.COUNT;
            count = checkedCount(number);
        }
        if (maxsize < 1) {
            throw new IllegalArgumentException("maxsize must be at least 1, got " + maxsize);
        }
        if (before.length >= maxsize) {
            throw new IllegalArgumentException("a prefix of " + before.length
                    + " bytes leaves no room under maxsize " + maxsize);
        }
        if (count > maxsize) {
            throw new IllegalArgumentException("receive count " + count + " exceeds maxsize "
                    + maxsize);
        }
        return core.receive(kind, count, before, maxsize);
    }

    /** {@code receive(n)}: see {@link #receive(long, byte[])}. */
    public byte[] receive(long count) throws ReceiveException {
        return receive(count, NO_PREFIX);
    }

    /**
     * Receives a byte count that includes the prefix: a prefix at least {@code count} long comes
     * back whole with no I/O; otherwise {@code count - prefix.length} more bytes are read. {@code
     * receive(0)} with no prefix returns at once when data is buffered, and otherwise waits until
     * some arrives (leaving it buffered).
     *
     * @throws IllegalArgumentException {@code invalid receive pattern} for a negative count
     */
    public byte[] receive(long count, byte[] prefix) throws ReceiveException {
        expect(SocketCore.Role.CLIENT);
        if (count < 0) {
            throw new IllegalArgumentException("invalid receive pattern");
        }
        return core.receive(Pattern.COUNT, count, prefix == null ? NO_PREFIX : prefix);
    }

    /** {@link #receive()} as ISO-8859-1 text. */
    public String receiveString() throws ReceiveException {
        expect(SocketCore.Role.CLIENT);
        return core.receiveLineText();
    }

    /** {@link #receive(String)} as ISO-8859-1 text. */
    public String receiveString(String pattern) throws ReceiveException {
        return latin1(receive(pattern, NO_PREFIX));
    }

    /** {@link #receive(String, byte[])} with ISO-8859-1 text for the prefix and the result. */
    public String receiveString(String pattern, String prefix) throws ReceiveException {
        return latin1(receive(pattern, prefix == null ? NO_PREFIX : bytes(prefix)));
    }

    /** {@link #receive(String, byte[], long)} with ISO-8859-1 text for the prefix and result. */
    public String receiveString(String pattern, String prefix, long maxsize)
            throws ReceiveException {
        return latin1(receive(pattern, prefix == null ? NO_PREFIX : bytes(prefix), maxsize));
    }

    /** {@link #receive(long)} as ISO-8859-1 text. */
    public String receiveString(long count) throws ReceiveException {
        return latin1(receive(count, NO_PREFIX));
    }

    /** {@link #receive(long, byte[])} with ISO-8859-1 text for the prefix and the result. */
    public String receiveString(long count, String prefix) throws ReceiveException {
        return latin1(receive(count, prefix == null ? NO_PREFIX : bytes(prefix)));
    }

    // ---- send ----------------------------------------------------------------------------------

    /** {@code send(data)}: all of it. */
    public long send(byte[] data) throws SendException {
        return send(data, 1, -1);
    }

    /** {@code send(data, i)}: from byte {@code i} (1-based; negative counts from the end). */
    public long send(byte[] data, long i) throws SendException {
        return send(data, i, -1);
    }

    /**
     * Sends bytes {@code i..j} (1-based, inclusive, negative from the end, as Lua's {@code
     * string.sub}) in kernel writes of at most 8 KiB. When {@code i > j} nothing is sent, there
     * is no I/O, and the result is {@code i - 1}.
     *
     * @return the index of the last byte sent
     * @throws SendException {@code "timeout"}, {@code "closed"} or a system error, carrying the
     *     index of the last byte sent: {@code send(data, e.lastIndex() + 1)} resumes
     */
    public long send(byte[] data, long i, long j) throws SendException {
        expect(SocketCore.Role.CLIENT);
        if (data == null) {
            throw new IllegalArgumentException("string expected, got no value");
        }
        return core.send(data, i, j);
    }

    /** {@code send(text)}: ISO-8859-1, so every char must be below 256. */
    public long send(String data) throws SendException {
        return send(data, 1, -1);
    }

    /** {@code send(text, i)}: ISO-8859-1. */
    public long send(String data, long i) throws SendException {
        return send(data, i, -1);
    }

    /**
     * {@code send(text, i, j)} with ISO-8859-1 text.
     *
     * @throws IllegalArgumentException a char above U+00FF, which is not a byte
     */
    public long send(String data, long i, long j) throws SendException {
        if (data == null) {
            throw new IllegalArgumentException("string expected, got no value");
        }
        return send(bytes(data), i, j);
    }

    // ---- shutdown and stats ------------------------------------------------------------------

    /** {@code shutdown("both")}. */
    public void shutdown() {
        shutdown("both");
    }

    /**
     * Shuts down {@code "both"} directions, {@code "send"} or {@code "receive"}; null means
     * both. The system's answer is ignored, as LuaSocket ignores it.
     *
     * @throws IllegalArgumentException {@code invalid option 'MODE'}
     */
    public void shutdown(String mode) {
        expect(SocketCore.Role.CLIENT);
        String chosen = mode == null ? "both" : mode;
        switch (chosen) {
            case "both" -> core.shutdown(true, true);
            case "send" -> core.shutdown(false, true);
            case "receive" -> core.shutdown(true, false);
            default -> throw new IllegalArgumentException("invalid option '" + chosen + "'");
        }
    }

    /** Bytes received and sent, and the age in seconds. */
    public Stats getstats() {
        expect(SocketCore.Role.CLIENT);
        return new Stats(core.counters().received(), core.counters().sent(),
                core.counters().ageSeconds());
    }

    /** Sets the received count; sent and age stay. */
    public void setstats(long received) {
        expect(SocketCore.Role.CLIENT);
        core.counters().setReceived(received);
    }

    /** Sets the received and sent counts; the age stays. */
    public void setstats(long received, long sent) {
        setstats(received);
        core.counters().setSent(sent);
    }

    /** Sets both counts and the age in seconds. */
    public void setstats(long received, long sent, double age) {
        setstats(received, sent);
        core.counters().setAgeSeconds(age);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static long checkedCount(double count) {
        if (!(count >= 0)) {
            throw new IllegalArgumentException("invalid receive pattern");
        }
        return (long) count;
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** ISO-8859-1 bytes, refusing chars that are not bytes rather than replacing them with '?'. */
    static byte[] bytes(String text) {
        byte[] bytes = new byte[text.length()];
        for (int i = 0; i < bytes.length; i++) {
            char c = text.charAt(i);
            if (c > 0xFF) {
                throw new IllegalArgumentException(String.format(
                        "char U+%04X at index %d is not a byte; send byte[] in the charset you want",
                        (int) c, i));
            }
            bytes[i] = (byte) c;
        }
        return bytes;
    }
}
