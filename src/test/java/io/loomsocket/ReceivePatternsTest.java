package io.loomsocket;

import static io.loomsocket.LoopbackSupport.assertAbout;
import static io.loomsocket.LoopbackSupport.assertEndedBy;
import static io.loomsocket.LoopbackSupport.raises;
import static io.loomsocket.LoopbackSupport.receiveFails;
import static io.loomsocket.LoopbackSupport.secondsSince;
import static io.loomsocket.LoopbackSupport.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.timing.Moment;
import io.loomsocket.timing.TimedTest;
import io.loomsocket.timing.TimingMiss;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code receive}: patterns, prefixes, partials and the buffer (reference 2.1 and 3.1). */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ReceivePatternsTest {

    // ---- pattern arguments ----------------------------------------------------------------------

    @ParameterizedTest(name = "receive(\"{0}\") raises")
    @ValueSource(strings = {"l", "a", "*L", "*A", "*", "*x", "", "L", "-1", "-0.5", "x10", "nan"})
    void invalidPatternsRaise(String pattern) throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("data\n");
            boolean negativeCount = pattern.startsWith("-");
            raises(IllegalArgumentException.class, negativeCount
                    ? "invalid receive count \"" + pattern + "\" (a count is 0 or more)"
                    : "invalid receive pattern \"" + pattern + "\" (\"*l\", \"*a\" or a count)",
                    () -> peer.client.receive(pattern));
            assertEquals(0, peer.client.getstats().received(), "nothing consumed");
            assertEquals("data", peer.client.receiveString());
        }
    }

    @Test
    void negativeCountRaises() throws Exception {
        try (Peer peer = Peer.connected()) {
            raises(IllegalArgumentException.class, "invalid receive count -1 (a count is 0 or more)",
                    () -> peer.client.receive(-1));
            raises(IllegalArgumentException.class, "invalid receive count -1 (a count is 0 or more)",
                    () -> peer.client.receive(-1, LoopbackSupport.bytes("abc")));
        }
    }

    @Test
    void onlyTheFirstTwoCharactersOfAStarPatternCount() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("one\ntwo\nthree");
            assertEquals("one", peer.client.receiveString("*line"));
            assertEquals("two", peer.client.receiveString("*lxyz"));
            peer.finish();
            assertEquals("three", peer.client.receiveString("*all"));
        }
    }

    @Test
    void noPatternMeansLine() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("first\nsecond\n");
            assertEquals("first", peer.client.receiveString());
            assertEquals("second", text(peer.client.receive((String) null, null)));
        }
    }

    @Test
    void numericStringsAreByteCounts() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("0123456789abcdefghijklmnopqrstuvwxyz");
            assertEquals("0123456789", peer.client.receiveString("10"));
            assertEquals("abcdefghijklmnop", peer.client.receiveString(" 0x10 "), "hexadecimal");
            assertEquals("qr", peer.client.receiveString("2.9"), "truncated toward zero");
            assertEquals("st", peer.client.receiveString("2e0"));
            assertEquals("uvw", text(peer.client.receive(3)));
        }
    }

    // ---- *l -------------------------------------------------------------------------------------

    @Test
    void lineDropsEveryCarriageReturn() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("b\rc\r\n\r\r\n\nx\r\ry\rz\n");
            assertEquals("bc", peer.client.receiveString());
            assertEquals("", peer.client.receiveString(), "\\r\\r\\n gives an empty line");
            assertEquals("", peer.client.receiveString(), "a lone LF gives an empty line");
            assertEquals("xyz", peer.client.receiveString());
            assertFalse(peer.client.dirty());
        }
    }

    @Test
    void lineAtEndOfStreamFailsClosedWithTheBytesSoFarWithoutCr() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("little\r string").hangUp();
            receiveFails("closed", "little string", () -> peer.client.receive());
            receiveFails("closed", "", () -> peer.client.receive());
        }
    }

    @Test
    void lineWithPrefix() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("def\r\n");
            assertEquals("abc\rdef", peer.client.receiveString("*l", "abc\r"),
                    "the prefix is not filtered");
        }
    }

    @Test
    void lineResultDoesNotDependOnHowTheStreamIsSplit() throws Exception {
        try (Peer peer = Peer.connected()) {
            Peer.Script script = peer.script(p -> {
                for (String piece : new String[] {"ab", "\r", "c", "\r", "\n", "d\n"}) {
                    p.send(piece);
                    Thread.sleep(30);
                }
            });
            assertEquals("abc", peer.client.receiveString());
            assertEquals("d", peer.client.receiveString());
            script.join();
        }
    }

    @Test
    void binaryLineWithNulsAndControlsRoundTrips() throws Exception {
        byte[] line = LoopbackSupport.rawLine(100_000);
        try (Peer peer = Peer.connected()) {
            Peer.Script script = peer.script(p -> {
                p.send(line);
                p.send("\n");
            });
            assertArrayEquals(line, peer.client.receive());
            script.join();
        }
    }

    @Test
    void longPrintableLineRoundTrips() throws Exception {
        StringBuilder builder = new StringBuilder();
        for (int i = 0; builder.length() < 1_000_000; i++) {
            builder.append((char) ('!' + i % 90));
        }
        String line = builder.toString();
        try (Peer peer = Peer.connected()) {
            Peer.Script script = peer.script(p -> p.send(line + "\n"));
            assertEquals(line, peer.client.receiveString());
            script.join();
        }
    }

    // ---- *a -------------------------------------------------------------------------------------

    @Test
    void allReadsUntilTheCleanEndOfStream() throws Exception {
        try (Peer peer = Peer.connected()) {
            byte[] data = LoopbackSupport.noise(50_000, 7);
            Peer.Script script = peer.script(p -> {
                p.send(data);
                p.hangUp();
            });
            assertArrayEquals(data, peer.client.receive("*a"));
            receiveFails("closed", "", () -> peer.client.receive("*a"));
            script.join();
        }
    }

    @Test
    void allAtEndOfStreamWithAPrefixFailsWithThePrefix() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.hangUp();
            receiveFails("closed", "pre", () -> peer.client.receiveString("*a", "pre"));
        }
    }

    @Test
    void allSucceedsWithThePrefixWhenOneByteWasRead() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("x").hangUp();
            assertEquals("prex", peer.client.receiveString("*a", "pre"));
        }
    }

    @Test
    void allOnAPeerThatSentNothingAndShutDownFailsClosed() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.finish();
            receiveFails("closed", "", () -> peer.client.receive("*a"));
        }
    }

    @Test
    void allEndedByAResetFailsClosedWithTheData() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("data").reset();
            receiveFails("closed", "data", () -> peer.client.receive("*a"));
            receiveFails("closed", "", () -> peer.client.receive("*a"));
        }
    }

    // ---- byte counts and prefixes ---------------------------------------------------------------

    @Test
    void countIncludesThePrefix() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("7890");
            assertEquals("1234567890", peer.client.receiveString(10, "123456"));
            assertEquals(4, peer.client.getstats().received(), "the prefix is not counted");
        }
    }

    @Test
    void prefixAtLeastAsLongAsTheCountComesBackWholeWithoutIo() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("7890");
            assertEquals("87654321", peer.client.receiveString(8, "87654321"));
            assertEquals("87654321", peer.client.receiveString(4, "87654321"));
            assertEquals("abc", peer.client.receiveString(0, "abc"));
            assertEquals("87654321", peer.client.receiveString("4", "87654321"));
            assertFalse(peer.client.dirty(), "nothing was read from the socket");
            assertEquals(0, peer.client.getstats().received());
            assertEquals("7890", peer.client.receiveString(4));
        }
    }

    @Test
    void prefixDoesNotTouchABufferedTail() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("a\nrest");
            assertEquals("a", peer.client.receiveString());
            assertTrue(peer.client.dirty());
            assertEquals("zz", peer.client.receiveString(1, "zz"));
            assertTrue(peer.client.dirty());
            assertEquals("rest", peer.client.receiveString(4));
        }
    }

    @Test
    void countReadsExactlyAndLeavesTheRestBuffered() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("abcdef");
            assertEquals("abc", peer.client.receiveString(3));
            assertTrue(peer.client.dirty(), "read-ahead keeps the tail");
            assertEquals("de", peer.client.receiveString(2));
            assertEquals("f", peer.client.receiveString(1));
            assertFalse(peer.client.dirty());
        }
    }

    @Test
    void countLargerThanTheBufferSpansManyReads() throws Exception {
        byte[] data = LoopbackSupport.noise(300_000, 11);
        try (Peer peer = Peer.connected()) {
            Peer.Script script = peer.script(p -> {
                p.send(java.util.Arrays.copyOf(data, 150_000));
                Thread.sleep(50);
                p.send(java.util.Arrays.copyOfRange(data, 150_000, data.length));
            });
            assertArrayEquals(data, peer.client.receive(data.length));
            script.join();
        }
    }

    // ---- receive(0) -----------------------------------------------------------------------------

    @Test
    void zeroWithBufferedDataReturnsEmptyAndKeepsTheData() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("abc\ndef");
            assertEquals("abc", peer.client.receiveString());
            assertTrue(peer.client.dirty());
            assertEquals("", peer.client.receiveString(0));
            assertTrue(peer.client.dirty());
            assertEquals("def", peer.client.receiveString(3));
        }
    }

    @TimedTest
    void zeroWithAnEmptyBufferWaitsForData() throws Exception {
        try (Peer peer = Peer.connected()) {
            Moment sent = new Moment();
            Peer.Script script = peer.script(p -> {
                Thread.sleep(300);
                sent.mark();
                p.send("hi");
            });
            assertEquals("", peer.client.receiveString(0));
            assertEndedBy(sent, System.nanoTime(), "receive(0) waiting for data");
            assertTrue(peer.client.dirty(), "the data stays buffered");
            assertEquals(0, peer.client.getstats().received());
            assertEquals("hi", peer.client.receiveString(2));
            script.join();
        }
    }

    @TimedTest
    void zeroWithAnEmptyBufferTimesOut() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.settimeout(0.3);
            long start = System.nanoTime();
            receiveFails("timeout", "", () -> peer.client.receive(0));
            assertAbout(0.3, secondsSince(start), "receive(0) with timeout 0.3");
        }
    }

    @Test
    void zeroAtEndOfStreamFailsClosed() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.hangUp();
            receiveFails("closed", "", () -> peer.client.receive(0));
        }
    }

    @Test
    void zeroAfterALocalCloseFailsClosed() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.close();
            receiveFails("closed", "", () -> peer.client.receive(0));
        }
    }

    // ---- partials -------------------------------------------------------------------------------

    @Test
    void timeoutPartialIsConsumedAndIncludesThePrefix() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("abc");
            peer.client.settimeout(0.2);
            receiveFails("timeout", "Pabc", () -> peer.client.receiveString(6, "P"));
            assertFalse(peer.client.dirty(), "the partial bytes left the buffer");
            assertEquals(3, peer.client.getstats().received());
            peer.send("de");
            assertEquals("Pabcde", peer.client.receiveString(6, "Pabc"), "resuming with the partial");
        }
    }

    @TimedTest
    void nonBlockingLineLoopWithPartialsLosesNothing() throws Exception {
        try (Peer peer = Peer.connected()) {
            Moment secondHalf = new Moment();
            Peer.Script script = peer.script(p -> {
                p.send("first half, ");
                Thread.sleep(300);
                secondHalf.mark();
                p.send("second half\r\nnext");
            });
            peer.client.settimeout(0);
            byte[] partial = new byte[0];
            int timeouts = 0;
            long firstCallEnded = 0;
            byte[] line;
            while (true) {
                try {
                    line = peer.client.receive("*l", partial);
                    break;
                } catch (ReceiveException e) {
                    assertEquals("timeout", e.getMessage());
                    partial = e.partial();
                    timeouts++;
                    Thread.sleep(5);
                } finally {
                    if (firstCallEnded == 0) {
                        firstCallEnded = System.nanoTime();
                    }
                }
            }
            assertEquals("first half, second half", text(line));
            if (timeouts == 0 && secondHalf.marked() && secondHalf.nanos() < firstCallEnded) {
                throw new TimingMiss("the peer's second half, due 0.3 s after the first, was"
                        + " sent before the first receive ended: no partial to resume from");
            }
            assertTrue(timeouts > 0, "the first receive, with a timeout of 0, gave a partial");
            script.join();
        }
    }

    @Test
    void bufferedDataIsServedBeforeTheEndOfStream() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("L1\nL2\n").hangUp();
            assertEquals("L1", peer.client.receiveString());
            assertEquals("L2", peer.client.receiveString());
            receiveFails("closed", "", () -> peer.client.receive());
        }
    }

    @Test
    void bufferedDataIsServedEvenWithATimeoutOfZero() throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.send("ready\n");
            peer.client.settimeout(0);
            assertEquals("ready", peer.client.receiveString());
        }
    }

    @Test
    void mixedPatternsOnOneStream() throws Exception {
        String unix = "unix line";
        String dos = "dos line";
        byte[] raw = LoopbackSupport.noise(10_000, 3);
        byte[] trailing = LoopbackSupport.noise(5_000, 4);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(LoopbackSupport.bytes(unix + "\n" + dos + "\r\n"));
        stream.writeBytes(raw);
        stream.writeBytes(trailing);
        try (Peer peer = Peer.connected()) {
            Peer.Script script = peer.script(p -> {
                p.send(stream.toByteArray());
                p.hangUp();
            });
            assertEquals(unix, peer.client.receiveString());
            assertEquals(dos, peer.client.receiveString());
            assertArrayEquals(raw, peer.client.receive(raw.length));
            assertArrayEquals(trailing, peer.client.receive("*a"));
            script.join();
        }
    }

    @Test
    void receiveRaisesOnceTheObjectIsNotAClient() throws Exception {
        try (TcpMaster master = Tcp.tcp4()) {
            raises(IllegalStateException.class, "tcp{client} expected", master::asClient);
        }
    }
}
