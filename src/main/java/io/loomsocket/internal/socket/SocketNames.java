package io.loomsocket.internal.socket;

import io.loomsocket.Address;
import io.loomsocket.TcpException.Kind;
import io.loomsocket.TcpException;
import io.loomsocket.internal.net.AddressText;
import io.loomsocket.internal.net.ErrorText;
import io.loomsocket.internal.net.Resolver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;

/** getsockname and getpeername: the kernel's address, with the family the object stores. */
final class SocketNames {
    private SocketNames() {}

    /** {@code getsockname()}. */
    static Address local(SocketCore core) throws TcpException {
        settle(core);
        NetworkChannel open = core.liveChannel();
        if (open == null) {
            throw new TcpException(Kind.OTHER, ErrorText.BAD_DESCRIPTOR);
        }
        try {
            InetSocketAddress local = (InetSocketAddress) open.getLocalAddress();
            if (local == null) {
                local = new InetSocketAddress(Resolver.wildcard(core.channelFamily), 0);
            }
            return address(core, local);
        } catch (IOException e) {
            throw SocketCore.exception(ErrorText.failure(e));
        }
    }

    /** {@code getpeername()}. */
    static Address remote(SocketCore core) throws TcpException {
        settle(core);
        NetworkChannel open = core.liveChannel();
        if (open == null) {
            throw new TcpException(Kind.OTHER, ErrorText.BAD_DESCRIPTOR);
        }
        if (open instanceof SocketChannel client && client.isConnectionPending()) {
            // The JDK knows the address it connects to; the kernel names no peer before the
            // handshake is done.
            throw new TcpException(Kind.OTHER, ErrorText.NOT_CONNECTED);
        }
        try {
            InetSocketAddress remote = open instanceof SocketChannel client
                    ? (InetSocketAddress) client.getRemoteAddress() : null;
            if (remote == null) {
                throw new TcpException(Kind.OTHER, ErrorText.NOT_CONNECTED);
            }
            return address(core, remote);
        } catch (ClosedChannelException e) {
            throw new TcpException(Kind.OTHER, ErrorText.BAD_DESCRIPTOR);
        } catch (IOException e) {
            throw SocketCore.exception(ErrorText.failure(e));
        }
    }

    /**
     * A connect the kernel finished on its own (after a timeout) has the names of a connected
     * socket, which the JDK reports only once asked to finish it.
     */
    private static void settle(SocketCore core) {
        SocketChannel open = core.channel;
        if (open != null && open.isConnectionPending()) {
            core.unfinished.settleNow(open);
        }
    }

    private static Address address(SocketCore core, InetSocketAddress socketAddress) {
        return new Address(AddressText.of(socketAddress.getAddress()), socketAddress.getPort(),
                core.family.text());
    }
}
