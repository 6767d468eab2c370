package io.loomsocket.soak;

import io.loomsocket.Linger;
import io.loomsocket.ReceiveException;
import io.loomsocket.SendException;
import io.loomsocket.Tcp;
import io.loomsocket.TcpClient;
import io.loomsocket.TcpMaster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The first phase, client side: {@code count} connect/send/receive/close cycles of the
 * {@link Scenario} schedule, on {@code workers} virtual threads that each run one cycle at a
 * time. Every provoked timeout and reset is checked to be exactly what was provoked.
 */
final class Cycles {
    private static final String HOST = "127.0.0.1";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Slack for the send-timeout check: scheduling between the header and the send. */
    private static final long SLACK_NANOS = 50_000_000L;

    private final Map<String, Integer> ports;
    private final Tally tally;
    private final AtomicLong next = new AtomicLong();
    private final AtomicLong receiveTimeouts = new AtomicLong();
    private final AtomicLong sendTimeouts = new AtomicLong();
    private final AtomicLong sendsNotProvoked = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private final long count;

    private Cycles(long count, Map<String, Integer> ports, Tally tally) {
        this.count = count;
        this.ports = ports;
        this.tally = tally;
    }

    /** Runs the cycles; returns a one-line account of what ran. */
    static String run(long count, int workers, Map<String, Integer> ports, Tally tally)
            throws InterruptedException {
        Cycles cycles = new Cycles(count, ports, tally);
        long started = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            threads.add(Thread.ofVirtual().name("cycles-" + i).start(cycles::work));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return String.format("%d cycles on %d threads in %.1f s (%.0f/s): %d resets,"
                + " %d provoked receive timeouts (both ends), %d provoked send timeouts"
                + " (%d sends not provoked: the client came late)",
                count, workers, seconds, count / seconds, cycles.resets.get(),
                cycles.receiveTimeouts.get(), cycles.sendTimeouts.get(),
                cycles.sendsNotProvoked.get());
    }

    private void work() {
        long cycle;
        while ((cycle = next.getAndIncrement()) < count) {
            Scenario scenario = Scenario.of(cycle);
            String where = "cycle " + cycle + " (" + scenario.label + ")";
            TcpClient client = null;
            try {
                client = connect(scenario);
                tally.connections.incrementAndGet();
                client.settimeout(10);
                String line = CheckedLine.make(scenario.label, cycle, 0);
                client.send(line + "\n");
                long headerSent = System.nanoTime();
                switch (scenario) {
                    case ECHO -> {
                        echo(client, line, where);
                        Ending.expectEnd(client, where, tally);
                    }
                    case CLIENT_RESET -> {
                        echo(client, line, where);
                        client.setoption("linger", new Linger(true, 0));
                        resets.incrementAndGet();
                    }
                    case SERVER_RESET -> {
                        Ending.expectEnd(client, where, tally);
                        resets.incrementAndGet();
                    }
                    case RECEIVE_TIMEOUT -> receiveTimeout(client);
                    case SEND_TIMEOUT -> {
                        sendTimeout(client, cycle, headerSent);
                        String ok = client.receiveString();
                        if (!ok.equals("ok")) {
                            throw new Unexpected("\"ok\" expected, got \"" + ok + "\"");
                        }
                        Ending.expectEnd(client, where, tally);
                    }
                }
            } catch (Unexpected e) {
                tally.error(where, e.getMessage());
            } catch (Exception e) {
                tally.error(where, e);
            } finally {
                if (client != null) {
                    tally.close(client);
                }
            }
        }
    }

    private TcpClient connect(Scenario scenario) throws Exception {
        int port = ports.get(scenario.label);
        if (scenario != Scenario.SEND_TIMEOUT) {
            return Tcp.connect(HOST, port, CONNECT_TIMEOUT);
        }
        TcpMaster master = Tcp.tcp4(); // has its socket at once, so it takes options
        try {
            master.setoption("send-buffer-size", Scenario.SMALL_BUFFER);
            master.settimeout(10);
            return master.connect(HOST, port);
        } catch (Exception e) {
            master.close();
            throw e;
        }
    }

    private void echo(TcpClient client, String line, String where) throws Exception {
        String echo = client.receiveString();
        String problem = CheckedLine.check(echo, line.split(" ")[0],
                Long.parseLong(line.split(" ")[1]), 0);
        if (problem != null) {
            tally.lost(where, problem);
        }
    }

    /**
     * The server times out first (this end sends nothing yet), then sends "par" and no LF until
     * "go": each receive here, given what came so far as its prefix, must time out with a
     * longer prefix of "par" as its partial, until the partial is all of "par".
     */
    private void receiveTimeout(TcpClient client) throws Exception {
        client.settimeout(Scenario.PROVOKED_TIMEOUT_SECONDS);
        long deadline = System.nanoTime() + 10_000_000_000L;
        String partial = "";
        receiveTimeouts.incrementAndGet(); // the server's
        while (!partial.equals("par")) {
            if (System.nanoTime() - deadline > 0) {
                throw new Unexpected("\"par\" did not come; partial \"" + partial + "\"");
            }
            try {
                String early = client.receiveString("*l", partial);
                throw new Unexpected("a provoked receive timeout returned \"" + early + "\"");
            } catch (ReceiveException e) {
                String longer = e.partialString();
                if (!e.isTimeout() || !longer.startsWith(partial) || !"par".startsWith(longer)) {
                    throw new Unexpected("a provoked receive timeout with prefix \"" + partial
                            + "\" failed " + Tally.describe(e));
                }
                partial = longer;
                receiveTimeouts.incrementAndGet();
            }
        }
        client.settimeout(10);
        client.send("go\n");
        String whole = client.receiveString("*l", partial);
        if (!whole.equals("partial")) {
            tally.lost("receive-timeout", "\"partial\" expected, got \"" + whole + "\"");
        }
        Ending.expectEnd(client, "receive-timeout", tally);
    }

    /**
     * The server reads nothing for {@link Scenario#SERVER_STALL_MILLIS} after the header, so a
     * send with a short timeout that starts soon enough after it must time out; it then resumes
     * from the last index plus one.
     */
    private void sendTimeout(TcpClient client, long id, long headerSent) throws Exception {
        byte[] block = Scenario.block(id);
        client.settimeout(Scenario.PROVOKED_TIMEOUT_SECONDS);
        long sendStarted = System.nanoTime();
        long last;
        try {
            client.send(block);
            long stallLeftNanos = Scenario.SERVER_STALL_MILLIS * 1_000_000L
                    - (sendStarted - headerSent) - SLACK_NANOS;
            if (stallLeftNanos > Scenario.PROVOKED_TIMEOUT_SECONDS * 1e9) {
                throw new Unexpected("a send to a peer that was not reading completed");
            }
            sendsNotProvoked.incrementAndGet();
            return;
        } catch (SendException e) {
            last = e.lastIndex();
            if (!e.isTimeout() || last < 0 || last >= block.length) {
                throw new Unexpected("a provoked send timeout failed " + Tally.describe(e));
            }
        }
        sendTimeouts.incrementAndGet();
        client.settimeout(10);
        long end = client.send(block, last + 1);
        if (end != block.length) {
            throw new Unexpected("the resumed send ended at " + end + ", not " + block.length);
        }
    }
}
