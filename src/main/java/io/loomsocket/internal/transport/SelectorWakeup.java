package io.loomsocket.internal.transport;

/**
 * How a {@link WaitSlot} tells its poller that it added interest to a key: the poller may be
 * blocked in {@code select} on the old interest set and must then wake to include it. An
 * interface so that the slots' state machine can be explored with a poller of the test's own.
 */
interface SelectorWakeup {
    /**
     * Interest was added to a key of this poller; wakes the poller if it may be blocked in
     * select (the interest is queued before the poller's flag is read, and the poller sets the
     * flag before select reads the queue).
     */
    void interestAdded();
}
