package io.loomsocket;

import static io.loomsocket.LoopbackSupport.assertAbout;
import static io.loomsocket.LoopbackSupport.assertEndedBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.timing.Moment;
import io.loomsocket.timing.SendLog;
import io.loomsocket.timing.TimingMiss;
import org.opentest4j.AssertionFailedError;

/**
 * The trickle of reference 2.19: the peer sends one "x" every 0.3 s (at 0.3, 0.6, ... 1.8 s) and
 * the client calls {@code receive(5)} under a block and a total timeout. What the client gets
 * depends on when the bytes come, and a busy machine can delay them; the peer's sends are
 * recorded ({@link SendLog}), so that each outcome is checked against what the peer really did:
 * <ul>
 *   <li>the time against the table: early fails, late is a {@link TimingMiss};
 *   <li>a partial holds every byte whose send had ended before the timeout could fire, and none
 *       sent after the call ended: anything else fails, whatever the load;
 *   <li>a partial of another length than the table's, within those bounds, is a miss that
 *       names the late byte; so is a timeout in a case that should succeed, when the record
 *       shows that the peer was silent for the block timeout, or had not sent its fifth byte
 *       by the total; without that proof it fails.
 * </ul>
 */
final class FiveByteTrickle {
    private static final long STEP_NANOS = 300_000_000L;

    private FiveByteTrickle() {}

    /**
     * Runs one case: {@code outcome} is "ok" (then {@code bytes} is the data) or an error (then
     * {@code bytes} is the partial), at {@code seconds} after the call began.
     */
    static void check(double block, double total, String outcome, double seconds, String bytes)
            throws Exception {
        try (Peer peer = Peer.connected()) {
            peer.client.settimeout(block, "b");
            peer.client.settimeout(total, "t");
            SendLog sends = new SendLog();
            long start = System.nanoTime();
            peer.script(p -> {
                for (int k = 1; k <= 6; k++) {
                    LoopbackSupport.sleepUntil(start + k * STEP_NANOS);
                    sends.send(() -> p.send("x"));
                }
            });
            long call = System.nanoTime();
            if (outcome.equals("ok")) {
                String got;
                try {
                    got = peer.client.receiveString(5);
                } catch (ReceiveException e) {
                    throw unexpectedTimeout(e, sends, start, call, block, total);
                }
                long end = System.nanoTime();
                assertEquals(bytes, got);
                Moment fifth = new Moment(sends.began(4));
                assertEndedBy(fifth, end, "receive(5), ended by the fifth byte");
                return;
            }
            ReceiveException e = assertThrows(ReceiveException.class, () -> peer.client.receive(5));
            long end = System.nanoTime();
            assertEquals(outcome, e.getMessage());
            assertAbout(seconds, (end - start) / 1e9, "receive(5)");
            String partial = e.partialString();
            assertTrue(partial.matches("x*"), "partial: " + partial);
            int surely = sends.endedBefore(call + (long) (seconds * 1e9));
            int atMost = sends.begunBefore(end);
            assertTrue(partial.length() >= surely && partial.length() <= atMost, String.format(
                    "the partial holds %d bytes; the peer had sent %d before the timeout could"
                    + " fire and begun %d sends before the call ended", partial.length(), surely,
                    atMost));
            if (!partial.equals(bytes)) {
                throw new TimingMiss(String.format("partial \"%s\" instead of \"%s\": the peer's"
                        + " bytes came at %s s, the call ended at %.3f s", partial, bytes,
                        times(sends, start), (end - start) / 1e9));
            }
        }
    }

    /**
     * A timeout in a case that should succeed: a miss if the peer was silent for the block
     * timeout (which caps each wait) during the call, or if the call lasted its total and the
     * peer had not sent its fifth byte by then; else a failure (a timeout that fired early).
     */
    private static AssertionFailedError unexpectedTimeout(ReceiveException e, SendLog sends,
            long start, long call, double block, double total) throws InterruptedException {
        long end = System.nanoTime();
        String record = "the peer's bytes came at " + times(sends, start) + " s";
        if (e.getMessage().equals("timeout")) {
            double silence = sends.longestSilence(call, end);
            if (block >= 0 && silence >= block) {
                return new TimingMiss(String.format("the peer was silent for %.3f s, longer than"
                        + " the block timeout: %s", silence, record));
            }
            long totalFires = call + (long) (total * 1e9);
            if (total >= 0 && end - totalFires >= 0 && sends.mayHaveEndedBefore(totalFires) < 5) {
                return new TimingMiss("the fifth byte had not come by the total timeout: "
                        + record);
            }
        }
        return new AssertionFailedError("receive(5) failed \"" + e.getMessage() + "\" with \""
                + e.partialString() + "\" although " + record, e);
    }

    private static String times(SendLog sends, long start) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < sends.count(); i++) {
            out.append(i == 0 ? "" : ", ").append(String.format("%.3f",
                    (sends.began(i) - start) / 1e9));
        }
        return out.toString();
    }
}
