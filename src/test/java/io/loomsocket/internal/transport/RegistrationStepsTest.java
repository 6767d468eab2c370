package io.loomsocket.internal.transport;

import static java.nio.channels.SelectionKey.OP_ACCEPT;
import static java.nio.channels.SelectionKey.OP_CONNECT;
import static java.nio.channels.SelectionKey.OP_READ;
import static java.nio.channels.SelectionKey.OP_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A {@link Registration} hands the poller's readiness to the slot of each direction whose
 * operations are ready, and only to it; retiring it cancels the key, wakes both directions'
 * waiters and drops their deadlines.
 */
class RegistrationStepsTest {
    private final ScriptedKey key = new ScriptedKey();
    private final DeadlineTimer timer = new DeadlineTimer(false);
    private final Registration registration;
    private final Thread reader = Thread.ofPlatform().unstarted(() -> { });
    private final Thread writer = Thread.ofPlatform().unstarted(() -> { });

    RegistrationStepsTest() throws IOException {
        registration = new Registration(key, Poller.next(), timer);
    }

    @AfterEach
    void spendPermit() {
        Parking.clearPermit();
    }

    /** Both directions ARMED: each had a waiter that left. */
    private void armBoth() {
        for (WaitSlot slot : new WaitSlot[] {registration.reading, registration.writing}) {
            if (!slot.stateName().equals("ARMED")) {
                assertTrue(slot.enter(reader, slot == registration.reading ? OP_READ : OP_WRITE));
                assertTrue(slot.leave(reader));
            }
        }
        assertEquals(OP_READ | OP_WRITE, key.interest());
    }

    private void checkStates(String reading, String writing, int interest) {
        assertEquals(reading, registration.reading.stateName(), "the reading slot");
        assertEquals(writing, registration.writing.stateName(), "the writing slot");
        assertEquals(interest, key.interest(), "interest");
    }

    @Test
    void theSlotsStandForTheirKeyAndTheirDirectionsOperations() {
        assertSame(key, registration.key);
        assertSame(key, registration.reading.key);
        assertSame(key, registration.writing.key);
        assertEquals(OP_READ | OP_ACCEPT, registration.reading.interest);
        assertEquals(OP_WRITE | OP_CONNECT, registration.writing.interest);
    }

    @Test
    void readinessGoesToTheSlotOfEachReadyDirectionOnly() {
        armBoth();
        key.setReady(OP_READ);
        registration.ready();
        checkStates("DISARMED", "ARMED", OP_WRITE);

        armBoth();
        key.setReady(OP_WRITE);
        registration.ready();
        checkStates("ARMED", "DISARMED", OP_READ);

        armBoth();
        key.setReady(OP_ACCEPT);
        registration.ready();
        checkStates("DISARMED", "ARMED", OP_WRITE);

        armBoth();
        key.setReady(OP_CONNECT);
        registration.ready();
        checkStates("ARMED", "DISARMED", OP_READ);

        armBoth();
        key.setReady(OP_READ | OP_WRITE);
        registration.ready();
        checkStates("DISARMED", "DISARMED", 0);
    }

    @Test
    void readinessHandsEachWaiterItsState() {
        assertTrue(registration.reading.enter(reader, OP_READ));
        assertTrue(registration.writing.enter(writer, OP_WRITE));
        key.setReady(OP_WRITE);
        registration.ready();
        checkStates("WAITING", "ARMED", OP_READ | OP_WRITE);
        assertTrue(registration.reading.isWaiter(reader));
    }

    @Test
    void aCancelledKeysReadinessChangesNothing() {
        armBoth();
        key.setReady(OP_READ | OP_WRITE);
        key.cancel();
        registration.ready();
        checkStates("ARMED", "ARMED", OP_READ | OP_WRITE);
    }

    @Test
    void retireCancelsTheKeyWakesTheReaderAndDropsBothDeadlines() {
        retireWakes(registration.reading);
    }

    @Test
    void retireWakesTheWriter() {
        retireWakes(registration.writing);
    }

    private void retireWakes(WaitSlot waitedOn) {
        Thread me = Thread.currentThread();
        assertTrue(waitedOn.enter(me, waitedOn == registration.reading ? OP_READ : OP_WRITE));
        long now = System.nanoTime();
        registration.reading.armDeadline(now + TimeUnit.HOURS.toNanos(1));
        registration.writing.armDeadline(now + TimeUnit.HOURS.toNanos(2));
        assertEquals(2, timer.armedCount());
        Parking.clearPermit();
        registration.retire();
        assertFalse(key.isValid(), "the key is cancelled");
        Parking.assertUnparked("the waiter of a retired registration");
        assertNull(registration.reading.armedDeadline);
        assertNull(registration.writing.armedDeadline);
        assertEquals(0, timer.armedCount());
    }
}
