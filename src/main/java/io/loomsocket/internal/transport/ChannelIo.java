package io.loomsocket.internal.transport;

import io.loomsocket.internal.engine.IoFailure;
import io.loomsocket.internal.engine.ReceiveBuffer;
import io.loomsocket.internal.engine.Timeout;
import io.loomsocket.internal.engine.Transport;
import io.loomsocket.internal.net.ErrorText;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The transport over a real socket: a non-blocking {@link SocketChannel}, each read or write
 * tried on the caller's thread, and a wait through the {@link Poller} only when the kernel says
 * it would block. That is LuaSocket's own loop (try, then poll, then retry), and it is what lets a
 * send stop at its timeout with an exact count while the socket stays usable.
 */
public final class ChannelIo implements Transport {
    /** The socket's channel now: connect, listen and close replace it. */
    private final Supplier<SocketChannel> channel;
    private final SocketWaits waits;
    private final ConnectOutcomes outcomes;
    /** A connect that a read or a write finds unfinished. */
    private final PendingConnect pendingConnect;
    /** Set by shutdown("receive") or shutdown("both"); see {@link #shutInputEmulated}. */
    private volatile boolean inputShutdown;

    /**
     * Held across each read syscall and across {@link #shutInputKeepingQueued}, so that bytes
     * come out in the order they arrived whichever of the two took them from the kernel.
     */
    private final ReentrantLock readLock = new ReentrantLock();
    /** What the kernel had queued when the input was shut down for good; read before all else. */
    private final ArrayDeque<ByteBuffer> queued = new ArrayDeque<>(); // need readLock
    /** True while {@link #queued} holds bytes: the fast path reads it without the lock. */
    private volatile boolean hasQueued;
    /** A reset the kernel holds for a read or a send the JDK no longer makes. */
    private final PendingReset pendingReset = new PendingReset(); // need readLock
    /**
     * Set when {@link #peerMayHaveClosed} took the connection's error, as the send's write
     * would have: the kernel's reads say end of stream after that, where the JDK, having seen
     * the reset, would say reset again.
     */
    private volatile boolean errorTakenBySend;

    /**
     * Held while TCP_NODELAY is set and while {@link #flushHeld} toggles it, so that a flush
     * never turns off a TCP_NODELAY that a setoption on another thread has just turned on.
     */
    private final ReentrantLock noDelayLock = new ReentrantLock();
    /** The channel whose TCP_NODELAY {@link #nagle} describes, or null when unknown. */
    private SocketChannel nagleKnownFor; // need noDelayLock
    /** Whether Nagle's algorithm is on (TCP_NODELAY off) for {@link #nagleKnownFor}. */
    private boolean nagle; // need noDelayLock

    public ChannelIo(Supplier<SocketChannel> channel, SocketWaits waits,
            ConnectOutcomes outcomes) {
        this.channel = channel;
        this.waits = waits;
        this.outcomes = outcomes;
        this.pendingConnect = new PendingConnect(channel, waits, outcomes);
    }

    /**
     * Waits, under {@code clock}, until the connect of {@code pending} has an outcome: the one
     * way to wait for a connect, so that a connect, a send and a receive that all wait for it
     * take turns on the socket's writing slot.
     */
    public void awaitConnected(SocketChannel pending, Timeout.Clock clock) throws IoFailure {
        pendingConnect.await(pending, clock);
    }

    /**
     * Linux's SHUT_RD, emulated: from now on a read that finds nothing reports end of stream at
     * once (a receive waiting now wakes to it), while data that arrives later is still read.
     */
    public void shutInputEmulated() {
        inputShutdown = true;
        waits.wakeReader();
    }

    @Override
    public void wakeReader() {
        waits.wakeReader();
    }

    /** Whether {@link #shutInputEmulated} was called. */
    public boolean inputShutdown() {
        return inputShutdown;
    }

    @Override
    public int read(byte[] dst, int off, int len, Timeout.Clock clock) throws IoFailure {
        return Transport.readWaiting(this, dst, off, len, clock);
    }

    @Override
    public int readNow(byte[] dst, int off, int len) throws IoFailure {
        return readNow(ByteBuffer.wrap(dst, off, len), null);
    }

    @Override
    public boolean readsSpilling() {
        return true;
    }

    @Override
    public int readNowSpilling(byte[] dst, int off, int len, byte[] spill, int spillLen)
            throws IoFailure {
        return readNow(ByteBuffer.wrap(dst, off, len), ByteBuffer.wrap(spill, 0, spillLen));
    }

