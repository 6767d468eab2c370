package io.loomsocket.differential;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The test's own ports cannot be handed to a listener on the other loopback, and a connect to
 * the refusing port on ::1 is still refused.
 */
class HeldPortTest {
    @Test
    void noListenerOnIpv6LoopbackGetsAHeldPortsNumber() throws IOException {
        InetAddress v6 = ipv6Loopback();
        for (int i = 0; i < 20; i++) {
            try (HeldPort busy = HeldPort.listening(); HeldPort refusing = HeldPort.refusing()) {
                for (int port : new int[] {busy.port(), refusing.port()}) {
                    try (ServerSocket other = new ServerSocket()) {
                        assertThrows(BindException.class,
                                () -> other.bind(new InetSocketAddress(v6, port)));
                    }
                }
                try (Socket client = new Socket()) {
                    assertThrows(ConnectException.class,
                            () -> client.connect(new InetSocketAddress(v6, refusing.port()), 2000));
                }
            }
        }
    }

    private static InetAddress ipv6Loopback() {
        InetAddress v6 = HeldPort.ipv6LoopbackOrNull();
        Assumptions.assumeTrue(v6 != null, "no IPv6 loopback here");
        return v6;
    }
}
