package io.loomsocket.internal.transport;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * A selection key with no selector behind it, for the wait code's tests in a fixed order of
 * steps: its interest set changes as the JDK's own key's does (not at all once cancelled), its
 * ready set is the test's, and a test can run one step of its own just before the next call of
 * a kind (a read of the interest, an addition, a removal, a validity check), or just after a
 * read of the interest. That puts another
 * thread's step (the poller's report, a waiter's arrival, a close) at an exact point inside a
 * method, on the test's own thread, so that an interleaving needs no second thread.
 *
 * <p>Single-threaded but for {@link #isValid} and the interest, which a waiter on another
 * thread may read while the test acts.
 */
final class ScriptedKey extends SelectionKey {
    private volatile int interest;
    private volatile int ready;
    private volatile boolean valid = true;
    private Runnable beforeInterestRead;
    private Runnable afterInterestRead;
    private Runnable beforeAdd;
    private Runnable beforeRemove;
    private Runnable beforeValidityCheck;

    /** Runs {@code step} just before the next read of the interest set, once. */
    ScriptedKey beforeInterestRead(Runnable step) {
        beforeInterestRead = step;
        return this;
    }

    /**
     * Runs {@code step} just after the next read of the interest set, once: the reader gets the
     * interest as it was before the step.
     */
    ScriptedKey afterInterestRead(Runnable step) {
        afterInterestRead = step;
        return this;
    }

    /** Runs {@code step} just before the next addition to the interest set, once. */
    ScriptedKey beforeAdd(Runnable step) {
        beforeAdd = step;
        return this;
    }

    /** Runs {@code step} just before the next removal from the interest set, once. */
    ScriptedKey beforeRemove(Runnable step) {
        beforeRemove = step;
        return this;
    }

    /** Runs {@code step} just before the next {@link #isValid}, once. */
    ScriptedKey beforeValidityCheck(Runnable step) {
        beforeValidityCheck = step;
        return this;
    }

    /** Sets what {@link #readyOps} says. */
    void setReady(int operations) {
        ready = operations;
    }

    /** The interest set, whether or not the key is valid. */
    int interest() {
        return interest;
    }

    /** Sets the interest set, as another slot of the same key would have. */
    void setInterest(int operations) {
        interest = operations;
    }

    @Override
    public SelectableChannel channel() {
        return null;
    }

    @Override
    public Selector selector() {
        return null;
    }

    @Override
    public boolean isValid() {
        Runnable step = beforeValidityCheck;
        beforeValidityCheck = null;
        run(step);
        return valid;
    }

    @Override
    public void cancel() {
        valid = false;
    }

    @Override
    public int interestOps() {
        Runnable step = beforeInterestRead;
        beforeInterestRead = null;
        run(step);
        ensureValid();
        int read = interest;
        Runnable after = afterInterestRead;
        afterInterestRead = null;
        run(after);
        return read;
    }

    @Override
    public SelectionKey interestOps(int ops) {
        ensureValid();
        interest = ops;
        return this;
    }

    @Override
    public int interestOpsOr(int ops) {
        Runnable step = beforeAdd;
        beforeAdd = null;
        run(step);
        ensureValid();
        int old = interest;
        interest = old | ops;
        return old;
    }

    @Override
    public int interestOpsAnd(int ops) {
        Runnable step = beforeRemove;
        beforeRemove = null;
        run(step);
        ensureValid();
        int old = interest;
        interest = old & ops;
        return old;
    }

    @Override
    public int readyOps() {
        ensureValid();
        return ready;
    }

    private void ensureValid() {
        if (!valid) {
            throw new CancelledKeyException();
        }
    }

    /** Runs a one-shot step, taken off before it runs (it may set the next one). */
    private static void run(Runnable step) {
        if (step != null) {
            step.run();
        }
    }
}
