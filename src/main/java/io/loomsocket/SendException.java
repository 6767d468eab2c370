package io.loomsocket;

/**
 * A failed {@code send}: LuaSocket's {@code nil, err, last}. {@link #lastIndex()} is the 1-based
 * index of the last byte the kernel accepted; {@code send(data, lastIndex() + 1)} resumes without
 * losing or repeating a byte.
 */
public final class SendException extends TcpException {
    private static final long serialVersionUID = 1L;

    /** The 1-based index of the last byte sent. */
    private final long lastIndex;

    /**
     * A failed send with how far it got.
     *
     * @param kind what went wrong
     * @param message LuaSocket's text for it
     * @param lastIndex the 1-based index of the last byte sent
     * @throws NullPointerException naming the parameter, if {@code kind} or {@code message} is
     *     null
     */
    public SendException(Kind kind, String message, long lastIndex) {
        super(kind, message);
        this.lastIndex = lastIndex;
    }

    @Override
    String done() {
        return "last index sent " + lastIndex;
    }

    /**
     * LuaSocket's third result: {@code send(data, lastIndex() + 1)} resumes.
     *
     * @return the 1-based index of the last byte sent (the byte before the range when none was)
     */
    public long lastIndex() {
        return lastIndex;
    }
}
