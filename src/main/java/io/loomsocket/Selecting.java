package io.loomsocket;

import io.loomsocket.internal.engine.IoFailure;
import io.loomsocket.internal.engine.Timeout;
import io.loomsocket.internal.socket.Readiness;
import io.loomsocket.internal.socket.SocketCore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link Tcp#select}: every socket is asked whether it is ready now (its buffer, then the
 * kernel, without waiting); if none is and the timeout allows, the calling thread waits for all
 * of them at once through their own wait slots ({@link Readiness#awaitAny}: no descriptor, no
 * thread per socket), then asks again, until one is ready or the time is up. A close from
 * another thread ends the wait as it ends a receive's.
 */
final class Selecting {
    private Selecting() {}

    static Selected select(Collection<? extends TcpSocket> readers, Collection<? extends TcpSocket> writers,
            double seconds) throws TcpException {
        if (Double.isNaN(seconds)) {
            throw new IllegalArgumentException("timeout is NaN");
        }
        List<TcpSocket> reading = open(readers);
        List<TcpSocket> writing = open(writers);
        if (reading.isEmpty() && writing.isEmpty() && seconds < 0) {
            throw new IllegalArgumentException("nothing to wait for, and no timeout");
        }
        Timeout limit = new Timeout();
        limit.setTotalSeconds(seconds);
        Timeout.Clock clock = limit.start();
        List<SocketCore> readerCores = cores(reading);
        List<SocketCore> writerCores = cores(writing);
        try {
            Selected found = readyNow(reading, writing);
            while (found.timedOut() && Readiness.awaitAny(readerCores, writerCores, clock)) {
                found = readyNow(reading, writing); // woken: one may be ready, or was closed
            }
            return found;
        } catch (IoFailure failure) {
            throw new TcpException(failure.kind(), failure.getMessage());
        }
    }

    /**
     * The sockets ready now, asked without waiting: buffered data first, as LuaSocket's. A socket
     * open when the call began and closed since (by another thread) is ready: a receive or send
     * on it fails at once.
     */
    private static Selected readyNow(List<TcpSocket> reading, List<TcpSocket> writing)
            throws IoFailure {
        List<TcpSocket> readable = new ArrayList<>();
        List<TcpSocket> writable = new ArrayList<>();
        for (TcpSocket socket : reading) {
            if (socket.dirty()) {
                readable.add(socket);
            }
        }
        for (TcpSocket socket : reading) {
            if (!readable.contains(socket) && (socket.core.isClosed()
                    || Readiness.readable(socket.core, Timeout.Clock.immediate()))) {
                readable.add(socket);
            }
        }
        for (TcpSocket socket : writing) {
            if (socket.core.isClosed()
                    || Readiness.writable(socket.core, Timeout.Clock.immediate())) {
                writable.add(socket);
            }
        }
        return new Selected(readable, writable);
    }

    private static List<SocketCore> cores(List<TcpSocket> sockets) {
        List<SocketCore> cores = new ArrayList<>(sockets.size());
        for (TcpSocket socket : sockets) {
            cores.add(socket.core);
        }
        return cores;
    }

    /** The sockets that have one (each once, in the order given), closed ones left out. */
    private static List<TcpSocket> open(Collection<? extends TcpSocket> sockets) {
        if (sockets == null) {
            return List.of();
        }
        Set<TcpSocket> distinct = new LinkedHashSet<>();
        for (TcpSocket socket : sockets) {
            if (socket == null) {
                throw new IllegalArgumentException("a null socket in select's sets");
            }
            if (socket.getfd() >= 0 || socket.dirty()) {
                distinct.add(socket);
            }
        }
        return new ArrayList<>(distinct);
    }
}
