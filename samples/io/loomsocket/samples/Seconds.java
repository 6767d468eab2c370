package io.loomsocket.samples;

import java.math.BigDecimal;
import java.time.Duration;

/** Durations as the samples take and print them: seconds, with a fraction if need be. */
final class Seconds {
    private Seconds() {}

    /**
     * {@code "2.5"} as 2.5 s.
     *
     * @throws IllegalArgumentException text that is not a number of seconds above zero
     */
    static Duration parse(String what, String text) {
        try {
            BigDecimal seconds = new BigDecimal(text);
            if (seconds.signum() > 0) {
                return Duration.ofNanos(seconds.movePointRight(9).longValueExact());
            }
        } catch (ArithmeticException | NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(what + " must be a number of seconds above zero: "
                + text);
    }

    /** 2.5 s as {@code "2.5 s"}. */
    static String format(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString()
                + " s";
    }
}
