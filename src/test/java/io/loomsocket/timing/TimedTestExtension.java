package io.loomsocket.timing;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * Runs a {@link TimedTest}: one attempt, then another only while the last one failed by a
 * {@link TimingMiss}, {@link #ATTEMPTS} at most. The attempts are generated one at a time as
 * JUnit runs them (in order, on one thread, which is how this project runs its tests), so the
 * next is decided once the last one's outcome is known.
 */
public final class TimedTestExtension implements TestTemplateInvocationContextProvider {
    /**
     * How many attempts a timed test gets: {@code -Dloomsocket.timing.attempts=N}, 4 unless set.
     * 1 shows every miss as a failure.
     */
    public static final int ATTEMPTS = Math.max(1,
            Integer.getInteger("loomsocket.timing.attempts", 4));

    /** The pause before another attempt, which lets a burst of load pass. */
    private static final long PAUSE_MILLIS = 200;

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod()
                .map(method -> AnnotationSupport.isAnnotated(method, TimedTest.class))
                .orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
            ExtensionContext context) {
        Attempts attempts = new Attempts(context.getRequiredTestClass().getSimpleName() + "."
                + context.getDisplayName(), TimingMisses::record);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(attempts,
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** The attempts at one timed test, and the misses so far. */
    static final class Attempts implements Iterator<TestTemplateInvocationContext> {
        private final String test;
        private final Consumer<String> log;
        private final List<String> misses = new ArrayList<>();
        private int started;
        /** Whether the attempt last started ended in a miss. */
        private boolean missed;

        /** The attempts at {@code test}; each miss run again goes to {@code log}. */
        Attempts(String test, Consumer<String> log) {
            this.test = test;
            this.log = log;
        }

        @Override
        public boolean hasNext() {
            return started == 0 || (missed && started < ATTEMPTS);
        }

        @Override
        public TestTemplateInvocationContext next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            if (started > 0) {
                pause();
            }
            started++;
            missed = false;
            int attempt = started;
            return new TestTemplateInvocationContext() {
                @Override
                public String getDisplayName(int invocationIndex) {
                    return attempt == 1 ? "timed" : "timed, attempt " + attempt;
                }

                @Override
                public List<Extension> getAdditionalExtensions() {
                    return List.of((TestExecutionExceptionHandler) (context, thrown) -> {
                        throw judge(attempt, thrown);
                    });
                }
            };
        }

        /**
         * A miss on an attempt that is not the last becomes an abort, reported and retried; on
         * the last, the failure names every miss before it. Anything else fails as it is.
         */
        Throwable judge(int attempt, Throwable thrown) {
            if (!(thrown instanceof TimingMiss miss)) {
                return thrown;
            }
            missed = true;
            String line = test + ", attempt " + attempt + " of " + ATTEMPTS + ": "
                    + miss.getMessage();
            misses.add(line);
            if (attempt < ATTEMPTS) {
                log.accept(line);
                return new TestAbortedException("timing miss, run again: " + miss.getMessage(),
                        miss);
            }
            return new TimingMiss("late on each of " + ATTEMPTS + " attempts:\n  "
                    + String.join("\n  ", misses), miss);
        }

        private static void pause() {
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
