package io.loomsocket.differential;

import java.util.List;

/**
 * What the peer sends in a generated scenario: a byte stream cut into pieces, each sent in one
 * write (so each arrives whole), and how the peer ends it.
 *
 * @param pieces the stream, in the order sent
 * @param end how the stream ends once every piece is out (or when a scenario ends it early)
 */
record StreamPlan(List<byte[]> pieces, Ending end) {
    /** How the peer ends its side. */
    enum Ending {
        /** Leaves the connection open. */
        NONE("peer:shutdown()"),
        /** Half-close: FIN, and the peer still reads. */
        SHUTDOWN("peer:shutdown()"),
        /** Close: FIN. */
        CLOSE("peer:close()"),
        /** Close with linger 0: RST. */
        RESET("peer:reset()");

        /** The peer line; NONE ends with a FIN when a waiting receive needs the stream to end. */
        final String line;

        Ending(String line) {
            this.line = line;
        }
    }
}
