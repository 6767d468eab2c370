package io.loomsocket;

import io.loomsocket.internal.engine.IoFailure;
import io.loomsocket.internal.engine.Timeout;
import io.loomsocket.internal.socket.Readiness;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@link Tcp#select}: every socket is first asked whether it is ready now (its buffer, then the
 * kernel, without waiting); if none is and the timeout allows, each socket waits through its own
 * wait slots on a virtual thread of its own, the first to find its socket ready ends the wait,
 * and the others are interrupted and joined before the call returns, so that no wait outlives
 * it. The waits are the sockets' own, so the call costs no descriptor, and a close from another
 * thread ends a wait on that socket as it ends a receive.
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
        List<TcpSocket> readable = new ArrayList<>();
        List<TcpSocket> writable = new ArrayList<>();
        for (TcpSocket socket : reading) {
            if (socket.dirty()) {
                readable.add(socket);
            }
        }
        try {
            for (TcpSocket socket : reading) {
                if (!readable.contains(socket) && Readiness.readable(socket.core, Timeout.Clock.immediate())) {
                    readable.add(socket);
                }
            }
            for (TcpSocket socket : writing) {
                if (Readiness.writable(socket.core, Timeout.Clock.immediate())) {
                    writable.add(socket);
                }
            }
        } catch (IoFailure failure) {
            throw new TcpException(failure.kind(), failure.getMessage());
        }
        if (!readable.isEmpty() || !writable.isEmpty() || seconds == 0
                || (reading.isEmpty() && writing.isEmpty() && seconds < 0)) {
            if (reading.isEmpty() && writing.isEmpty() && seconds < 0) {
                throw new IllegalArgumentException("nothing to wait for, and no timeout");
            }
            return new Selected(readable, writable);
        }
        return awaitAny(reading, writing, seconds);
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

    private static Selected awaitAny(List<TcpSocket> reading, List<TcpSocket> writing, double seconds)
            throws TcpException {
        CountDownLatch first = new CountDownLatch(1);
        Set<TcpSocket> readable = ConcurrentHashMap.newKeySet();
        Set<TcpSocket> writable = ConcurrentHashMap.newKeySet();
        Timeout limit = new Timeout();
        limit.setTotalSeconds(seconds);
        List<Thread> waiters = new ArrayList<>(reading.size() + writing.size());
        for (TcpSocket socket : reading) {
            waiters.add(waiter(socket, true, limit, readable, first));
        }
        for (TcpSocket socket : writing) {
            waiters.add(waiter(socket, false, limit, writable, first));
        }
        boolean interrupted = false;
        try {
            if (seconds < 0) {
                first.await();
            } else {
                first.await((long) Math.min(seconds * 1e9, Long.MAX_VALUE), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        for (Thread waiter : waiters) {
            waiter.interrupt();
        }
        for (Thread waiter : waiters) {
            boolean joined = false;
            while (!joined) {
                try {
                    waiter.join();
                    joined = true;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
            throw new TcpException(TcpException.Kind.INTERRUPTED, "interrupted");
        }
        return new Selected(inOrder(reading, readable), inOrder(writing, writable));
    }

    private static Thread waiter(TcpSocket socket, boolean read, Timeout limit, Set<TcpSocket> ready,
            CountDownLatch first) {
        return Thread.ofVirtual().name("loomsocket-select").start(() -> {
            try {
                Timeout.Clock clock = limit.start();
                boolean found = read ? Readiness.readable(socket.core, clock)
                        : Readiness.writable(socket.core, clock);
                if (found) {
                    ready.add(socket);
                    first.countDown();
                }
            } catch (IoFailure | RuntimeException ignored) {
                // interrupted (the select is over), or a failure the next call on it reports
            }
        });
    }

    private static List<TcpSocket> inOrder(List<TcpSocket> given, Set<TcpSocket> ready) {
        List<TcpSocket> ordered = new ArrayList<>();
        for (TcpSocket socket : given) {
            if (ready.contains(socket)) {
                ordered.add(socket);
            }
        }
        return ordered;
    }
}
