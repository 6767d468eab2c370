package io.loomsocket.internal.socket;

import java.io.IOException;
import java.net.SocketOption;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Options of a listening socket that a JDK {@link ServerSocketChannel} cannot hold (keepalive,
 * nodelay, linger, keepalive timing, send buffer). The kernel would keep them on the listener and
 * copy them to each accepted socket; here they are kept in this map and applied to each accepted
 * channel. Options the user set on the master before listening are carried over the same way.
 */
final class ServerOptions {
    /** The value each option would read on the listener, captured from the bound master. */
    private final Map<SocketOption<?>, Object> values = new ConcurrentHashMap<>();
    /** The options the user set, which accepted channels must be given. */
    private final Map<SocketOption<?>, Object> set = new ConcurrentHashMap<>();

    /** Records a successful setoption on this object while it is a master or a server. */
    void recordSet(SocketOption<?> option, Object value) {
        set.put(option, value);
        values.put(option, value);
    }

    /** Reads the current values from the master's socket just before it starts listening. */
    void capture(SocketChannel master) {
        for (SocketOption<?> option : master.supportedOptions()) {
            try {
                Object value = master.getOption(option);
                if (value != null) {
                    values.put(option, value);
                }
            } catch (IOException | RuntimeException ignored) {
                // Not readable on this socket: getoption will say "getsockopt failed".
            }
        }
    }

    /** Gives the listener the options it can hold. */
    void applyToListener(ServerSocketChannel listener) throws IOException {
        for (Map.Entry<SocketOption<?>, Object> entry : set.entrySet()) {
            if (listener.supportedOptions().contains(entry.getKey())) {
                setOption(listener, entry.getKey(), entry.getValue());
            }
        }
    }

    /** Gives an accepted socket what it would have inherited from a kernel listener. */
    void applyToAccepted(SocketChannel accepted) throws IOException {
        for (Map.Entry<SocketOption<?>, Object> entry : set.entrySet()) {
            if (accepted.supportedOptions().contains(entry.getKey())) {
                setOption(accepted, entry.getKey(), entry.getValue());
            }
        }
    }

    /** The value kept for an option a listener cannot hold, or null. */
    Object value(SocketOption<?> option) {
        return values.get(option);
    }

    @SuppressWarnings("unchecked")
    static <T> void setOption(java.nio.channels.NetworkChannel channel, SocketOption<T> option,
            Object value) throws IOException {
        channel.setOption(option, (T) value);
    }
}
