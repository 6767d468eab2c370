package io.loomsocket.differential;

/**
 * An implementation of LuaSocket's TCP objects that runs scenario steps: C LuaSocket through the
 * oracle process, or loomsocket in this process.
 */
interface Subject extends AutoCloseable {
    /** A short name for reports: "C LuaSocket" or "loomsocket". */
    String name();

    /** Runs one statement; a call that does not end within the limit fails the scenario. */
    StepResult step(Statement statement, double limitSeconds) throws Exception;

    /** The local port of a kept object, for the peer to connect to; -1 if it has none. */
    int port(String object) throws Exception;

    /** Closes every object the scenario made (and ends the oracle process). */
    @Override
    void close();
}
