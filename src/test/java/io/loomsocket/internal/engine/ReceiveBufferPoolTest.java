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

    @Test
    void buffersComeBackFromThePool() {
        byte[] first = BufferPool.take();
        assertEquals(ReceiveBuffer.SIZE, first.length);
        BufferPool.give(first);
        boolean again = false;
        for (int i = 0; i < BufferPool.SLOTS && !again; i++) {
            again = BufferPool.take() == first;
        }
        assertTrue(again, "the array given back is taken again");
    }
}
