package io.loomsocket;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Text in a charset for the client's charset forms: checks and strict encoding. */
final class Text {
    private static final byte[] LF = {'\n'};
    private static final byte[] CR = {'\r'};

    private Text() {}

    /**
     * Refuses a charset in which {@code *l} cannot find lines: LuaSocket's line pattern looks for
     * the byte 10 and drops the byte 13, so both must be those single bytes in the charset.
     */
    static void requireLineCharset(Charset charset) {
        if (charset == null) {
            throw new IllegalArgumentException("charset expected, got null");
        }
        if (charset == StandardCharsets.UTF_8 || charset == StandardCharsets.ISO_8859_1
                || charset == StandardCharsets.US_ASCII) {
            return;
        }
        if (!charset.canEncode() || !Arrays.equals(LF, "\n".getBytes(charset))
                || !Arrays.equals(CR, "\r".getBytes(charset))) {
            throw new IllegalArgumentException("charset " + charset.name() + " does not write LF"
                    + " and CR as the bytes 10 and 13, so *l cannot find its lines");
        }
    }

    /** {@code text} in {@code charset}, refusing what the charset cannot encode. */
    static byte[] encode(String text, Charset charset) {
        if (charset == null) {
            throw new IllegalArgumentException("charset expected, got null");
        }
        try {
            ByteBuffer encoded = charset.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            return Arrays.copyOfRange(encoded.array(), encoded.arrayOffset() + encoded.position(),
                    encoded.arrayOffset() + encoded.limit());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(firstUnencodable(text, charset), e);
        } catch (UnsupportedOperationException e) {
            throw new IllegalArgumentException("charset " + charset.name() + " cannot encode", e);
        }
    }

    /** Names the first char (or lone surrogate) of {@code text} the charset cannot encode. */
    private static String firstUnencodable(String text, Charset charset) {
        var encoder = charset.newEncoder();
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int next = i + Character.charCount(codePoint);
            if (!encoder.canEncode(text.subSequence(i, next))) {
                return String.format("U+%04X at index %d cannot be encoded in %s", codePoint, i,
                        charset.name());
            }
            i = next;
        }
        return "the text cannot be encoded in " + charset.name();
    }
}
