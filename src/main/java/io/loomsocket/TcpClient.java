package io.loomsocket;

import io.loomsocket.internal.engine.LuaNumber;
import io.loomsocket.internal.engine.ReceiveBuffer;
import io.loomsocket.internal.socket.FailureContext;
import io.loomsocket.internal.socket.SocketCore.Pattern;
import io.loomsocket.internal.socket.SocketCore;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A LuaSocket {@code tcp{client}}: a connected socket (or one whose connect failed) that
 * receives, sends, shuts down and keeps stats.
 *
 * <p>Data are bytes. Text in UTF-8 (or another charset) goes through {@link
 * #receiveString(Charset)}, {@link #receiveString(Charset, long)} and {@link #send(String,
 * Charset)}. The {@code String} forms <em>without</em> a charset are ISO-8859-1, not UTF-8: one
 * char per byte, which is lossless for every byte value, as LuaSocket's strings are bytes (a
 * UTF-8 {@code "é"} comes out as {@code "Ã©"}).
 *
 * <pre>{@code
 * try (TcpClient client = Tcp.connect("127.0.0.1", port, Duration.ofSeconds(3))) {
 *     client.settimeout(2.0);
 *     client.send("HÉLLO\r\n", StandardCharsets.UTF_8);
 *     String line = client.receiveString(StandardCharsets.UTF_8); // CRs dropped, LF consumed
 * } catch (ReceiveException e) {
 *     byte[] soFar = e.partial();                    // pass back as the prefix to go on
 * }
 * }</pre>
 *
 * <p>Besides LuaSocket's methods, a client has a receive of whatever has arrived ({@link
 * #receiveSome}) and {@link InputStream} and {@link OutputStream} views ({@link
 * #inputStream()}, {@link #outputStream()}) for the JDK's stream classes.
 *
 * <p>A {@link TlsClient} is a client whose bytes pass through TLS ({@link Tls#wrap}): every
 * method here works on it the same way, on the plaintext.
 */
public sealed class TcpClient extends TcpSocket permits TlsClient {
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
     * @throws IllegalArgumentException {@code invalid receive pattern "P"} naming the pattern,
     *     or {@code invalid receive count "N"} for a negative numeric one
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
     * <p>LuaSocket's rules that surprise Java code:
     *
     * <ul>
     *   <li>{@code "*l"} drops <em>every</em> CR, not only the one before the LF, and a lone CR
     *       does not end a line (it does in {@link java.io.BufferedReader#readLine()}); a line
     *       cut by the end of the stream fails {@code "closed"} with the line as the partial.
     *   <li>{@code "*a"} succeeds only if this call took at least one byte: on a stream that has
     *       already ended (an empty body, or a second {@code "*a"}) it fails {@code "closed"}
     *       with an empty partial, where {@link InputStream#readAllBytes()} returns an empty
     *       array. A reset fails {@code "closed"} with everything received as the partial.
     *   <li>The timeouts are per call (see {@link #settimeout(double, String)}); a failed call
     *       keeps nothing back: its partial holds every byte it consumed.
     * </ul>
     *
     * @param pattern {@code "*l"}, {@code "*a"} or a numeric string; null means {@code "*l"}
     * @param prefix bytes to put before the data, such as the partial of a failed receive; null
     *     means none
     * @return the prefix followed by the data
     * @throws ReceiveException {@code "timeout"}, {@code "closed"} or a system error, carrying
     *     the prefix and every byte this call consumed
     * @throws IllegalArgumentException {@code invalid receive pattern "P"} naming the pattern,
     *     or {@code invalid receive count "N"} for a negative numeric one
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
            return core.receive(Pattern.COUNT, checkedCount(count, pattern), before);
        }
        throw invalidPattern(pattern);
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
     * @param pattern {@code "*l"}, {@code "*a"} or a numeric string; null means {@code "*l"}
     * @param prefix bytes to put before the data; null means none
     * @param maxsize at least 1, and more than the prefix's length; a numeric pattern may not
     *     ask for more
     * @return the prefix followed by the data, at most {@code maxsize} bytes
     * @throws ReceiveException {@code "oversized"}, {@code "timeout"}, {@code "closed"} or a
     *     system error, carrying the prefix and every byte this call consumed
     * @throws IllegalArgumentException {@code invalid receive pattern "P"} or {@code invalid
     *     receive count "N"} (a negative numeric pattern), or a {@code maxsize}
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
                throw invalidPattern(pattern);
            }
            kind = Pattern.COUNT;
            count = checkedCount(number, pattern);
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

    /**
     * {@code receive(n)}: see {@link #receive(long, byte[])}.
     *
     * @param count the number of bytes to receive
     * @return {@code count} bytes
     * @throws ReceiveException {@code "timeout"}, {@code "closed"} or a system error, carrying
     *     every byte this call consumed
     * @throws IllegalArgumentException {@code invalid receive count N} for a negative count
     */
    public byte[] receive(long count) throws ReceiveException {
        return receive(count, NO_PREFIX);
    }

    /**
     * Receives a byte count that includes the prefix: a prefix at least {@code count} long comes
     * back whole with no I/O; otherwise {@code count - prefix.length} more bytes are read, and
     * the call waits until all have come (for whatever has arrived, see {@link #receiveSome}).
     *
     * <p>{@code receive(0)} with no prefix does not return at once: it returns an empty result
     * when data is buffered, and otherwise <em>waits</em> until some arrives (leaving it
     * buffered), or fails {@code "timeout"} or {@code "closed"}, as in LuaSocket; {@link
     * InputStream#read(byte[], int, int)} with a length of 0 returns 0 at once instead.
     *
     * @param count the length of the result, prefix included
     * @param prefix bytes to put before the data, such as the partial of a failed receive; null
     *     means none
     * @return the prefix followed by the data: {@code count} bytes, or the whole prefix when it
     *     is longer
     * @throws ReceiveException {@code "timeout"}, {@code "closed"} or a system error, carrying
     *     the prefix and every byte this call consumed
     * @throws IllegalArgumentException {@code invalid receive count N} for a negative count
     */
    public byte[] receive(long count, byte[] prefix) throws ReceiveException {
        expect(SocketCore.Role.CLIENT);
        if (count < 0) {
            throw invalidCount(Long.toString(count));
        }
        return core.receive(Pattern.COUNT, count, prefix == null ? NO_PREFIX : prefix);
    }

    /**
     * One line as ISO-8859-1, one char per byte, <em>not</em> UTF-8: LuaSocket's byte string as
     * a Java string. Text in UTF-8 (what most peers send) comes out as mojibake ({@code "hÃ©llo"}
     * for {@code "héllo"}); read it with {@link #receiveString(Charset)}. This form is for
     * byte-exact protocols and for code ported from Lua: it keeps every byte value, and
     * {@link #send(String)} writes it back unchanged.
     *
     * @return the line without its LF and without any CR, one char per byte
     * @throws ReceiveException {@code "timeout"}, {@code "closed"} or a system error; {@link
     *     ReceiveException#partialString()} is the text this call consumed
     */
    public String receiveString() throws ReceiveException {
        expect(SocketCore.Role.CLIENT);
        return core.receiveLineText();
    }

    /**
     * One line ({@code *l}) decoded from {@code charset} (a Java addition). The line's bytes are
     * decoded once its LF has been found, so a character whose bytes straddle two reads, or the
     * 8 KiB buffer's end, comes out whole; bytes that are not valid in the charset become
     * U+FFFD. The charset must write LF and CR as the single bytes 10 and 13 and use them for
     * nothing else: UTF-8, US-ASCII, the ISO-8859 and Windows code pages are such, UTF-16 and
     * UTF-32 are not.
     *
     * <p>A failure carries the line's bytes so far as its partial, undecoded (the last
     * character may be cut); continue the line with {@link #receiveString(Charset,
     * ReceiveException, long)}, which takes them back. A peer that never sends an LF makes the
     * line grow without a limit, as in LuaSocket; facing untrusted peers, give a maximum with
     * {@link #receiveString(Charset, long)}.
     *
     * @param charset the line's charset, such as {@code StandardCharsets.UTF_8}
     * @return the line without its LF and without any CR
     * @throws ReceiveException as {@link #receive(String, byte[])} for {@code "*l"}
     * @throws IllegalArgumentException a charset whose LF or CR is not that one byte
     */
    public String receiveString(Charset charset) throws ReceiveException {
        Text.requireLineCharset(charset);
        return new String(receive("*l", NO_PREFIX), charset);
    }

    /**
     * One line decoded from {@code charset}, as {@link #receiveString(Charset)}, of at most
     * {@code maxBytes} bytes (a Java addition, safe against a peer that never sends an LF): a
     * longer line fails {@code "oversized"} ({@link TcpException.Kind#OVERSIZED}) with its first
     * {@code maxBytes} bytes as the partial, and the rest of it stays buffered for the next
     * receive. The limit counts the line's bytes, not its chars, and leaves the LF and any CR
     * out, as {@link #receive(String, byte[], long)} does.
     *
     * <pre>{@code
     * String request = client.receiveString(StandardCharsets.UTF_8, 8192);
     * }</pre>
     *
     * @param charset the line's charset, such as {@code StandardCharsets.UTF_8}
     * @param maxBytes the most bytes the line may have, at least 1
     * @return the line without its LF and without any CR
     * @throws ReceiveException {@code "oversized"}, {@code "timeout"}, {@code "closed"} or a
     *     system error, carrying the line's bytes so far
     * @throws IllegalArgumentException a charset whose LF or CR is not that one byte, or a
     *     {@code maxBytes} below 1
     */
    public String receiveString(Charset charset, long maxBytes) throws ReceiveException {
        return receiveString(charset, null, maxBytes);
    }

    /**
     * Goes on with a line that a receive left unfinished, decoded from {@code charset} (a Java
     * addition): the bytes of {@code resumeFrom}'s partial come first, so a character cut
     * between the two calls comes out whole, and no byte is lost or repeated.
     *
     * <pre>{@code
     * ReceiveException unfinished = null;
     * while (true) {
     *     try {
     *         return client.receiveString(UTF_8, unfinished, 8192);
     *     } catch (ReceiveException e) {
     *         if (!e.isTimeout()) throw e;
     *         unfinished = e;                         // a slow peer: go on where it stopped
     *     }
     * }
     * }</pre>
     *
     * @param charset the line's charset, such as {@code StandardCharsets.UTF_8}
     * @param resumeFrom the failure of the receive to continue, whose partial starts the line;
     *     null for none
     * @param maxBytes the most bytes the line may have, its partial included, at least 1 and
     *     more than the partial; {@code Long.MAX_VALUE} for no limit
     * @return the line without its LF and without any CR
     * @throws ReceiveException {@code "oversized"}, {@code "timeout"}, {@code "closed"} or a
     *     system error, carrying the line's bytes so far, the resumed ones included
     * @throws IllegalArgumentException a charset whose LF or CR is not that one byte, a {@code
     *     maxBytes} below 1, or one the partial already fills
     */
    public String receiveString(Charset charset, ReceiveException resumeFrom, long maxBytes)
            throws ReceiveException {
        Text.requireLineCharset(charset);
        byte[] prefix = resumeFrom == null ? NO_PREFIX : resumeFrom.partialBytes();
        return new String(receive("*l", prefix, maxBytes), charset);
    }

    /**
     * Whatever has arrived, up to {@code max} bytes (an addition to LuaSocket, asked for in its
     * issues #35, #105 and #150): the bytes already in the receive buffer, without any I/O, when
     * there are some; otherwise the bytes of one read, which waits under the timeouts and the
     * deadline until something arrives. So it never waits while data is buffered, and never
     * waits twice. At most 8192 bytes come back (the buffer's size, and one read's).
     *
     * <pre>{@code
     * while (true) {                                     // a one-way relay
     *     to.send(from.receiveSome(8192));
     * }
     * }</pre>
     *
     * @param max the most bytes wanted, at least 1
     * @return at least one byte
     * @throws ReceiveException {@code "closed"} at the end of the stream (clean or reset), on a
     *     closed object, {@code "timeout"} or a system error; nothing is consumed, so the
     *     partial is always empty
     * @throws IllegalArgumentException a {@code max} below 1
     */
    public byte[] receiveSome(int max) throws ReceiveException {
        expect(SocketCore.Role.CLIENT);
        if (max < 1) {
            throw new IllegalArgumentException("receiveSome needs a max of at least 1: " + max);
        }
        int buffered = core.buffered();
        byte[] out = new byte[Math.min(max, buffered > 0 ? buffered : ReceiveBuffer.SIZE)];
        int count = core.receiveAvailable(out, 0, out.length);
        if (count < 0) {
            throw FailureContext.locate(ReceiveException.closed(NO_PREFIX),
                    "receiveSome(" + max + ")", core, null);
        }
        return count == out.length ? out : Arrays.copyOf(out, count);
    }

    /**
     * {@link #receive(String)} as ISO-8859-1 text, one char per byte, not UTF-8 (for text in a
     * charset, {@link #receiveString(Charset)}).
     *
     * @param pattern {@code "*l"}, {@code "*a"} or a numeric string; null means {@code "*l"}
     * @return the data, one char per byte
     * @throws ReceiveException {@code "timeout"}, {@code "closed"} or a system error; {@link
     *     ReceiveException#partialString()} is the text this call consumed
     * @throws IllegalArgumentException {@code invalid receive pattern "P"} naming the pattern,
     *     or {@code invalid receive count "N"} for a negative numeric one
     */
    public String receiveString(String pattern) throws ReceiveException {
        return latin1(receive(pattern, NO_PREFIX));
    }

    /**
     * {@link #receive(String, byte[])} with ISO-8859-1 text, one char per byte, not UTF-8, for
     * the prefix and the result.
     *
     * @param pattern {@code "*l"}, {@code "*a"} or a numeric string; null means {@code "*l"}
     * @param prefix text to put before the data, such as {@link
     *     ReceiveException#partialString()}; null means none
     * @return the prefix followed by the data, one char per byte
     * @throws ReceiveException {@code "timeout"}, {@code "closed"} or a system error; {@link
     *     ReceiveException#partialString()} is the prefix and the text this
     *     call consumed
     * @throws IllegalArgumentException {@code invalid receive pattern "P"} or {@code invalid
     *     receive count "N"}, or a char of the prefix
     *     above U+00FF
     */
    public String receiveString(String pattern, String prefix) throws ReceiveException {
        return latin1(receive(pattern, prefix == null ? NO_PREFIX : bytes(prefix)));
    }

    /**
     * {@link #receive(String, byte[], long)} with ISO-8859-1 text, one char per byte, not
     * UTF-8, for the prefix and the result (for a line in a charset with a limit, {@link
     * #receiveString(Charset, long)}).
     *
     * @param pattern {@code "*l"}, {@code "*a"} or a numeric string; null means {@code "*l"}
     * @param prefix text to put before the data; null means none
     * @param maxsize the most chars the result may hold, prefix included
     * @return the prefix followed by the data, one char per byte
     * @throws ReceiveException as {@link #receive(String, byte[], long)}; {@link
     *     ReceiveException#partialString()} is the text this call consumed
     * @throws IllegalArgumentException as {@link #receive(String, byte[], long)}
     */
    public String receiveString(String pattern, String prefix, long maxsize)
            throws ReceiveException {
        return latin1(receive(pattern, prefix == null ? NO_PREFIX : bytes(prefix), maxsize));
    }

    /**
     * {@link #receive(long)} as ISO-8859-1 text, one char per byte, not UTF-8.
     *
     * @param count the number of bytes to receive
     * @return {@code count} chars, one per byte
     * @throws ReceiveException {@code "timeout"}, {@code "closed"} or a system error; {@link
     *     ReceiveException#partialString()} is the text this call consumed
     * @throws IllegalArgumentException {@code invalid receive count N} for a negative count
     */
    public String receiveString(long count) throws ReceiveException {
        return latin1(receive(count, NO_PREFIX));
    }

    /**
     * {@link #receive(long, byte[])} with ISO-8859-1 text, one char per byte, not UTF-8, for the
     * prefix and the result.
     *
     * @param count the length of the result, prefix included
     * @param prefix text to put before the data, such as {@link
     *     ReceiveException#partialString()}; null means none
     * @return the prefix followed by the data, one char per byte
     * @throws ReceiveException {@code "timeout"}, {@code "closed"} or a system error; {@link
     *     ReceiveException#partialString()} is the prefix and the text this
     *     call consumed
     * @throws IllegalArgumentException {@code invalid receive count N} for a negative count, or
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
     * string.sub}). When {@code i > j} nothing is sent, there is no I/O, and the result is {@code
     * i - 1}. To a peer that has closed, the first 8192 bytes are taken and the rest fails
     * {@code "closed"}, as in C LuaSocket; otherwise a message goes out in one write where it
     * can, and none is left for Nagle's algorithm to hold back.
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
     * {@code send(text)} in ISO-8859-1, one byte per char, not UTF-8: every char must be below
     * 256 (for text in a charset, {@link #send(String, Charset)}).
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
     * {@code send(text, i)} in ISO-8859-1, one byte per char, not UTF-8: from char {@code i} to
     * the end.
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
     * {@code send(text, i, j)} in ISO-8859-1, one byte per char, not UTF-8; see {@link
     * #send(byte[], long, long)}.
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

    /**
     * Sends {@code text} encoded in {@code charset} (a Java addition); chars the charset cannot
     * encode are refused before any I/O. Indices count bytes of the encoded text: after a
     * failure, {@code send(text.getBytes(charset), e.lastIndex() + 1)} resumes.
     *
     * @param text the text
     * @param charset its charset, such as {@code StandardCharsets.UTF_8}
     * @return the index of the last byte sent: the encoded length
     * @throws SendException as {@link #send(byte[], long, long)}
     * @throws IllegalArgumentException a char (or a lone surrogate) the charset cannot encode
     */
    public long send(String text, Charset charset) throws SendException {
        if (text == null) {
            throw new IllegalArgumentException("string expected, got no value");
        }
        return send(Text.encode(text, charset), 1, -1);
    }

    // ---- streams -------------------------------------------------------------------------------

    /**
     * This client as an {@link InputStream} (a Java addition), the same object at every call.
     * Its reads go through the receive buffer under the client's timeouts and deadline: {@code
     * read(b, off, len)} returns whatever has arrived, as {@link #receiveSome} does, and -1 at
     * the peer's clean end of stream (or after {@code shutdown("receive")}).
     *
     * <ul>
     *   <li>A timeout is a {@link java.net.SocketTimeoutException} (its cause is the {@link
     *       ReceiveException}) that loses nothing: a single read consumes nothing when it fails,
     *       and the bytes that {@code readNBytes}, {@code readAllBytes} or {@code skip} took
     *       before a failure are kept by the stream and returned first by its next read.
     *       Wrappers above it may still drop what they took ({@link java.io.BufferedReader}
     *       does, see the README); {@link #receiveString(Charset)} does not.
     *   <li>Other failures are {@link TcpException}s: {@code "closed"} for a reset, or once the
     *       client is closed (after the bytes still buffered).
     *   <li>{@code close()} shuts the receiving direction down ({@code shutdown("receive")}) and
     *       makes later reads of this stream fail {@code "closed"}; the socket stays open for
     *       sending until the client is closed. ({@link java.net.Socket}'s streams close the
     *       socket instead.)
     *   <li>Bytes held back by the stream after a failure are not seen by the client's own
     *       receive methods: after such a failure, go on reading through the stream.
     * </ul>
     *
     * @return the client's input stream
     */
    public InputStream inputStream() {
        expect(SocketCore.Role.CLIENT);
        return views.inputStream();
    }

    /**
     * This client as an {@link OutputStream} (a Java addition), the same object at every call.
     * A write is a {@code send} of the given bytes under the client's timeouts and deadline;
     * nothing is buffered, so {@code flush()} has nothing to do.
     *
     * <ul>
     *   <li>A timeout is a {@link java.net.SocketTimeoutException} whose {@link
     *       java.io.InterruptedIOException#bytesTransferred bytesTransferred} counts the bytes
     *       of that write the kernel accepted (its cause is the {@link SendException}): {@code
     *       write(b, off + n, len - n)} resumes without losing or repeating a byte.
     *   <li>Other failures are the {@link SendException} itself; its last index is 1-based in
     *       the array given to {@code write}.
     *   <li>{@code close()} shuts the sending direction down ({@code shutdown("send")}): the
     *       peer reads the end of the stream after the data, and the socket stays open for
     *       receiving until the client is closed. So closing a {@link
     *       java.util.zip.GZIPOutputStream} over it ends the peer's stream.
     * </ul>
     *
     * @return the client's output stream
     */
    public OutputStream outputStream() {
        expect(SocketCore.Role.CLIENT);
        return views.outputStream();
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

    /** A count given as a numeric string; it must be 0 or more (NaN is not). */
    private static long checkedCount(double count, String pattern) {
        if (!(count >= 0)) {
            throw invalidCount(Shown.quoted(pattern));
        }
        return (long) count;
    }

    /**
     * LuaSocket's {@code invalid receive pattern}, followed by the pattern, so that the message
     * names the value.
     */
    private static IllegalArgumentException invalidPattern(String pattern) {
        return new IllegalArgumentException("invalid receive pattern " + Shown.quoted(pattern)
                + " (\"*l\", \"*a\" or a count)");
    }

    /**
     * A negative count, which LuaSocket also calls an {@code invalid receive pattern}: here it is
     * named for what it is.
     */
    private static IllegalArgumentException invalidCount(String count) {
        return new IllegalArgumentException("invalid receive count " + count
                + " (a count is 0 or more)");
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** ISO-8859-1 bytes, refusing chars that are not bytes rather than replacing them with '?'. */
    static byte[] bytes(String text) {
        // The JDK's encoder copies a Latin-1 string in bulk; it writes '?' for a char above
        // U+00FF (one '?' for a surrogate pair, so the length shows those), so only a '?' needs
        // a second look.
        byte[] encoded = text.getBytes(StandardCharsets.ISO_8859_1);
        if (encoded.length == text.length()) {
            boolean exact = true;
            for (int i = 0; i < encoded.length && exact; i++) {
                exact = encoded[i] != '?' || text.charAt(i) == '?';
            }
            if (exact) {
                return encoded;
            }
        }
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
