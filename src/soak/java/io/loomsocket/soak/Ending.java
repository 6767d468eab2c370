package io.loomsocket.soak;

import io.loomsocket.ReceiveException;
import io.loomsocket.TcpClient;

/** The client's last receive on a connection that the server closes first. */
final class Ending {
    private Ending() {}

    /**
     * The server has closed (or reset): the receive must fail "closed" with nothing. A line or a
     * partial line here is a duplicate or a stray: it counts as lost; any other failure is an
     * unexpected error.
     */
    static void expectEnd(TcpClient client, String where, Tally tally) throws Unexpected {
        try {
            String extra = client.receiveString();
            tally.lost(where, "a line after the last one: \"" + extra + "\"");
        } catch (ReceiveException e) {
            if (!Tally.isPeerGone(e)) {
                throw new Unexpected("\"closed\" expected, got " + Tally.describe(e));
            }
            if (e.partialLength() != 0) {
                tally.lost(where, "bytes after the last line: \"" + e.partialString() + "\"");
            }
        }
    }
}
