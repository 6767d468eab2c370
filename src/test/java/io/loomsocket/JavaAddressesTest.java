package io.loomsocket;

import static io.loomsocket.LoopbackSupport.V4;
import static io.loomsocket.LoopbackSupport.V6;
import static io.loomsocket.LoopbackSupport.raises;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code Address.toInetSocketAddress()}, {@code toString()} with addresses, family names. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class JavaAddressesTest {

    @Test
    void namesConvertToTheJdksAddressesOfTheSameConnection() throws Exception {
        try (Peer peer = Peer.connected()) {
            assertEquals(peer.socket.getRemoteSocketAddress(),
                    peer.client.getsockname().toInetSocketAddress());
            assertEquals(peer.socket.getLocalSocketAddress(),
                    peer.client.getpeername().toInetSocketAddress());
        }
    }

    @Test
    void ipv6NamesConvertToo() throws Exception {
        LoopbackSupport.assumeIpv6();
        try (Peer peer = Peer.connected(V6)) {
            InetSocketAddress local = peer.client.getsockname().toInetSocketAddress();
            assertEquals(InetAddress.getByName(V6), local.getAddress());
            assertEquals(peer.socket.getPort(), local.getPort());
        }
    }

    @Test
    void onlyNumericAddressesConvertSoNothingIsLookedUp() {
        raises(IllegalArgumentException.class, "not a numeric address: localhost",
                () -> new Address("localhost", 80, "inet").toInetSocketAddress());
        // "1.2.3" would parse as 1.2.0.3: refused before any parse; nothing is connected to.
        raises(IllegalArgumentException.class, "not a numeric address: 1.2.3",
                () -> new Address("1.2.3", 80, "inet").toInetSocketAddress());
        assertEquals(new InetSocketAddress(InetAddress.getLoopbackAddress(), 80),
                new Address("127.0.0.1", 80, "inet").toInetSocketAddress());
    }

    @Test
    void toStringShowsTheClassAndTheAddressesAndNeverThrows() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0); TcpMaster any = Tcp.tcp();
                TcpMaster v4 = Tcp.tcp4()) {
            int port = server.getsockname().port();
            assertEquals("tcp{server}[local=127.0.0.1:" + port + "]", server.toString());
            assertEquals("tcp{master}[no socket]", any.toString());
            assertEquals("tcp{master}[local=0.0.0.0:0]", v4.toString());
            TcpClient client = v4.connect(V4, port);
            int local = client.getsockname().port();
            assertEquals("tcp{client}[local=127.0.0.1:" + local + ", peer=127.0.0.1:" + port + "]",
                    client.toString());
            try (TcpClient accepted = server.accept()) {
                assertEquals("tcp{client}[local=127.0.0.1:" + port + ", peer=127.0.0.1:" + local
                        + "]", accepted.toString());
            }
            client.close();
            assertEquals("tcp{client}[closed]", client.toString());
            assertEquals("tcp{client}[closed]", v4.toString(), "every view: the current class");
            server.close();
            assertEquals("tcp{server}[closed]", server.toString());
        }
    }

    @Test
    void ipv6AddressesAreBracketedInToString() throws Exception {
        LoopbackSupport.assumeIpv6();
        try (TcpServer server = Tcp.bind(V6, 0)) {
            assertEquals("tcp{server}[local=[::1]:" + server.getsockname().port() + "]",
                    server.toString());
        }
    }

    @Test
    void anAddressPrintsAsHostAndPort() throws Exception {
        assertEquals("127.0.0.1:17001", new Address("127.0.0.1", 17001, "inet").toString());
        assertEquals("[::1]:17001", new Address("::1", 17001, "inet6").toString());
        assertEquals("[fe80::1]:80", new Address("fe80::1", 80, "inet6").toString());
        assertEquals("null:0", new Address(null, 0, null).toString(), "never throws");
        try (TcpServer server = Tcp.bind(V4, 0)) {
            assertEquals("127.0.0.1:" + server.getsockname().port(),
                    server.getsockname().toString());
        }
    }

    /**
     * The two family namings are both LuaSocket's (C LuaSocket 3.1 prints {@code inet4} and
     * {@code inet} for the same IPv4 server), and both are kept.
     */
    @Test
    void getfamilyAndGetsocknameNameTheSameFamilyDifferently() throws Exception {
        try (TcpServer server = Tcp.bind(V4, 0)) {
            assertEquals("inet4", server.getfamily());
            assertEquals("inet", server.getsockname().family());
        }
        if (LoopbackSupport.hasIpv6()) {
            try (TcpServer server = Tcp.bind(V6, 0)) {
                assertEquals("inet6", server.getfamily());
                assertEquals("inet6", server.getsockname().family());
            }
        }
    }
}
