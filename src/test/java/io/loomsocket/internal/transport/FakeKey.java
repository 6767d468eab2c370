package io.loomsocket.internal.transport;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A selection key with no selector behind it: the interest set is an atomic int, changed as the
 * JDK's own key changes it (atomically, and not at all once cancelled), so that the wait slots'
 * state machine can be explored without a real selector, which a model checker cannot drive.
 */
final class FakeKey extends SelectionKey {
    private final AtomicInteger interest = new AtomicInteger();
    private volatile boolean valid = true;

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
        return valid;
    }

    @Override
    public void cancel() {
        valid = false;
    }

    @Override
    public int interestOps() {
        ensureValid();
        return interest.get();
    }

    @Override
    public SelectionKey interestOps(int ops) {
        ensureValid();
        interest.set(ops);
        return this;
    }

    @Override
    public int interestOpsOr(int ops) {
        ensureValid();
        return interest.getAndUpdate(old -> old | ops);
    }

    @Override
    public int interestOpsAnd(int ops) {
        ensureValid();
        return interest.getAndUpdate(old -> old & ops);
    }

    @Override
    public int readyOps() {
        ensureValid();
        return 0;
    }

    /** The interest set, whether or not the key is valid (for the checks after a run). */
    int interest() {
        return interest.get();
    }

    private void ensureValid() {
        if (!valid) {
            throw new CancelledKeyException();
        }
    }
}
