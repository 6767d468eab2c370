package io.loomsocket.soak;

import io.loomsocket.ReceiveException;
import io.loomsocket.TcpClient;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * The server's end in the fourth phase ({@link Waits}): runs the commands that its client sends,
 * one line each, until the connection is over:
 *
 * <ul>
 *   <li>{@code lines <id> <round> <count> <seed>}: sends {@code count} checked lines, each cut in
 *       one to three pieces sent at moments drawn from the seed (at once, microseconds or
 *       milliseconds apart), so that the client's short timeouts and deadlines run out between
 *       pieces; then reads the next command, silent meanwhile (the client's timed receive then
 *       waits its whole timeout);
 *   <li>a checked line: echoes it;
 *   <li>{@code hold}: the client will close its socket while a receive waits on it: reads until
 *       the end of the stream, which must come with no data;
 *   <li>{@code sink <key>}: the client will close while a send waits: reads nothing for
 *       {@link #SINK_STALL_MILLIS} (so the send fills the buffers and waits), then every byte
 *       until the end of the stream, each compared with {@link Waits#BLOCK}, and keeps the count
 *       under the key;
 *   <li>{@code sunk <key> <last>}: the client, connected again, says the last index its cut
 *       send reported; it must equal the bytes that arrived (none lost, none invented); answers
 *       {@code ok};
 *   <li>{@code idle <id> <open|client-half|server-half>}: sends a checked trailer the client
 *       will not read yet (and shuts its sending side down, for {@code server-half}), and reads
 *       nothing (the client's own trailer waits unread, and for {@code client-half} its end of
 *       stream) until the soak says {@code idle-over} ({@link #endIdle}); then reads the trailer
 *       and the end, {@code bye} or the end of the stream;
 *   <li>{@code bye}: the end; the caller closes.
 * </ul>
 */
final class WaitServer implements Listener.Handler {
    /** How long a {@code sink} leaves its socket unread before it drains it. */
    static final long SINK_STALL_MILLIS = 300;
    /** The longest a command may be awaited: longer than any wait of the client's. */
    private static final double COMMAND_TIMEOUT_SECONDS = 60;
    /** Released by the soak's {@code idle-over}, once the idle CPU has been measured. */
    private static final CountDownLatch IDLE_OVER = new CountDownLatch(1);

    private final Tally tally;
    /** Bytes each {@code sink} received, by key, for the {@code sunk} that follows. */
    private final ConcurrentHashMap<String, CompletableFuture<Long>> sunk =
            new ConcurrentHashMap<>();

    WaitServer(Tally tally) {
        this.tally = tally;
    }

    /** Ends the idle step: every connection held idle reads on. */
    static void endIdle() {
        IDLE_OVER.countDown();
    }

    @Override
    public void handle(TcpClient client) throws Exception {
        client.settimeout(COMMAND_TIMEOUT_SECONDS);
        while (true) {
            String line = client.receiveString();
            String[] fields = line.split(" ");
            switch (fields[0]) {
                case "lines" -> sendLines(client, Long.parseLong(fields[1]),
                        Long.parseLong(fields[2]), Integer.parseInt(fields[3]),
                        Long.parseLong(fields[4]));
                case "hold" -> {
                    CycleServer.expectPeerGone(client);
                    return;
                }
                case "sink" -> {
                    sink(client, fields[1]);
                    return;
                }
                case "sunk" -> checkSunk(client, fields[1], Long.parseLong(fields[2]));
                case "idle" -> {
                    idle(client, Long.parseLong(fields[1]), fields[2]);
                    return;
                }
                case "bye" -> {
                    return;
                }
                default -> {
                    String corrupt = CheckedLine.corruption(line);
                    if (corrupt != null) {
                        tally.lost("server waits", corrupt);
                    }
                    client.send(line + "\n");
                }
            }
        }
    }

    private static void sendLines(TcpClient client, long id, long round, int count, long seed)
            throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        for (int k = 0; k < count; k++) {
            String line = Waits.line(id, round, k) + "\n";
            int pieces = 1 + random.nextInt(3);
            int start = 0;
            for (int piece = 1; piece <= pieces; piece++) {
                int end = piece == pieces ? line.length()
                        : start + random.nextInt(line.length() - start);
                pause(random);
                if (end > start) {
                    client.send(line.substring(start, end));
                }
                start = end;
            }
        }
    }

    /** None (4 in 10), 5 to 100 microseconds (3 in 10), or 0.2 to 3 ms (3 in 10). */
    private static void pause(SplittableRandom random) {
        int draw = random.nextInt(10);
        if (draw < 4) {
            return;
        }
        LockSupport.parkNanos(draw < 7 ? random.nextLong(5_000, 100_000)
                : random.nextLong(200_000, 3_000_000));
    }

    private void sink(TcpClient client, String key) throws Exception {
        Thread.sleep(SINK_STALL_MILLIS);
        client.settimeout(10);
        long received = 0;
        String problem = null;
        while (true) {
            byte[] some;
            try {
                some = client.receiveSome(65536);
            } catch (ReceiveException e) {
                if (!Tally.isPeerGone(e)) {
                    throw new Unexpected("the end of a cut send expected, got "
                            + Tally.describe(e));
                }
                if (!e.getMessage().equals("closed")) {
                    problem = "the cut send's connection ended with \"" + e.getMessage()
                            + "\" after " + received + " bytes";
                }
                break;
            }
            if (problem == null && !matchesBlock(some, received)) {
                problem = "bytes " + received + " to " + (received + some.length)
                        + " of the cut send differ from what was sent";
            }
            received += some.length;
        }
        if (problem != null) {
            tally.lost("server waits " + key, problem);
        }
        sunk.computeIfAbsent(key, k -> new CompletableFuture<>()).complete(received);
    }

    private static boolean matchesBlock(byte[] some, long offset) {
        return offset + some.length <= Waits.BLOCK.length
                && Arrays.equals(some, 0, some.length, Waits.BLOCK, (int) offset,
                        (int) offset + some.length);
    }

    private void checkSunk(TcpClient client, String key, long last) throws Exception {
        long received;
        try {
            received = sunk.computeIfAbsent(key, k -> new CompletableFuture<>())
                    .get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new Unexpected("the cut send " + key + " was not drained within 30 s");
        } finally {
            sunk.remove(key);
        }
        if (received != last) {
            tally.lost("server waits " + key, "the cut send reported " + last
                    + " bytes sent and " + received + " arrived");
        }
        client.send("ok\n");
    }

    private void idle(TcpClient client, long id, String mode) throws Exception {
        client.send(CheckedLine.make("strail", id, 0) + "\n");
        if (mode.equals("server-half")) {
            client.shutdown("send");
        }
        if (!IDLE_OVER.await(600, TimeUnit.SECONDS)) {
            throw new Unexpected("the idle step did not end within 600 s");
        }
        client.settimeout(30);
        String trailer = client.receiveString();
        String problem = CheckedLine.check(trailer, "ctrail", id, 0);
        if (problem != null) {
            tally.lost("server waits idle " + id, problem);
        }
        if (mode.equals("client-half")) {
            CycleServer.expectPeerGone(client);
            return;
        }
        String bye = client.receiveString();
        if (!bye.equals("bye")) {
            throw new Unexpected("\"bye\" expected after the idle step, got \"" + bye + "\"");
        }
    }
}
