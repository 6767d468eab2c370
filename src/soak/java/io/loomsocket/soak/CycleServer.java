package io.loomsocket.soak;

import io.loomsocket.Linger;
import io.loomsocket.ReceiveException;
import io.loomsocket.TcpClient;
import java.util.Arrays;

/** The server's end of each first-phase cycle ({@link Scenario}); the caller closes. */
final class CycleServer implements Listener.Handler {
    private final Scenario scenario;
    private final Tally tally;

    CycleServer(Scenario scenario, Tally tally) {
        this.scenario = scenario;
        this.tally = tally;
    }

    @Override
    public void handle(TcpClient client) throws Exception {
        client.settimeout(10);
        String line = client.receiveString();
        String corrupt = CheckedLine.corruption(line);
        if (corrupt != null) {
            tally.lost("server " + scenario.label, corrupt);
            return;
        }
        String[] fields = line.split(" ");
        if (!fields[0].equals(scenario.label)) {
            throw new Unexpected("a " + fields[0] + " line on the " + scenario.label + " port");
        }
        switch (scenario) {
            case ECHO -> client.send(line + "\n");
            case CLIENT_RESET -> {
                client.send(line + "\n");
                expectPeerGone(client);
            }
            case SERVER_RESET -> client.setoption("linger", new Linger(true, 0));
            case RECEIVE_TIMEOUT -> receiveTimeout(client);
            case SEND_TIMEOUT -> sendTimeout(client, Long.parseLong(fields[1]));
        }
    }

    /** The client waits for "par", so this receive must time out with nothing. */
    private static void receiveTimeout(TcpClient client) throws Exception {
        client.settimeout(Scenario.PROVOKED_TIMEOUT_SECONDS);
        try {
            String early = client.receiveString();
            throw new Unexpected("a provoked receive timeout returned \"" + early + "\"");
        } catch (ReceiveException e) {
            if (!e.isTimeout() || e.partialLength() != 0) {
                throw new Unexpected("a provoked receive timeout failed " + Tally.describe(e));
            }
        }
        client.settimeout(10);
        client.send("par");
        String go = client.receiveString();
        if (!go.equals("go")) {
            throw new Unexpected("\"go\" expected, got \"" + go + "\"");
        }
        client.send("tial\n");
    }

    /** Leaves the socket unread while the client's send times out, then checks every byte. */
    private void sendTimeout(TcpClient client, long id) throws Exception {
        Thread.sleep(Scenario.SERVER_STALL_MILLIS);
        byte[] received = client.receive(Scenario.BLOCK_BYTES);
        if (!Arrays.equals(received, Scenario.block(id))) {
            tally.lost("server send-timeout", "block of connection " + id + " differs");
        }
        client.send("ok\n");
    }

    /** After a reset (or an orderly close) of the peer, a receive fails "closed" with nothing. */
    static void expectPeerGone(TcpClient client) throws Unexpected {
        try {
            String extra = client.receiveString();
            throw new Unexpected("\"closed\" expected, got \"" + extra + "\"");
        } catch (ReceiveException e) {
            if (!Tally.isPeerGone(e) || e.partialLength() != 0) {
                throw new Unexpected("\"closed\" expected, got " + Tally.describe(e));
            }
        }
    }
}
