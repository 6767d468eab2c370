package io.loomsocket.internal.transport;

import static io.loomsocket.internal.transport.Schedules.assertFinds;
import static io.loomsocket.internal.transport.Schedules.check;
import static io.loomsocket.internal.transport.Schedules.concurrently;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The model checker still finds the kinds of race the schedule tests look for, written the way
 * those tests write their scenarios: a tool that silently explored nothing (a JDK it does not
 * know, a scenario shape it cannot follow) would make every schedule test pass. Each canary is
 * a few lines with the shape of a race the wait code once had.
 */
class ScheduleCanaryTest {
    private static final Object ARMED = "ARMED";
    private static final Object WAITER = "WAITER";

    // Shared by the canaries' threads: static, as Schedules asks.
    private static ConcurrentSkipListMap<Long, String> entries;
    private static volatile Long named;
    private static AtomicReference<Object> state;
    private static AtomicInteger interest;

    /**
     * An entry put in a concurrent skip list before the slot names it, while another thread
     * fires due entries and clears the name only if it matches: the name can outlive its entry.
     */
    @Test
    void findsAnEntryNamedAfterItWasFired() {
        assertFinds(() -> {
            entries = new ConcurrentSkipListMap<>();
            named = null;
            concurrently(() -> {
                entries.put(1L, "slot");
                named = 1L;
            }, () -> {
                Map.Entry<Long, String> first = entries.firstEntry();
                if (first != null && entries.remove(first.getKey()) != null
                        && first.getKey().equals(named)) {
                    named = null;
                }
            });
            Long last = named;
            check(last == null || entries.containsKey(last), () -> "named a fired entry");
        });
    }

    /**
     * A remover that takes an interest out before it clears the state, while a waiter takes the
     * state and puts the interest back: the interest can stay with nobody waiting.
     */
    @Test
    void findsAnInterestLeftWithNobodyWaiting() {
        assertFinds(() -> {
            state = new AtomicReference<>(ARMED);
            interest = new AtomicInteger(1);
            concurrently(() -> {
                interest.set(0); // removed first
                if (!state.compareAndSet(ARMED, null)) {
                    state.compareAndSet(WAITER, null); // and the waiter's state cleared
                }
            }, () -> {
                if (state.compareAndSet(ARMED, WAITER) && interest.get() == 0) {
                    interest.set(1);
                }
            });
            check(!(state.get() == null && interest.get() != 0),
                    () -> "interest registered with nobody waiting");
        });
    }
}
