package io.loomsocket.soak;

/**
 * The server's end in the second and third phases: echo each checked line (checking it first)
 * until the client says "bye", or stay silent until it does; then the caller closes, so the
 * client reads "closed" and the server, not the client, holds the TIME_WAIT.
 */
final class LineServer {
    private LineServer() {}

    /** Echoes checked lines until "bye". */
    static Listener.Handler echo(Tally tally) {
        return client -> {
            client.settimeout(120);
            while (true) {
                String line = client.receiveString();
                if (line.equals("bye")) {
                    return;
                }
                String corrupt = CheckedLine.corruption(line);
                if (corrupt != null) {
                    tally.lost("server echo", corrupt);
                }
                client.send(line + "\n");
            }
        };
    }

    /** Sends nothing; waits for "bye". */
    static Listener.Handler silent() {
        return client -> {
            client.settimeout(120);
            String line = client.receiveString();
            if (!line.equals("bye")) {
                throw new Unexpected("\"bye\" expected on a silent connection, got \"" + line
                        + "\"");
            }
        };
    }
}