    /** One read into {@code target}, running on into {@code spill} when that is not null. */
    private int readNow(ByteBuffer target, ByteBuffer spill) throws IoFailure {
        SocketChannel channel = this.channel.get();
        if (channel == null) {
            return CLOSED;
        }
        if (channel.isConnectionPending() && !pendingConnect.finishNow(channel)) {
            return 0; // the handshake is not done: awaitReadable waits for it
        }
        int count;
        readLock.lock();
        try {
            // Queued bytes (a send's probe took them) go to the target alone, as one read of
            // its length would give them.
            count = hasQueued ? takeQueued(target)
                    : errorTakenBySend ? -1
                    : spill == null ? channel.read(target)
                    : (int) channel.read(new ByteBuffer[] {target, spill});
            if (count < 0 && pendingReset.mayFail()) {
                pendingReset.atEndOfShutInput();
            }
        } catch (ClosedChannelException e) {
            return CLOSED;
        } catch (NotYetConnectedException e) {
            count = readUnconnected(channel);
        } catch (IOException | RuntimeException e) {
            throw ErrorText.failure(e);
        } finally {
            readLock.unlock();
        }
        if (count != 0) {
            return count < 0 ? CLOSED : count;
        }
        return inputShutdown ? CLOSED : 0; // Linux's SHUT_RD: nothing buffered is end of stream
    }

    @Override
    public void awaitReadable(Timeout.Clock clock) throws IoFailure {
        SocketChannel channel = this.channel.get();
        if (channel == null) {
            return; // the next read reports the close
        }
        if (channel.isConnectionPending()) {
            pendingConnect.await(channel, clock); // a recv polls for the handshake first
        } else {
            waits.awaitReadable(channel, clock);
        }
    }

    /**
     * Waits, under {@code clock}, until the channel may be written (or, still connecting, until
     * its connect has an outcome); it may also return early (a close, a wake), so the caller
     * checks again. For select; a send waits inside {@link #write}.
     */
    public void awaitWritable(Timeout.Clock clock) throws IoFailure {
        SocketChannel channel = this.channel.get();
        if (channel == null) {
            return;
        }
        if (channel.isConnectionPending()) {
            pendingConnect.await(channel, clock);
        } else {
            waits.awaitWritable(channel, clock);
        }
    }

    /**
     * A read of an unconnected channel: the error of a failed connect if the kernel still holds
     * one, end of stream on the socket of a failed connect, ENOTCONN on any other.
     */
    private int readUnconnected(SocketChannel channel) throws IoFailure {
        IoFailure held = outcomes.takeError(channel);
        if (held != null) {
            throw held;
        }
        if (outcomes.readsEndOfStream(channel)) {
            return CLOSED;
        }
        throw new IoFailure(io.loomsocket.TcpException.Kind.OTHER, ErrorText.NOT_CONNECTED);
    }

    /**
     * Shuts the socket's input down in the kernel, keeping what the kernel had queued for the
     * reads to come. Only the kernel's SHUT_RD makes Linux reset the connection when data
     * arrives after both directions are shut down; the JDK's {@code shutdownInput} also turns
     * every later read into end of stream, which would lose the queued bytes, so they are read
     * out first, as one receive after another would have read them.
     */
    public void shutInputKeepingQueued(SocketChannel channel) throws IOException {
        readLock.lock();
        try {
            boolean peerFinished = false;
            // What the kernel holds now (what C would read after its SHUT_RD), and one piece
            // more to see a FIN behind it: a peer that goes on sending cannot keep this going.
            long limit = queuedInKernel(channel) + ReceiveBuffer.SIZE;
            long total = 0;
            while (true) {
                ByteBuffer piece = ByteBuffer.allocate(ReceiveBuffer.SIZE);
                int count;
                try {
                    count = errorTakenBySend ? -1 : channel.read(piece);
                } catch (IOException e) {
                    pendingReset.failedWhileReadingOut(e); // a reset, behind the queued bytes
                    break;
                }
                if (count > 0) {
                    queued.add(piece.flip());
                    total += count;
                }
                peerFinished = count < 0;
                if (count <= 0 || total >= limit) {
                    break; // read on to 0 or -1: end of stream here means no reset can follow
                }
            }
            hasQueued = !queued.isEmpty();
            if (!peerFinished) {
                pendingReset.watch(channel);
            }
            channel.shutdownInput();
        } finally {
            readLock.unlock();
        }
    }

