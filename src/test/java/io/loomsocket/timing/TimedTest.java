package io.loomsocket.timing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * In place of {@code @Test} on a test that checks times: it runs as a test does, and runs again
 * from the start (a new test instance, every extension's callbacks) when it failed by a
 * {@link TimingMiss}, up to {@link TimedTestExtension#ATTEMPTS} attempts in all. Any other
 * failure, on any attempt, fails the test at once: the checks of values, partials, indices and
 * error strings are never retried. Each attempt that missed is reported as an aborted (skipped)
 * run of the test with the miss as its reason, and listed in the timing-miss log
 * ({@link TimingMisses}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(TimedTestExtension.class)
public @interface TimedTest {
}
