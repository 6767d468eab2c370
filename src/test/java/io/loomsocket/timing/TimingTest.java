package io.loomsocket.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The rules the suite's timing checks live by: an early result fails and is never run again; a
 * late one is a miss, run again a bounded number of times and logged; anything else that fails
 * fails at once.
 */
class TimingTest {
    @Test
    void earlyFailsAndLateMisses() {
        AssertionFailedError early = assertThrows(AssertionFailedError.class,
                () -> Timing.assertAbout(0.5, 0.34, 0.15, "a receive"));
        assertFalse(early instanceof TimingMiss, "early is never a miss: " + early);
        assertThrows(TimingMiss.class, () -> Timing.assertAbout(0.5, 0.66, 0.15, "a receive"));
        Timing.assertAbout(0.5, 0.36, 0.15, "a receive");
        Timing.assertAbout(0.5, 0.64, 0.15, "a receive");

        assertThrows(TimingMiss.class, () -> Timing.assertAtMost(0.1, 0.2, "no wait"));
        Timing.assertAtMost(0.1, 0.1, "no wait");
        AssertionFailedError tooSoon = assertThrows(AssertionFailedError.class,
                () -> Timing.assertAtLeast(0.4, 0.3, "a wait"));
        assertFalse(tooSoon instanceof TimingMiss);
    }

    @Test
    void aWaitEndedByAnEventEndsAfterItAndSoon() {
        Moment event = new Moment();
        AssertionFailedError before = assertThrows(AssertionFailedError.class,
                () -> Timing.assertEndedBy(event, System.nanoTime(), 0.15, "a receive"));
        assertFalse(before instanceof TimingMiss, "ended before the event happened");
        event.mark();
        long at = event.nanos();
        Timing.assertEndedBy(event, at + 100_000_000L, 0.15, "a receive");
        assertFalse(assertThrows(AssertionFailedError.class, () -> Timing.assertEndedBy(event,
                at - 1_000_000L, 0.15, "a receive")) instanceof TimingMiss);
        assertThrows(TimingMiss.class,
                () -> Timing.assertEndedBy(event, at + 200_000_000L, 0.15, "a receive"));
    }

    @Test
    void aMissIsRunAgainAndLoggedUntilTheLastAttempt() {
        List<String> log = new ArrayList<>();
        TimedTestExtension.Attempts attempts = new TimedTestExtension.Attempts("T.m()", log::add);
        int n = TimedTestExtension.ATTEMPTS;
        for (int attempt = 1; attempt < n; attempt++) {
            assertTrue(attempts.hasNext());
            attempts.next();
            Throwable judged = attempts.judge(attempt, new TimingMiss("late " + attempt));
            assertInstanceOf(TestAbortedException.class, judged, "run again");
        }
        assertEquals(n - 1, log.size(), "each miss run again is logged: " + log);
        assertTrue(log.get(0).startsWith("T.m(), attempt 1 of " + n + ": late 1"), log.get(0));
        assertTrue(attempts.hasNext());
        attempts.next();
        Throwable last = attempts.judge(n, new TimingMiss("late " + n));
        TimingMiss failed = assertInstanceOf(TimingMiss.class, last);
        assertTrue(failed.getMessage().contains("late 1") && failed.getMessage().contains(
                "late " + n), failed.getMessage());
        assertFalse(attempts.hasNext(), "no attempt after the last");
    }

    @Test
    void anyOtherFailureIsNeverRunAgain() {
        List<String> log = new ArrayList<>();
        TimedTestExtension.Attempts attempts = new TimedTestExtension.Attempts("T.m()", log::add);
        attempts.next();
        assertInstanceOf(TestAbortedException.class, attempts.judge(1, new TimingMiss("late")));
        attempts.next();
        AssertionFailedError wrongPartial = new AssertionFailedError("partial");
        assertSame(wrongPartial, attempts.judge(2, wrongPartial));
        assertFalse(attempts.hasNext(), "a logic failure after a miss ends the test");

        TimedTestExtension.Attempts fresh = new TimedTestExtension.Attempts("T.n()", log::add);
        fresh.next();
        IllegalStateException error = new IllegalStateException("boom");
        assertSame(error, fresh.judge(1, error));
        assertFalse(fresh.hasNext());
    }

    @Test
    void aPeersSilenceIsMeasuredBetweenItsSends() throws Exception {
        SendLog sends = new SendLog();
        long from = System.nanoTime();
        sends.send(() -> { });
        Thread.sleep(120);
        sends.send(() -> { });
        long to = System.nanoTime();
        double silence = sends.longestSilence(from, to);
        assertTrue(silence >= 0.12 && silence <= (to - from) / 1e9, "silence " + silence);
        assertEquals(2, sends.endedBefore(to));
        assertEquals(1, sends.begunBefore(sends.began(1)));
        assertEquals(0, sends.endedBefore(from));
    }

    @Test
    void aSendCountedBeforeAMomentIsCountedOnceTheMomentHasPassed() throws Exception {
        SendLog sends = new SendLog();
        long soon = System.nanoTime() + 100_000_000L;
        Thread peer = Thread.startVirtualThread(() -> {
            try {
                Thread.sleep(50);
                sends.send(() -> { });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(1, sends.endedBefore(soon), "waits for the moment, then counts");
        peer.join();

        java.util.concurrent.CountDownLatch underWay = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread blocked = Thread.startVirtualThread(() -> {
            try {
                sends.send(() -> {
                    underWay.countDown();
                    release.await();
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        underWay.await();
        long now = System.nanoTime();
        assertEquals(1, sends.endedBefore(now), "a send under way has not surely ended");
        assertEquals(2, sends.mayHaveEndedBefore(now), "but it may have, for a proof");
        release.countDown();
        blocked.join();
    }
}
