package io.loomsocket;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a sample prints, captured for its test to read and to wait for; the build never shows
 * it. Safe to write from any thread while a test reads.
 */
final class CapturedOutput {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(); // synchronized
    /** The stream to give the sample. */
    final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    /** Everything so far, as UTF-8. */
    String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Everything so far, as bytes. */
    byte[] bytes() {
        return bytes.toByteArray();
    }

    /**
     * Waits until the output holds {@code count} matches of {@code regex}.
     *
     * @throws AssertionError with the output so far, when {@code limit} passes first
     */
    void awaitCount(String regex, int count, Duration limit) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long end = System.nanoTime() + limit.toNanos();
        while (pattern.matcher(text()).results().count() < count) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("waited " + limit.toMillis() + " ms for " + count
                        + " times /" + regex + "/; the output so far:\n" + text());
            }
            Thread.sleep(10);
        }
    }

    /**
     * Waits until the output matches {@code regex}; returns its first group, or the whole match
     * when it has none.
     *
     * @throws AssertionError with the output so far, when {@code limit} passes first
     */
    String await(String regex, Duration limit) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            Matcher matcher = pattern.matcher(text());
            if (matcher.find()) {
                return matcher.groupCount() > 0 ? matcher.group(1) : matcher.group();
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("waited " + limit.toMillis() + " ms for /" + regex
                        + "/; the output so far:\n" + text());
            }
            Thread.sleep(10);
        }
    }
}
