package io.loomsocket.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loomsocket.Selected;
import io.loomsocket.Tcp;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code Tcp.select} on a TLS client: a wait for readability takes in what arrived through TLS,
 * so the next receive gets plaintext, not the records' ciphertext.
 */
@Timeout(30)
class TlsSelectTest {
    @Test
    void aSelectForReadingLeavesTheRecordsToTls() throws Exception {
        try (TlsPair tls = TlsPair.open()) {
            tls.server().send("hello\n");
            Selected ready = Tcp.select(List.of(tls.client()), null, Duration.ofSeconds(5));
            assertEquals(List.of(tls.client()), ready.readable());
            assertEquals("hello", tls.client().receiveString("*l"));
            tls.server().send("again\n");
            assertEquals(List.of(tls.client()),
                    Tcp.select(List.of(tls.client()), null, Duration.ofSeconds(5)).readable());
            assertEquals("again", tls.client().receiveString("*l"));
        }
    }
}
