package io.loomsocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The returned-error types: exact message, kind, carried data, and cheap timeouts. */
class TcpExceptionTest {
    @Test
    void timeoutAndClosedCarryNoStackTrace() {
        assertEquals(0, new TcpException(TcpException.Kind.TIMEOUT, "timeout").getStackTrace().length);
        assertEquals(0, ReceiveException.closed(new byte[0]).getStackTrace().length);
        assertEquals(0, new SendException(TcpException.Kind.TIMEOUT, "timeout", 3).getStackTrace().length);
    }

    @Test
    void otherErrorsKeepTheirStackTrace() {
        TcpException refused = new TcpException(TcpException.Kind.CONNECTION_REFUSED, "connection refused");
        assertTrue(refused.getStackTrace().length > 0);
        assertEquals("connection refused", refused.getMessage());
        assertFalse(refused.isTimeout());
        assertFalse(refused.isClosed());
    }

    @Test
    void receiveExceptionGivesTheBytesAndALosslessString() {
        byte[] partial = {'a', (byte) 0xFF, 0, '\r'};
        ReceiveException e = new ReceiveException(TcpException.Kind.TIMEOUT, "timeout", partial);
        assertTrue(e.isTimeout());
        assertArrayEquals(partial, e.partial());
        assertNotSame(e.partial(), e.partial());
        assertEquals("a\u00ff\u0000\r", e.partialString());
        assertEquals(4, e.partialLength());
    }

    @Test
    void sendExceptionGivesTheLastIndex() {
        SendException e = new SendException(TcpException.Kind.CLOSED, "closed", 8192);
        assertTrue(e.isClosed());
        assertEquals(8192, e.lastIndex());
        assertEquals("closed", e.getMessage());
    }
}
