package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.TcpException;
import org.junit.jupiter.api.Test;

/** What a transport and a failure say when nothing overrides the defaults. */
class TransportDefaultsTest {
    @Test
    void aTransportThatCannotTellSaysThePeerMayHaveClosed() throws IoFailure {
        Transport plain = new Transport() {
            @Override
            public int read(byte[] dst, int off, int len, Timeout.Clock clock) {
                return CLOSED;
            }

            @Override
            public int write(byte[] src, int off, int len, Timeout.Clock clock) {
                return len;
            }
        };
        assertTrue(plain.peerMayHaveClosed(), "without a way to know, LuaSocket's step is kept");
    }

    @Test
    void aFailureKeepsTheSystemTextItWasGiven() {
        assertEquals("Broken pipe",
                new IoFailure(TcpException.Kind.CLOSED, "closed", "Broken pipe").systemText());
        assertNull(new IoFailure(TcpException.Kind.CLOSED, "closed").systemText());
    }
}
