package io.loomsocket;

import java.util.List;

/**
 * What {@link Tcp#select} found: the sockets a receive or an accept would not wait on, and the
 * sockets a send would not wait on (or whose connect has finished). Both are empty when the
 * timeout passed first.
 *
 * @param readable sockets with data (buffered or in the kernel), at the end of their stream or
 *     with an error to report, and servers with a connection to accept; those with buffered data
 *     first
 * @param writable sockets the kernel would take bytes from, and those whose connect has finished
 */
public record Selected(List<TcpSocket> readable, List<TcpSocket> writable) {
    /**
     * Keeps unmodifiable copies.
     *
     * @throws NullPointerException a null list, or a null socket in one
     */
    public Selected {
        readable = List.copyOf(java.util.Objects.requireNonNull(readable, "readable"));
        writable = List.copyOf(java.util.Objects.requireNonNull(writable, "writable"));
    }

    /**
     * Whether nothing was ready within the timeout (LuaSocket's {@code "timeout"}).
     *
     * @return true when both lists are empty
     */
    public boolean timedOut() {
        return readable.isEmpty() && writable.isEmpty();
    }
}
