package io.loomsocket.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.loomsocket.SendException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * The end of a TLS close that the peer has not answered: the closed side keeps its descriptor
 * open, reading and dropping what comes, until {@code closeTimeout} has passed, and then lets
 * it go. Seen from the peer, which does not read: its sends go through while the other side
 * still reads, and once the descriptor is closed the first send draws a reset, so a later one
 * fails.
 */
@Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class TlsCloseLingerTest {
    @Test
    void theDescriptorIsLetGoOnceTheCloseTimeoutHasPassed() throws Exception {
        try (TlsPair pair = TlsPair.open(TlsPair.clientConfig()
                .closeTimeout(Duration.ofMillis(300)), TlsPair.serverConfig())) {
            pair.client().close(); // the server never reads its close_notify: no answer
            Thread.sleep(1500);
            pair.server().send("x"); // the kernel takes it; the closed socket answers a reset
            Thread.sleep(300);
            SendException failure = assertThrows(SendException.class,
                    () -> pair.server().send("y"));
            assertEquals(0, failure.lastIndex(), failure.toString());
        }
    }

    @Test
    void beforeTheCloseTimeoutTheClosedSideStillReads() throws Exception {
        try (TlsPair pair = TlsPair.open(TlsPair.clientConfig()
                .closeTimeout(Duration.ofSeconds(30)), TlsPair.serverConfig())) {
            pair.client().close();
            Thread.sleep(1500);
            assertEquals(1, pair.server().send("x"));
            Thread.sleep(300);
            assertEquals(1, pair.server().send("y")); // read and dropped, no reset
        } // the server's close answers: the client's linger ends there
    }
}
