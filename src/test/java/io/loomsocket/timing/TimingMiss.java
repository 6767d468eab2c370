package io.loomsocket.timing;

import org.opentest4j.AssertionFailedError;

/**
 * A result that came late: a timeout that fired after its time, a wait that lasted past the
 * event that should have ended it, a call that should not have waited but took a while. A busy
 * machine delays threads, so lateness alone may be load; a {@link TimedTest} runs again when
 * (and only when) it failed by a miss. A result that came early is never a miss: no load makes a
 * timeout fire before its time, so the checks here fail an early result with a plain
 * {@link AssertionFailedError}.
 *
 * <p>A test may also throw a miss when its own premise was broken by load and it proves it: a
 * peer that should have sent a byte every 20 ms, whose recorded send times show a gap longer
 * than the timeout under test, say. The message then says what the record shows.
 */
public final class TimingMiss extends AssertionFailedError {
    private static final long serialVersionUID = 1L;

    /** A miss, with what came late and by how much. */
    public TimingMiss(String message) {
        super(message);
    }

    /** A miss that sums up others, the last of them its cause. */
    public TimingMiss(String message, Throwable cause) {
        super(message, cause);
    }
}
