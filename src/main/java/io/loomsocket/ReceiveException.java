package io.loomsocket;

import java.nio.charset.StandardCharsets;

/**
 * A failed {@code receive}: LuaSocket's {@code nil, err, partial}. The partial is the prefix plus
 * every byte this call consumed; those bytes are gone from the buffer, so pass them back as the
 * prefix to continue without losing any.
 */
public final class ReceiveException extends TcpException {
    private static final long serialVersionUID = 1L;

    /** The prefix and the bytes consumed before the failure. */
    private final byte[] partial;

    /**
     * A failed receive with what it had consumed.
     *
     * @param kind what went wrong
     * @param message LuaSocket's text for it
     * @param partial the prefix and the bytes consumed before the failure (not copied)
     * @throws NullPointerException naming the parameter, if any is null
     */
    public ReceiveException(Kind kind, String message, byte[] partial) {
        super(kind, message);
        if (partial == null) {
            throw new NullPointerException("partial");
        }
        this.partial = partial;
    }

    /**
     * A {@code "closed"} failure: the peer ended the stream, or the object is closed.
     *
     * @param partial the prefix and the bytes consumed before the failure (not copied)
     * @return the failure, of kind {@link TcpException.Kind#CLOSED}
     * @throws NullPointerException {@code "partial"} if null
     */
    public static ReceiveException closed(byte[] partial) {
        return new ReceiveException(Kind.CLOSED, "closed", partial);
    }

    /**
     * The partial: LuaSocket's third result.
     *
     * @return the prefix and the bytes consumed before the failure; a fresh copy each call
     */
    public byte[] partial() {
        return partial.clone();
    }

    /** The partial itself, not copied: for a receive that goes on from it. */
    byte[] partialBytes() {
        return partial;
    }

    /**
     * The partial as text, for the {@code String} forms of receive.
     *
     * @return the partial as ISO-8859-1 text: one char per byte, lossless for every byte value
     */
    public String partialString() {
        return new String(partial, StandardCharsets.ISO_8859_1);
    }

    @Override
    String done() {
        return partial.length == 0 ? null : partial.length + " bytes received before (the partial)";
    }

    /**
     * The partial's length, without copying it.
     *
     * @return the number of bytes in the partial
     */
    public int partialLength() {
        return partial.length;
    }
}