    /** The bytes the kernel holds for reading (FIONREAD), or 0 if it cannot say. */
    private static long queuedInKernel(SocketChannel channel) {
        try {
            return channel.socket().getInputStream().available();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** A send reached the kernel after shutdown("send"): it took any pending reset. */
    private void sentAfterShutOutput() {
        readLock.lock();
        try {
            pendingReset.sendAfterShutOutput();
        } finally {
            readLock.unlock();
        }
    }

    /** Up to {@code target.remaining()} queued bytes, as one kernel read would give them. */
    private int takeQueued(ByteBuffer target) {
        int count = 0;
        while (target.hasRemaining() && !queued.isEmpty()) {
            ByteBuffer piece = queued.peek();
            int n = Math.min(piece.remaining(), target.remaining());
            target.put(target.position(), piece, piece.position(), n);
            target.position(target.position() + n);
            piece.position(piece.position() + n);
            count += n;
            if (!piece.hasRemaining()) {
                queued.poll();
            }
        }
        hasQueued = !queued.isEmpty();
        return count;
    }

    /**
     * Looks, without waiting, for anything the peer has sent: a byte, the end of its stream, or
     * a reset. Nothing at all means the peer has not closed (as far as this end can know), so a
     * send may go out in one write. A byte read here is kept, ahead of everything else, for the
     * receives (a receive that waits is woken for it); a reset is the send's, as it would have
     * been its first write's, and the reads say end of stream after it, as the kernel's do.
     */
    @Override
    public boolean peerMayHaveClosed() throws IoFailure {
        SocketChannel open = channel.get();
        if (open == null || hasQueued || inputShutdown || errorTakenBySend
                || !open.isConnected() || open.isConnectionPending()) {
            return true;
        }
        readLock.lock();
        try {
            if (hasQueued || pendingReset.mayFail()) {
                return true;
            }
            ByteBuffer probe = ByteBuffer.allocate(1);
            int count;
            try {
                count = open.read(probe);
            } catch (ClosedChannelException | RuntimeException e) {
                return true; // closed, shut or disconnected meanwhile: the write says so
            } catch (IOException e) {
                errorTakenBySend = true; // the kernel handed the error to this read
                throw ErrorText.failure(e);
            }
            if (count > 0) {
                // Only the one byte: a second read could take an error that stands behind the
                // data, which the kernel reports once, to the read after them.
                queued.add(probe.flip());
                hasQueued = true;
                waits.wakeReader();
            }
            return count != 0;
        } finally {
            readLock.unlock();
        }
    }

    /**
     * Sets TCP_NODELAY on {@code open}, and remembers it for {@link #flushHeld}: the one way
     * the socket layer sets that option on a connected socket.
     */
    public void setNoDelay(SocketChannel open, boolean on) throws IOException {
        noDelayLock.lock();
        try {
            nagleKnownFor = null;
            open.setOption(StandardSocketOptions.TCP_NODELAY, on);
            nagleKnownFor = open;
            nagle = !on;
        } finally {
            noDelayLock.unlock();
        }
    }

    /**
     * Pushes out what Nagle's algorithm holds back: Linux sends the pending segments when
     * TCP_NODELAY is turned on (do_tcp_setsockopt), and turning it off again leaves the
     * algorithm as it was for the writes to come. Two setsockopt calls, made only when Nagle's
     * algorithm is on; nothing when TCP_NODELAY is set, or when the socket is gone.
     */
    @Override
    public void flushHeld() {
        SocketChannel open = channel.get();
        if (open == null) {
            return;
        }
        noDelayLock.lock();
        try {
            if (nagleKnownFor != open) {
                nagle = !open.getOption(StandardSocketOptions.TCP_NODELAY);
                nagleKnownFor = open;
            }
            if (nagle) {
                open.setOption(StandardSocketOptions.TCP_NODELAY, true);
                open.setOption(StandardSocketOptions.TCP_NODELAY, false);
            }
        } catch (IOException | RuntimeException e) {
            nagleKnownFor = null; // closed meanwhile, or not a TCP socket: nothing to push
        } finally {
            noDelayLock.unlock();
        }
    }

    @Override
    public int write(byte[] src, int off, int len, Timeout.Clock clock) throws IoFailure {
        ByteBuffer source = ByteBuffer.wrap(src, off, len);
        while (true) {
            SocketChannel channel = this.channel.get();
            if (channel == null) {
                throw IoFailure.closed();
            }
            if (channel.isConnectionPending()) {
                pendingConnect.finish(channel, clock);
                continue;
            }
            int count;
            try {
                count = channel.write(source);
            } catch (ClosedChannelException e) {
                if (channel.isOpen()) {
                    sentAfterShutOutput(); // the JDK's AsynchronousCloseException after EPIPE
                }
                throw IoFailure.closed();
            } catch (NotYetConnectedException e) {
                // EPIPE, unless the kernel still holds the error of a failed connect.
                IoFailure held = outcomes.takeError(channel);
                throw held != null ? held : IoFailure.closed();
            } catch (IOException | RuntimeException e) {
                throw ErrorText.failure(e);
            }
            if (count > 0) {
                return count;
            }
            waits.awaitWritable(channel, clock);
        }
    }
}
