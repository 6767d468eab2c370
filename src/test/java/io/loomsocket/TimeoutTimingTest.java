package io.loomsocket;

import static io.loomsocket.FiveByteTrickle.check;

import io.loomsocket.timing.TimedTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * The verified trickle table of reference 2.19: the peer sends one byte every 0.3 s (at 0.3,
 * 0.6, 0.9, 1.2 and 1.5 s) and the client calls {@code receive(5)} under each setting. Times are
 * checked within +/- 0.15 s, and partials against the peer's recorded sends
 * ({@link FiveByteTrickle}). One test per row of the table:
 *
 * <pre>
 *   block  total  outcome  at     data or partial
 *   0.5    -1     timeout  0.5 s  x
 *   1.0    -1     timeout  1.0 s  xxx
 *   0.5    3      ok       1.5 s  xxxxx
 *   0.2    3      timeout  0.2 s
 *   -1     1      timeout  1.0 s  xxx
 *   -1     2      ok       1.5 s  xxxxx
 *   5      1      timeout  1.0 s  xxx
 * </pre>
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TimeoutTimingTest {
    @TimedTest
    void aBlockTimeoutAloneLimitsTheCall() throws Exception {
        check(0.5, -1, "timeout", 0.50, "x");
    }

    @TimedTest
    void aLongerBlockTimeoutAloneKeepsMoreOfTheTrickle() throws Exception {
        check(1.0, -1, "timeout", 1.00, "xxx");
    }

    @TimedTest
    void aBlockTimeoutBesideATotalCapsEachWaitSoTheTrickleNeverTripsIt() throws Exception {
        check(0.5, 3, "ok", 1.50, "xxxxx");
    }

    @TimedTest
    void aBlockTimeoutShorterThanTheFirstGapFiresBeforeAnyByte() throws Exception {
        check(0.2, 3, "timeout", 0.20, "");
    }

    @TimedTest
    void aTotalTimeoutAloneLimitsTheCall() throws Exception {
        check(-1, 1, "timeout", 1.00, "xxx");
    }

    @TimedTest
    void aTotalTimeoutLongerThanTheTrickleLetsItFinish() throws Exception {
        check(-1, 2, "ok", 1.50, "xxxxx");
    }

    @TimedTest
    void aTotalTimeoutShorterThanTheBlockTimeoutDecides() throws Exception {
        check(5, 1, "timeout", 1.00, "xxx");
    }
}
