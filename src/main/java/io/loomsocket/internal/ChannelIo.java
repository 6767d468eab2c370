package io.loomsocket.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * The transport over a real socket: a non-blocking {@link SocketChannel}, each read or write
 * tried on the caller's thread, and a wait through the {@link Poller} only when the kernel says
 * it would block. That is LuaSocket's own loop (try, then poll, then retry), and it is what lets a
 * send stop at its timeout with an exact count while the socket stays usable.
 */
final class ChannelIo implements Transport {
    private final SocketCore core;

    ChannelIo(SocketCore core) {
        this.core = core;
    }

    @Override
    public int read(byte[] dst, int off, int len, Timeout.Clock clock) throws IoFailure {
        ByteBuffer target = ByteBuffer.wrap(dst, off, len);
        while (true) {
            SocketChannel channel = core.channel;
            if (channel == null) {
                return CLOSED;
            }
            int count;
            try {
                count = channel.read(target);
            } catch (ClosedChannelException e) {
                return CLOSED;
            } catch (NotYetConnectedException e) {
                throw new IoFailure(io.loomsocket.TcpException.Kind.OTHER, ErrorText.NOT_CONNECTED);
            } catch (IOException | RuntimeException e) {
                throw ErrorText.failure(e);
            }
            if (count != 0) {
                return count < 0 ? CLOSED : count;
            }
            if (core.inputShutdown) {
                return CLOSED; // Linux's SHUT_RD: nothing buffered reads as end of stream
            }
            awaitReady(core.slots[0], channel, SelectionKey.OP_READ, clock);
        }
    }

    @Override
    public int write(byte[] src, int off, int len, Timeout.Clock clock) throws IoFailure {
        ByteBuffer source = ByteBuffer.wrap(src, off, len);
        while (true) {
            SocketChannel channel = core.channel;
            if (channel == null) {
                throw IoFailure.closed();
            }
            int count;
            try {
                count = channel.write(source);
            } catch (ClosedChannelException | NotYetConnectedException e) {
                throw IoFailure.closed();
            } catch (IOException | RuntimeException e) {
                throw ErrorText.failure(e);
            }
            if (count > 0) {
                return count;
            }
            awaitReady(core.slots[1], channel, SelectionKey.OP_WRITE, clock);
        }
    }

    /**
     * Waits as LuaSocket's {@code socket_waitfd} does: not at all when the block timeout is 0,
     * otherwise for the time the timeout table allows; an expired wait is a timeout.
     */
    static void awaitReady(WaitSlot slot, SelectableChannel channel, int operation,
            Timeout.Clock clock) throws IoFailure {
        if (clock.neverWaits()) {
            throw IoFailure.timeout();
        }
        long nanos = clock.waitNanos();
        if (nanos == 0 || !Waiting.await(slot, channel, operation, nanos)) {
            throw IoFailure.timeout();
        }
    }
}
