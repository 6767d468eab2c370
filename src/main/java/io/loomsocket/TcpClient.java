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

    /**
     * {@code receive()}: one line ({@code *l}); see {@link #receive(String, byte[])}.
     *
     * @return the line without its LF and without any CR
     * @throws ReceiveException {@code "timeout"}, {@code "closed"} or a system error, carrying
     *     every byte this call consumed
     */
    public byte[] receive() throws ReceiveException {
        return receive("*l", NO_PREFIX);
    }

    /**
     * {@code receive(pattern)}: see {@link #receive(String, byte[])}.
     *
     * @param pattern {@code "*l"}, {@code "*a"} or a numeric string; null means {@code "*l"}
     * @return the data
     * @throws ReceiveException {@code "timeout"}, {@code "closed"} or a system error, carrying
     *     every byte this call consumed
     * @throws IllegalArgumentException {@code invalid receive pattern}
     */
    public byte[] receive(String pattern) throws ReceiveException {
        return receive(pattern, NO_PREFIX);
    }

    /**
     * Receives by LuaSocket's pattern: {@code "*l"} (or anything starting so) for a line without
     * its LF and without any CR; {@code "*a"} until the peer closes; a numeric string ({@code
     * "10"}, {@code "2.9"}, {@code " 0x10 "}) for a byte count, as {@link #receive(long, byte[])}.
     * The prefix is put before the data; null means none.
     *
     * @param pattern {@code "*l"}, {@code "*a"} or a numeric string; null means {@code "*l"}
     * @param prefix bytes to put before the data, such as the partial of a failed receive; null
     *     means none
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
     * {@code receive(n)}: see {@link #receive(long, byte[])}.
     *
     * @param count the number of bytes to receive
     * @return {@code count} bytes
     * @throws ReceiveException {@code "timeout"}, {@code "closed"} or a system error, carrying
     *     every byte this call consumed
     * @throws IllegalArgumentException {@code invalid receive pattern} for a negative count
     */
    public byte[] receive(long count) throws ReceiveException {
        return receive(count, NO_PREFIX);
    }

    /**
     * Receives a byte count that includes the prefix: a prefix at least {@code count} long comes
     * back whole with no I/O; otherwise {@code count - prefix.length} more bytes are read. {@code
     * receive(0)} with no prefix returns at once when data is buffered, and otherwise waits until
     * some arrives (leaving it buffered).
     *
     * @param count the length of the result, prefix included
     * @param prefix bytes to put before the data, such as the partial of a failed receive; null
     *     means none
     * @return the prefix followed by the data: {@code count} bytes, or the whole prefix when it
     *     is longer
     * @throws ReceiveException {@code "timeout"}, {@code "closed"} or a system error, carrying
     *     the prefix and every byte this call consumed
     * @throws IllegalArgumentException {@code invalid receive pattern} for a negative count
     */
    public byte[] receive(long count, byte[] prefix) throws ReceiveException {
        expect(SocketCore.Role.CLIENT);
        if (count < 0) {
            throw new IllegalArgumentException("invalid receive pattern");
        }
        return core.receive(Pattern.COUNT, count, prefix == null ? NO_PREFIX : prefix);
    }

    /**
     * {@link #receive()} as ISO-8859-1 text.
     *
     * @return the line without its LF and without any CR
     * @throws ReceiveException {@code "timeout"}, {@code "closed"} or a system error; {@link
     *     ReceiveException#partialString()} is the text this call consumed
     */
    public String receiveString() throws ReceiveException {
        expect(SocketCore.Role.CLIENT);
        return core.receiveLineText();
    }

    /**
     * {@link #receive(String)} as ISO-8859-1 text.
     *
     * @param pattern {@code "*l"}, {@code "*a"} or a numeric string; null means {@code "*l"}
     * @return the data, one char per byte
     * @throws ReceiveException {@code "timeout"}, {@code "closed"} or a system error; {@link
     *     ReceiveException#partialString()} is the text this call consumed
     * @throws IllegalArgumentException {@code invalid receive pattern}
     */
    public String receiveString(String pattern) throws ReceiveException {
        return latin1(receive(pattern, NO_PREFIX));
    }

    /**
     * {@link #receive(String, byte[])} with ISO-8859-1 text for the prefix and the result.
     *
     * @param pattern {@code "*l"}, {@code "*a"} or a numeric string; null means {@code "*l"}
     * @param prefix text to put before the data, such as {@link
     *     ReceiveException#partialString()}; null means none
     * @return the prefix followed by the data, one char per byte
     * @throws ReceiveException {@code "timeout"}, {@code "closed"} or a system error; {@link
     *     ReceiveException#partialString()} is the prefix and the text this
     *     call consumed
     * @throws IllegalArgumentException {@code invalid receive pattern}, or a char of the prefix
     *     above U+00FF
     */
    public String receiveString(String pattern, String prefix) throws ReceiveException {
        return latin1(receive(pattern, prefix == null ? NO_PREFIX : bytes(prefix)));
    }

    /**
     * {@link #receive(long)} as ISO-8859-1 text.
     *
     * @param count the number of bytes to receive
     * @return {@code count} chars, one per byte
     * @throws ReceiveException {@code "timeout"}, {@code "closed"} or a system error; {@link
     *     ReceiveException#partialString()} is the text this call consumed
     * @throws IllegalArgumentException {@code invalid receive pattern} for a negative count
     */
    public String receiveString(long count) throws ReceiveException {
        return latin1(receive(count, NO_PREFIX));
    }

    /**
     * {@link #receive(long, byte[])} with ISO-8859-1 text for the prefix and the result.
     *
     * @param count the length of the result, prefix included
     * @param prefix text to put before the data, such as {@link
     *     ReceiveException#partialString()}; null means none
     * @return the prefix followed by the data, one char per byte
     * @throws ReceiveException {@code "timeout"}, {@code "closed"} or a system error; {@link
     *     ReceiveException#partialString()} is the prefix and the text this
     *     call consumed
     * @throws IllegalArgumentException {@code invalid receive pattern} for a negative count, or
     *     a char of the prefix above U+00FF
     */
    public String receiveString(long count, String prefix) throws ReceiveException {
        return latin1(receive(count, prefix == null ? NO_PREFIX : bytes(prefix)));
    }

    // ---- send ----------------------------------------------------------------------------------

    /**
     * {@code send(data)}: all of it; see {@link #send(byte[], long, long)}.
     *
     * @param data the bytes to send
     * @return the index of the last byte sent, {@code data.length}
     * @throws SendException {@code "timeout"}, {@code "closed"} or a system error, carrying the
     *     index of the last byte sent: {@code send(data, e.lastIndex() + 1)} resumes
     */
    public long send(byte[] data) throws SendException {
        return send(data, 1, -1);
    }

    /**
     * {@code send(data, i)}: from byte {@code i} to the end; see {@link #send(byte[], long,
     * long)}.
     *
     * @param data the bytes to send from
     * @param i the 1-based index of the first byte to send; negative counts from the end
     * @return the index of the last byte sent, {@code data.length}
     * @throws SendException {@code "timeout"}, {@code "closed"} or a system error, carrying the
     *     index of the last byte sent: {@code send(data, e.lastIndex() + 1)} resumes
     */
    public long send(byte[] data, long i) throws SendException {
        return send(data, i, -1);
    }

    /**
     * Sends bytes {@code i..j} (1-based, inclusive, negative from the end, as Lua's {@code
     * string.sub}) in kernel writes of at most 8 KiB. When {@code i > j} nothing is sent, there
     * is no I/O, and the result is {@code i - 1}.
     *
     * @param data the bytes to send from
     * @param i the 1-based index of the first byte to send; negative counts from the end
     * @param j the 1-based index of the last byte to send, inclusive; -1 is the last byte
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

    /**
     * {@code send(text)}: ISO-8859-1, so every char must be below 256.
     *
     * @param data the text to send, one byte per char
     * @return the index of the last byte sent, {@code data.length()}
     * @throws SendException {@code "timeout"}, {@code "closed"} or a system error, carrying the
     *     index of the last byte sent: {@code send(data, e.lastIndex() + 1)} resumes
     * @throws IllegalArgumentException a char above U+00FF, which is not a byte
     */
    public long send(String data) throws SendException {
        return send(data, 1, -1);
    }

    /**
     * {@code send(text, i)}: ISO-8859-1, from char {@code i} to the end.
     *
     * @param data the text to send from, one byte per char
     * @param i the 1-based index of the first char to send; negative counts from the end
     * @return the index of the last byte sent, {@code data.length()}
     * @throws SendException {@code "timeout"}, {@code "closed"} or a system error, carrying the
     *     index of the last byte sent: {@code send(data, e.lastIndex() + 1)} resumes
     * @throws IllegalArgumentException a char above U+00FF, which is not a byte
     */
    public long send(String data, long i) throws SendException {
        return send(data, i, -1);
    }

    /**
     * {@code send(text, i, j)} with ISO-8859-1 text; see {@link #send(byte[], long, long)}.
     *
     * @param data the text to send from, one byte per char
     * @param i the 1-based index of the first char to send; negative counts from the end
     * @param j the 1-based index of the last char to send, inclusive; -1 is the last char
     * @return the index of the last byte sent
     * @throws SendException {@code "timeout"}, {@code "closed"} or a system error, carrying the
     *     index of the last byte sent: {@code send(data, e.lastIndex() + 1)} resumes
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
     * @param mode {@code "both"}, {@code "send"} or {@code "receive"}; null means {@code "both"}
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

    /**
     * {@code getstats()}: bytes received and sent, and the age in seconds.
     *
     * @return the counts and the age
     */
    public Stats getstats() {
        expect(SocketCore.Role.CLIENT);
        return new Stats(core.counters().received(), core.counters().sent(),
                core.counters().ageSeconds());
    }

    /**
     * {@code setstats(received)}: sets the received count; sent and age stay.
     *
     * @param received the new count of bytes received
     */
    public void setstats(long received) {
        expect(SocketCore.Role.CLIENT);
        core.counters().setReceived(received);
    }

    /**
     * {@code setstats(received, sent)}: sets the received and sent counts; the age stays.
     *
     * @param received the new count of bytes received
     * @param sent the new count of bytes sent
     */
    public void setstats(long received, long sent) {
        setstats(received);
        core.counters().setSent(sent);
    }

    /**
     * {@code setstats(received, sent, age)}: sets both counts and the age.
     *
     * @param received the new count of bytes received
     * @param sent the new count of bytes sent
     * @param age the age in seconds now; it grows from this value
     */
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
