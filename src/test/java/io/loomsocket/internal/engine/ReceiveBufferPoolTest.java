package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.ReceiveException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A receive buffer holds its array only while it holds bytes: it gives it back before waiting
 * for data, so an idle connection costs no 8 KiB, and it never gives back unread bytes.
 */
class ReceiveBufferPoolTest {
    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aReceiveThatWaitsForDataHoldsNoArrayWhileItWaits() throws Exception {
        ReceiveBuffer buffer = new ReceiveBuffer(new Counters());
        boolean[] heldDuringWait = {true};
        Transport waiting = new Transport() {
            private int reads;

            @Override
            public int read(byte[] dst, int off, int len, Timeout.Clock clock) {
                throw new AssertionError("the engine reads without waiting, then waits");
            }

            @Override
            public int readNow(byte[] dst, int off, int len) {
                if (reads++ == 0) {
                    return 0;
                }
                System.arraycopy(bytes("line\n"), 0, dst, off, 5);
                return 5;
            }

            @Override
            public void awaitReadable(Timeout.Clock clock) {
                heldDuringWait[0] = buffer.holdsArray();
            }

            @Override
            public int write(byte[] src, int off, int len, Timeout.Clock clock) {
                throw new AssertionError();
            }
        };
        assertArrayEquals(bytes("line"),
                buffer.receiveLine(new byte[0], waiting, Timeout.Clock.unlimited()));
        assertFalse(heldDuringWait[0], "the empty buffer's array was held while waiting");
    }

    @Test
    void aTimedOutReceiveLeavesNoArrayButUnreadBytesKeepTheirs() throws Exception {
        ReceiveBuffer buffer = new ReceiveBuffer(new Counters());
        ScriptedTransport peer = ScriptedTransport.of(bytes("ab\ncd")).cutInto(5)
                .endingWith(ScriptedTransport.Ending.TIMEOUT);
        assertArrayEquals(bytes("ab"), buffer.receiveLine(new byte[0], peer, Timeout.Clock.unlimited()));
        assertTrue(buffer.holdsArray(), "\"cd\" is unread");
        assertTrue(buffer.dirty());
        ReceiveException timeout = assertThrows(ReceiveException.class,
                () -> buffer.receiveLine(new byte[0], peer, Timeout.Clock.unlimited()));
        assertEquals("timeout", timeout.getMessage());
        assertArrayEquals(bytes("cd"), timeout.partial());
        assertFalse(buffer.holdsArray(), "an empty buffer that waited keeps no array");
    }

    /**
     * On a pool of its own: the array a buffer held goes back when it waits (here: times out),
     * and is the one the next fill takes; a buffer that did not wait keeps its array and takes
     * no other.
     */
    @Test
    void theArrayGoesBackToThePoolWhenTheBufferWaits() throws Exception {
        BufferPool pool = new BufferPool(4);
        byte[] pooled = new byte[ReceiveBuffer.SIZE];
        pool.give(pooled);
        ReceiveBuffer buffer = new ReceiveBuffer(new Counters(), pool);
        ScriptedTransport peer = ScriptedTransport.of(bytes("a\nb\nc\n")).cutInto(2)
                .endingWith(ScriptedTransport.Ending.TIMEOUT).timeoutAt(4);
        assertArrayEquals(bytes("a"), buffer.receiveLine(new byte[0], peer, Timeout.Clock.unlimited()));
        assertArrayEquals(bytes("b"), buffer.receiveLine(new byte[0], peer, Timeout.Clock.unlimited()),
                "a second fill, with no wait before it");
        assertTrue(buffer.holdsArray());
        assertThrows(ReceiveException.class,
                () -> buffer.receiveLine(new byte[0], peer, Timeout.Clock.unlimited()));
        assertFalse(buffer.holdsArray());
        assertTrue(pooled == pool.take(), "the array it took first, given back once it waited");
        assertTrue(pooled != pool.take(), "and only once");
        pool.give(pooled);
        assertArrayEquals(bytes("c"), buffer.receiveLine(new byte[0], peer, Timeout.Clock.unlimited()));
        assertTrue(pooled != pool.take(), "the fill took it again");
    }
}
