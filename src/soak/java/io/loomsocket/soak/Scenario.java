package io.loomsocket.soak;

import java.util.List;

/**
 * The kinds of connect/accept/send/receive/close cycle in the first phase, each with a listener
 * of its own on the server (so the server knows from the accept what to do), and the fixed
 * proportion in which they come: cycle {@code n} is {@code SCHEDULE.get(n % 20)}.
 *
 * <p>In every kind the server closes first or a reset ends the connection, so no client port is
 * left in TIME_WAIT: the 100,000 cycles cannot run out of ephemeral ports by themselves.
 */
enum Scenario {
    /** A checked line and its echo; the server closes, the client reads "closed". */
    ECHO("echo"),
    /** As echo, then the client closes with SO_LINGER 0 (a reset); the server reads "closed". */
    CLIENT_RESET("client-reset"),
    /** The server reads the line and resets; the client's receive fails "closed". */
    SERVER_RESET("server-reset"),
    /**
     * Timed receives on both ends: the server's times out on a client that waits for it; then
     * it sends "par" without an LF, and the client's receives time out with it as their
     * partial (each given the last partial as prefix) until all of "par" has come; "go" from
     * the client brings "tial", and the receive given "par" as prefix returns "partial".
     */
    RECEIVE_TIMEOUT("receive-timeout"),
    /**
     * A send against a peer that stops reading: small socket buffers, a server that waits
     * {@link #SERVER_STALL_MILLIS} before it reads; the client's send times out, then resumes at
     * the last index plus one, and the server checks every byte.
     */
    SEND_TIMEOUT("send-timeout");

    /** 14 echo, 2 client resets, 1 server reset, 2 receive timeouts, 1 send timeout in 20. */
    static final List<Scenario> SCHEDULE = List.of(
            ECHO, ECHO, CLIENT_RESET, ECHO, RECEIVE_TIMEOUT, ECHO, ECHO, SERVER_RESET, ECHO, ECHO,
            SEND_TIMEOUT, ECHO, CLIENT_RESET, ECHO, ECHO, RECEIVE_TIMEOUT, ECHO, ECHO, ECHO, ECHO);

    /** The timeout of every provoked timeout in this phase. */
    static final double PROVOKED_TIMEOUT_SECONDS = 0.02;
    /** How long the send-timeout server leaves its socket unread. */
    static final long SERVER_STALL_MILLIS = 200;
    /** The socket buffer sizes asked for on both ends of a send-timeout connection. */
    static final int SMALL_BUFFER = 4096;
    /** What the send-timeout client sends: far more than both small buffers hold. */
    static final int BLOCK_BYTES = 256 * 1024;

    final String label;

    Scenario(String label) {
        this.label = label;
    }

    static Scenario of(long cycle) {
        return SCHEDULE.get((int) (cycle % SCHEDULE.size()));
    }

    static Scenario ofLabel(String label) {
        for (Scenario scenario : values()) {
            if (scenario.label.equals(label)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("unknown scenario \"" + label + "\"");
    }

    /** The bytes a send-timeout client sends on connection {@code id}: its id, then noise. */
    static byte[] block(long id) {
        byte[] block = new byte[BLOCK_BYTES];
        long seed = id * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < block.length; i++) {
            if ((i & 7) == 0) {
                seed = seed * 6364136223846793005L + 1442695040888963407L;
            }
            block[i] = (byte) (seed >>> ((i & 7) * 8));
        }
        return block;
    }
}
