package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The receive examples the semantics reference marks as verified (2.1, 8.2). */
@org.junit.jupiter.api.Timeout(value = 10, unit = TimeUnit.SECONDS)
class ReceiveBufferExamplesTest {
    private final Counters counters = new Counters();
    private final ReceiveBuffer buffer = new ReceiveBuffer(counters);

    @Test
    void everyCrInALineIsDropped() {
        ScriptedTransport peer = peer("b\rc\r\n\r\r\n\n");
        assertEquals(Outcome.ok("bc"), line(peer));
        assertEquals(Outcome.ok(""), line(peer));
        assertEquals(Outcome.ok(""), line(peer));
        assertEquals(9, counters.received(), "CR and LF bytes count as received");
    }

    @Test
    void aLineCutByTheEndFailsClosedWithItsBytes() {
        assertEquals(Outcome.failed("closed", "little string"), line(peer("little string")));
    }

    @Test
    void aCountIncludesThePrefix() {
        assertEquals(Outcome.ok("1234567890"), new ReceiveOp.Count(10, "123456").run(buffer, peer("7890")));
    }

    @Test
    void aPrefixAtLeastAsLongAsTheCountComesBackWithoutIo() {
        ScriptedTransport silent = peer("7890").maxReads(0);
        assertEquals(Outcome.ok("87654321"), new ReceiveOp.Count(8, "87654321").run(buffer, silent));
        assertEquals(Outcome.ok("87654321"), new ReceiveOp.Count(4, "87654321").run(buffer, silent));
        assertEquals(Outcome.ok("abc"), new ReceiveOp.Count(0, "abc").run(buffer, silent));
        assertEquals(0, silent.reads());
    }

    @Test
    void allSucceedsOnceThenFailsClosed() {
        ScriptedTransport peer = peer("data");
        assertEquals(Outcome.ok("data"), new ReceiveOp.All("").run(buffer, peer));
        assertEquals(Outcome.failed("closed", ""), new ReceiveOp.All("").run(buffer, peer));
        assertEquals(Outcome.failed("closed", "pre"), new ReceiveOp.All("pre").run(buffer, peer));
    }

    @Test
    void allOnAResetFailsClosedWithTheData() {
        ScriptedTransport peer = peer("data").endingWith(ScriptedTransport.Ending.RESET);
        assertEquals(Outcome.failed("closed", "data"), new ReceiveOp.All("").run(buffer, peer));
    }

    @Test
    void receiveZeroWaitsForDataWhenTheBufferIsEmpty() {
        ScriptedTransport peer = peer("xy").timeoutAt(0);
        assertEquals(Outcome.failed("timeout", ""), zero(peer));
        assertEquals(Outcome.ok(""), zero(peer));
        assertTrue(buffer.dirty(), "the data read by receive(0) stays buffered");
        assertEquals(Outcome.ok(""), zero(peer));
        assertEquals(2, peer.reads(), "no read while data is buffered");
        assertEquals(0, counters.received());
        assertEquals(Outcome.ok("xy"), new ReceiveOp.Count(2, "").run(buffer, peer));
        assertFalse(buffer.dirty());
        assertEquals(Outcome.failed("closed", ""), zero(peer));
    }

    /** After "L1", the peer's end (or a local close) leaves the buffered rest readable. */
    @Test
    void bufferedDataOutlivesTheEndOfTheStream() {
        ScriptedTransport peer = peer("L1\nL2\nL3\n");
        assertEquals(Outcome.ok("L1"), line(peer));
        assertTrue(buffer.dirty());
        assertEquals(Outcome.ok("L2"), line(peer));
        assertEquals(Outcome.ok("L3"), new ReceiveOp.Count(2, "").run(buffer, peer));
        assertEquals(Outcome.ok("\n"), new ReceiveOp.All("").run(buffer, peer));
        assertEquals(Outcome.failed("closed", ""), new ReceiveOp.All("").run(buffer, peer));
        assertFalse(buffer.dirty());
    }

    @Test
    void aTimeoutPartialIsConsumed() {
        ScriptedTransport peer = peer("abcdef").cutInto(3).timeoutAt(3);
        assertEquals(Outcome.failed("timeout", "abc"), new ReceiveOp.Count(5, "").run(buffer, peer));
        assertEquals(3, counters.received());
        assertEquals(Outcome.ok("def"), new ReceiveOp.All("").run(buffer, peer));
    }

    /** With a prefix, an LF at the very start of the buffer ends the line and leaves the rest. */
    @Test
    void aLineWhoseLfStartsTheBufferLeavesTheRest() {
        ScriptedTransport peer = peer("\nxy\n");
        assertEquals(Outcome.ok("ab"), new ReceiveOp.Line("ab").run(buffer, peer));
        assertEquals(Outcome.ok("xy"), line(peer));
        assertEquals(4, counters.received());
    }

    /** A count longer than what is buffered takes the buffered bytes, then reads the rest. */
    @Test
    void aCountLongerThanWhatIsBufferedReadsTheRest() {
        ScriptedTransport peer = peer("abcdefgh").cutInto(6, 2);
        assertEquals(Outcome.ok("ab"), new ReceiveOp.Count(2, "").run(buffer, peer));
        assertEquals(Outcome.ok("cdefg"), new ReceiveOp.Count(5, "").run(buffer, peer));
        assertEquals(Outcome.ok("h"), new ReceiveOp.Count(1, "").run(buffer, peer));
        assertEquals(2, peer.reads());
    }

    private ScriptedTransport peer(String stream) {
        return ScriptedTransport.of(Outcome.bytes(stream));
    }

    private Outcome line(ScriptedTransport peer) {
        return new ReceiveOp.Line("").run(buffer, peer);
    }

    private Outcome zero(ScriptedTransport peer) {
        return new ReceiveOp.Count(0, "").run(buffer, peer);
    }
}
