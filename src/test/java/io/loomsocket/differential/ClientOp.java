package io.loomsocket.differential;

/**
 * One generated action of a scenario, before {@link ScenarioCompiler} turns it into lines: a call
 * on the client object, or something the peer does between calls.
 */
sealed interface ClientOp {
    /** How a receive that must wait gets its data: none, or the peer's next piece after a pause. */
    enum Feed { NONE, SOON, LATE }

    /** {@code c:receive(pattern, prefix)}; pattern and prefix are Lua literals (null: omitted). */
    record Receive(Object pattern, Object prefix, Feed feed) implements ClientOp {}

    /** {@code c:settimeout(seconds, mode)}. */
    record SetTimeout(double seconds, String mode) implements ClientOp {}

    /** {@code c:send(data, i, j)}; null i or j is omitted. */
    record Send(byte[] data, Long i, Long j) implements ClientOp {}

    /** {@code c:shutdown(mode)}. */
    record Shutdown(String mode) implements ClientOp {}

    /** {@code c:close()}. */
    record Close() implements ClientOp {}

    /** A call whose result depends only on the state: dirty, getstats, gettimeout, names... */
    record Query(String call) implements ClientOp {}

    /** {@code c:setstats(received, sent)}. */
    record SetStats(long received, long sent) implements ClientOp {}

    /** {@code c:setoption(name, value)} then {@code c:getoption(name)}. */
    record Option(String name, Object value) implements ClientOp {}

    /** The peer sends its next piece of the stream now. */
    record Release() implements ClientOp {}

    /** The peer ends the stream now, the way the plan says. */
    record End() implements ClientOp {}
}
