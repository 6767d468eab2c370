package io.loomsocket.internal.engine;

import io.loomsocket.ReceiveException;

/** One receive call: a pattern and its prefix (ISO-8859-1 text, one char per byte). */
sealed interface ReceiveOp {
    String prefix();

    /** The same pattern with another prefix: how a client passes a partial back. */
    ReceiveOp withPrefix(String prefix);

    /** {@code receive("*l", prefix)}. */
    record Line(String prefix) implements ReceiveOp {
        @Override
        public ReceiveOp withPrefix(String prefix) {
            return new Line(prefix);
        }

        @Override
        public String toString() {
            return "*l" + shown(prefix);
        }
    }

    /** {@code receive("*a", prefix)}. */
    record All(String prefix) implements ReceiveOp {
        @Override
        public ReceiveOp withPrefix(String prefix) {
            return new All(prefix);
        }

        @Override
        public String toString() {
            return "*a" + shown(prefix);
        }
    }

    /** {@code receive(count, prefix)}. */
    record Count(long count, String prefix) implements ReceiveOp {
        @Override
        public ReceiveOp withPrefix(String prefix) {
            return new Count(count, prefix);
        }

        @Override
        public String toString() {
            return count + shown(prefix);
        }
    }

    /** Runs the call on the engine. */
    default Outcome run(ReceiveBuffer buffer, Transport transport) {
        byte[] prefixBytes = Outcome.bytes(prefix());
        Timeout.Clock clock = Timeout.Clock.unlimited();
        try {
            byte[] result = switch (this) {
                case Line line -> buffer.receiveLine(prefixBytes, transport, clock);
                case All all -> buffer.receiveAll(prefixBytes, transport, clock);
                case Count count -> buffer.receiveCount(count.count(), prefixBytes, transport, clock);
            };
            return Outcome.ok(result);
        } catch (ReceiveException e) {
            return Outcome.of(e);
        }
    }

    /**
     * Runs the call as a client with a zero timeout does: on "timeout", pass the partial back as
     * the prefix and call again. {@code retries} counts the timeouts met; at most {@code
     * maxRetries} are allowed.
     */
    default Outcome runRetrying(ReceiveBuffer buffer, Transport transport, int maxRetries,
            int[] retries) {
        ReceiveOp op = this;
        for (int attempt = 0; ; attempt++) {
            Outcome outcome = op.run(buffer, transport);
            if (!outcome.isTimeout()) {
                return outcome;
            }
            if (attempt >= maxRetries) {
                throw new AssertionError("still timing out after " + maxRetries + " retries of " + this);
            }
            retries[0]++;
            op = op.withPrefix(outcome.data());
        }
    }

    private static String shown(String prefix) {
        return prefix.isEmpty() ? "" : "(prefix " + Outcome.ok(prefix) + ")";
    }
}
