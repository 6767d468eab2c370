package io.loomsocket.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** getstats and setstats (semantics reference 2.9). */
@org.junit.jupiter.api.Timeout(value = 10, unit = TimeUnit.SECONDS)
class CountersTest {
    @ParameterizedTest(name = "age {0} s")
    @ValueSource(doubles = {0, 2.5, 10, 86_400, -5})
    void setAgeMakesTheAgeReadThatAge(double seconds) {
        Counters counters = new Counters();
        counters.setAgeSeconds(seconds);
        double age = counters.ageSeconds();
        assertTrue(age >= seconds && age < seconds + 1, "age " + age);
    }

    /**
     * LuaSocket stores birthday = now - age in a double, so any age reads back: a century
     * (about 3.2e9 s) and more, or a negative age of the same size.
     */
    @ParameterizedTest(name = "age {0} s")
    @ValueSource(doubles = {1e10, -1e10, 1e12})
    void aLargeAgeReadsBack(double seconds) {
        Counters counters = new Counters();
        counters.setAgeSeconds(seconds);
        double age = counters.ageSeconds();
        assertTrue(age >= seconds && age < seconds + 1, "age " + age);
    }

    @Test
    void theAgeGrows() throws InterruptedException {
        Counters counters = new Counters();
        counters.setAgeSeconds(1);
        Thread.sleep(20);
        assertTrue(counters.ageSeconds() >= 1.02, "age " + counters.ageSeconds());
    }

    @Test
    void aNewObjectIsYoungAndHasMovedNothing() {
        Counters counters = new Counters();
        assertEquals(0, counters.received());
        assertEquals(0, counters.sent());
        assertTrue(counters.ageSeconds() >= 0 && counters.ageSeconds() < 1);
    }

    @Test
    void setstatsValuesReadBackAndKeepCounting() {
        Counters counters = new Counters();
        counters.setReceived(100);
        counters.setSent(7);
        counters.addReceived(5);
        counters.addSent(3);
        assertEquals(105, counters.received());
        assertEquals(10, counters.sent());
    }
}
