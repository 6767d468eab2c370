package io.loomsocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.samples.FourLimits;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * samples/.../FourLimits.java, whose examples the README's table of the four limits shows: each
 * against a peer that sends "hello" a byte every 0.4 s, then its LF. The four run at once, on
 * four connections, so that the test takes 2.4 s rather than 7.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FourLimitsSampleTest {
    private static final Pattern LINE = Pattern.compile("(.*) \\(after (\\d+\\.\\d) s\\)");

    @Test
    void eachLimitEndsWhatItShould() throws Exception {
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> block = threads.submit(check("block timeout", FourLimits::blockTimeout,
                    "timeout BLOCK \"he\"", 1.0));
            Future<?> total = threads.submit(check("total timeout", FourLimits::totalTimeout,
                    "timeout TOTAL \"hel\"", 1.4));
            Future<?> idle = threads.submit(check("idle timeout", FourLimits::idleTimeout,
                    "hello", 2.4));
            Future<?> deadline = threads.submit(check("deadline", FourLimits::deadline,
                    "DEADLINE \"hell\", then DEADLINE", 1.8));
            block.get();
            total.get();
            idle.get();
            deadline.get();
        }
    }

    /**
     * Runs one example and checks what it printed. A run that took a time too far from the
     * expected one (a delayed machine) is run again, at most three times in all; a run on time
     * must print the expected result at once.
     */
    private static Callable<Void> check(String name, FourLimits.Example example, String result,
            double seconds) {
        return () -> {
            String line = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                line = FourLimits.run(name, example);
                Matcher m = LINE.matcher(line);
                assertTrue(m.matches(), line);
                double took = Double.parseDouble(m.group(2));
                if (Math.abs(took - seconds) <= 0.15) {
                    assertEquals(name + ": " + result, m.group(1), line);
                    return null;
                }
            }
            throw new AssertionError(line + " (expected after " + seconds + " s, three times)");
        };
    }
}
