package io.loomsocket.soak;

import io.loomsocket.ReceiveException;
import io.loomsocket.SendException;
import io.loomsocket.Tcp;
import io.loomsocket.TcpClient;
import io.loomsocket.TcpException;
import io.loomsocket.TcpMaster;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fourth phase's mix, client side: many connections at once, each a {@link TcpMaster} that
 * goes through rounds of the {@link Kind}s in turn against a {@link WaitServer}. After each
 * round of lines, and after each connect again, a receive under a normal timeout on the same
 * socket, whose server stays silent, must time out on time; a watchdog closes the socket if it
 * has not ended {@link #STUCK_SECONDS} after its timeout. At the end each connection holds
 * unread data both ways (some half-closed) until the idle step is over, or says {@code bye}.
 */
final class WaitMix {
    /** What a round does. */
    enum Kind {
        /** Lines received under block timeouts of 2 to 40 microseconds. */
        BLOCK("tiny block timeouts"),
        /** Lines received under total timeouts of 2 microseconds to 3 ms. */
        TOTAL("total timeouts"),
        /** Lines received under deadlines 2 microseconds to 3 ms away, set again each time. */
        DEADLINE("deadlines"),
        /** A receive waits while another thread closes the socket; then connect again. */
        CLOSE_RECEIVE("close under a receive"),
        /** A send waits while another thread closes the socket; then connect again. */
        CLOSE_SEND("close under a send");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** A timed wait or a close's wake-up later than this is an error. */
    static final long LATE_LIMIT_NANOS = 500_000_000L;
    /** How long past its timeout a timed receive may go before the watchdog closes it. */
    static final long STUCK_SECONDS = 5;
    private static final String HOST = "127.0.0.1";
    private static final long LINE_LIMIT_NANOS = 30_000_000_000L;
    private static final ScheduledExecutorService WATCHDOG = Waits.WATCHDOG;

    /** A line was found lost or corrupted (counted already); the connection is given up. */
    private static final class Abandoned extends Exception {
        private static final long serialVersionUID = 1L;

        Abandoned() {
            super(null, null, false, false);
        }
    }

    private final Waits.Sizes sizes;
    private final int port;
    private final Tally tally;
    private final long seed;
    /** First connects in flight at once, well under the listener's backlog. */
    private final Semaphore connecting = new Semaphore(256);
    /** Counted down by each connection once it holds idle (or has ended). */
    final CountDownLatch atIdle;
    /** Released when the idle step is over. */
    final CountDownLatch idleOver = new CountDownLatch(1);

    final Lateness checks;
    final Lateness closeWakes;
    final AtomicLong lines = new AtomicLong();
    final AtomicLong[] timeouts = new AtomicLong[Kind.values().length];
    final AtomicLong midLine = new AtomicLong();
    final AtomicLong closedReceives = new AtomicLong();
    final AtomicLong closedSends = new AtomicLong();
    final AtomicLong sendsNotCut = new AtomicLong();
    final AtomicLong reconnects = new AtomicLong();
    final AtomicLong idle = new AtomicLong();
    final AtomicLong clientHalf = new AtomicLong();
    final AtomicLong serverHalf = new AtomicLong();

    WaitMix(Waits.Sizes sizes, int port, long seed, Tally tally) {
        this.sizes = sizes;
        this.port = port;
        this.seed = seed;
        this.tally = tally;
        this.atIdle = new CountDownLatch(sizes.connections());
        int checksEach = sizes.rounds() + 1;
        this.checks = new Lateness(sizes.connections() * checksEach);
        this.closeWakes = new Lateness(sizes.connections() * checksEach);
        for (int i = 0; i < timeouts.length; i++) {
            timeouts[i] = new AtomicLong();
        }
    }

    /** The kind of round {@code round} of connection {@code id}: every kind in turn. */
    static Kind kind(long id, int round) {
        return Kind.values()[(int) ((id + round) % Kind.values().length)];
    }

    /** One connection's rounds, then its idle hold or its end. */
    void run(long id) {
        String where = "waits connection " + id;
        SplittableRandom random = new SplittableRandom(seed + id * 0x9E3779B97F4A7C15L);
        TcpMaster master = null;
        TcpClient client = null;
        boolean holding = false;
        try {
            master = Tcp.tcp4();
            master.settimeout(10);
            connecting.acquire();
            try {
                client = master.connect(HOST, port);
            } finally {
                connecting.release();
            }
            tally.connections.incrementAndGet();
            int life = 0;
            for (int round = 0; round < sizes.rounds(); round++) {
                Kind kind = kind(id, round);
                switch (kind) {
                    case BLOCK, TOTAL, DEADLINE -> {
                        lines(client, id, round, kind, random, where);
                        check(client, where);
                    }
                    case CLOSE_RECEIVE -> {
                        closeReceive(client, random, where);
                        reconnect(client, where);
                        echo(client, id, round, where);
                    }
                    case CLOSE_SEND -> {
                        String key = sizes.name() + "." + id + "." + life;
                        long last = closeSend(client, key, random, where);
                        reconnect(client, where);
                        client.send("sunk " + key + " " + last + "\n");
                        String ok = client.receiveString();
                        if (!ok.equals("ok")) {
                            throw new Unexpected("\"ok\" expected after \"sunk\", got \"" + ok
                                    + "\"");
                        }
                        echo(client, id, round, where);
                    }
                }
                if (kind == Kind.CLOSE_RECEIVE || kind == Kind.CLOSE_SEND) {
                    life++;
                }
            }
            if (sizes.idle()) {
                String mode = startHold(client, id);
                holding = true;
                atIdle.countDown();
                idleOver.await();
                endHold(client, id, mode, where);
            } else {
                client.send("bye\n");
                Ending.expectEnd(client, where, tally);
            }
        } catch (Abandoned e) {
            // counted where it was found
        } catch (Unexpected e) {
            tally.error(where, e.getMessage());
        } catch (Exception e) {
            tally.error(where, e);
        } finally {
            if (client != null) {
                tally.close(client);
            } else if (master != null) {
                master.close();
            }
            if (!holding) {
                atIdle.countDown();
            }
        }
    }

    /** Asks for lines and receives each under the round's short limits. */
    private void lines(TcpClient client, long id, int round, Kind kind, SplittableRandom random,
            String where) throws Exception {
        int count = 1 + random.nextInt(3);
        client.settimeout(10);
        client.send("lines " + id + " " + round + " " + count + " " + random.nextLong() + "\n");
        for (int k = 0; k < count; k++) {
            String expected = Waits.line(id, round, k);
            String line = receiveUnder(client, kind, expected, random, where);
            if (!line.equals(expected)) {
                tally.lost(where, "under " + kind.label + ", \"" + expected + "\" expected, got \""
                        + line + "\"");
                throw new Abandoned();
            }
            lines.incrementAndGet();
        }
        normalLimits(client);
    }

    /**
     * Receives one line under short limits set again before each try; each timeout's partial,
     * passed back as the prefix, must be the line's beginning, longer or as long as before.
     */
    private String receiveUnder(TcpClient client, Kind kind, String expected,
            SplittableRandom random, String where) throws Exception {
        String partial = "";
        long giveUp = System.nanoTime() + LINE_LIMIT_NANOS;
        while (true) {
            shortLimits(client, kind, random);
            try {
                return client.receiveString("*l", partial);
            } catch (ReceiveException e) {
                if (!e.isTimeout()) {
                    throw new Unexpected("a receive under " + kind.label + " with the prefix \""
                            + partial + "\" failed " + Tally.describe(e));
                }
                String longer = e.partialString();
                if (!longer.startsWith(partial) || !expected.startsWith(longer)) {
                    tally.lost(where, "a timeout under " + kind.label + " with the prefix \""
                            + partial + "\" gave the partial \"" + longer + "\"; the line is \""
                            + expected + "\"");
                    throw new Abandoned();
                }
                timeouts[kind.ordinal()].incrementAndGet();
                if (!longer.isEmpty()) {
                    midLine.incrementAndGet();
                }
                partial = longer;
                if (System.nanoTime() - giveUp > 0) {
                    throw new Unexpected("a line did not come within 30 s under " + kind.label
                            + "; partial \"" + partial + "\"");
                }
            }
        }
    }

    private static void shortLimits(TcpClient client, Kind kind, SplittableRandom random) {
        switch (kind) {
            case BLOCK -> client.settimeout(micros(random, 2, 40));
            case TOTAL -> {
                client.settimeout(random.nextInt(4) == 0 ? micros(random, 2, 40) : -1);
                client.settimeout(random.nextBoolean() ? micros(random, 2, 40)
                        : micros(random, 40, 3000), "t");
            }
            case DEADLINE -> {
                client.settimeout(random.nextBoolean() ? -1 : 10);
                client.setDeadline(Duration.ofNanos(random.nextLong(2_000, 3_000_000)));
            }
            default -> throw new IllegalArgumentException("no short limits for " + kind);
        }
    }

    private static double micros(SplittableRandom random, int from, int to) {
        return random.nextInt(from, to + 1) / 1e6;
    }

    private static void normalLimits(TcpClient client) {
        client.setDeadline(null);
        client.settimeout(-1, "t");
        client.settimeout(10);
    }

    /**
     * A receive under a normal timeout on a socket whose server stays silent: it must time out,
     * on time, with nothing. A wait that has not ended {@link #STUCK_SECONDS} after its timeout
     * is ended by closing the socket, and is an error.
     */
    private void check(TcpClient client, String where) throws Exception {
        double seconds = sizes.checkSeconds();
        long timeoutNanos = (long) (seconds * 1e9);
        client.setDeadline(null);
        client.settimeout(-1, "t");
        client.settimeout(seconds);
        AtomicBoolean stuck = new AtomicBoolean();
        ScheduledFuture<?> watch = WATCHDOG.schedule(() -> {
            stuck.set(true);
            client.close();
        }, timeoutNanos + TimeUnit.SECONDS.toNanos(STUCK_SECONDS), TimeUnit.NANOSECONDS);
        long started = System.nanoTime();
        try {
            String line = client.receiveString();
            throw new Unexpected("a timed receive on a silent connection returned \"" + line
                    + "\"");
        } catch (ReceiveException e) {
            long elapsed = System.nanoTime() - started;
            watch.cancel(false);
            if (stuck.get()) {
                tally.deadlineLost(where, String.format("a receive under settimeout(%s) had not"
                        + " ended %d s after its timeout; the watchdog closed the socket (%s;"
                        + " load average %s)", seconds, STUCK_SECONDS, Tally.describe(e),
                        CpuTime.loadAverage()));
                throw new Abandoned();
            }
            if (!e.isTimeout() || e.partialLength() != 0) {
                throw new Unexpected("a timed receive on a silent connection failed "
                        + Tally.describe(e));
            }
            long late = elapsed - timeoutNanos;
            if (late < 0) {
                throw new Unexpected(String.format("a receive under settimeout(%s) timed out"
                        + " %.1f ms early", seconds, -late / 1e6));
            }
            checks.add(late);
            tally.overrun(late);
            if (late > LATE_LIMIT_NANOS) {
                tally.error(where, String.format("a receive under settimeout(%s) ended %.3f s"
                        + " late (load average %s)", seconds, late / 1e9,
                        CpuTime.loadAverage()));
            }
        } finally {
            watch.cancel(false);
        }
        client.settimeout(10);
    }

    /** A receive waits on a socket whose server stays silent until another thread closes it. */
    private void closeReceive(TcpClient client, SplittableRandom random, String where)
            throws Exception {
        client.settimeout(10);
        client.send("hold\n");
        client.settimeout(random.nextBoolean() ? -1 : 30);
        Closer closer = Closer.start(client, closePause(random));
        try {
            String line = client.receiveString();
            closer.ended();
            throw new Unexpected("a receive on a socket closed under it returned \"" + line
                    + "\"");
        } catch (ReceiveException e) {
            judgeClose(e, closer.ended(), closer, "receive", where);
            if (e.partialLength() != 0) {
                throw new Unexpected("a receive closed under it had a partial from a silent"
                        + " server: " + Tally.describe(e));
            }
        } finally {
            closer.join();
        }
        closedReceives.incrementAndGet();
    }

    /**
     * A send of {@link Waits#BLOCK} waits on a full socket (the server reads nothing for a
     * while) until another thread closes it; returns the last index it reported.
     */
    private long closeSend(TcpClient client, String key, SplittableRandom random, String where)
            throws Exception {
        client.settimeout(10);
        client.send("sink " + key + "\n");
        client.setoption("send-buffer-size", 4096);
        client.settimeout(random.nextBoolean() ? -1 : 30);
        Closer closer = Closer.start(client, closePause(random));
        long last;
        try {
            last = client.send(Waits.BLOCK);
            closer.ended();
            sendsNotCut.incrementAndGet();
        } catch (SendException e) {
            judgeClose(e, closer.ended(), closer, "send", where);
            last = e.lastIndex();
            if (last < 0 || last > Waits.BLOCK.length) {
                throw new Unexpected("a send closed under it reported the last index " + last);
            }
            closedSends.incrementAndGet();
        } finally {
            closer.join();
        }
        return last;
    }

    /** Closes at once (1 in 5: maybe before the call waits), or 50 microseconds to 20 ms on. */
    private static long closePause(SplittableRandom random) {
        return random.nextInt(5) == 0 ? 0 : random.nextLong(50_000, 20_000_000);
    }

    private void judgeClose(TcpException e, long nanos, Closer closer, String call,
            String where) throws Unexpected, Abandoned {
        if (closer.interruptedWaiter()) {
            tally.deadlineLost(where, "a " + call + " waiting on a socket closed by another"
                    + " thread had not ended " + Closer.GRACE_SECONDS + " s after the close; the"
                    + " thread was interrupted (" + Tally.describe(e) + ")");
            throw new Abandoned();
        }
        if (!"closed".equals(e.getMessage())) {
            throw new Unexpected("a " + call + " waiting on a socket closed by another thread"
                    + " failed " + Tally.describe(e) + ", not \"closed\"");
        }
        if (nanos < 0) {
            throw new Unexpected("a " + call + " failed \"closed\" before another thread began"
                    + " to close its socket");
        }
        closeWakes.add(nanos);
        if (nanos > LATE_LIMIT_NANOS) {
            tally.error(where, String.format("a %s waiting on a socket closed by another thread"
                    + " ended %.3f s after the close began (load average %s)", call, nanos / 1e9,
                    CpuTime.loadAverage()));
        }
    }

    /**
     * The closed object connects again (the same object, LuaSocket's {@code close()} then
     * {@code connect()}); its first timed receive must wait and end on time.
     */
    private void reconnect(TcpClient client, String where) throws Exception {
        normalLimits(client);
        client.connect(HOST, port);
        tally.connections.incrementAndGet();
        reconnects.incrementAndGet();
        check(client, where);
    }

    private void echo(TcpClient client, long id, int round, String where) throws Exception {
        client.settimeout(10);
        String line = CheckedLine.make("wait", id, 1000 + round);
        client.send(line + "\n");
        String echo = client.receiveString();
        String problem = CheckedLine.check(echo, "wait", id, 1000 + round);
        if (problem != null) {
            tally.lost(where, problem);
            throw new Abandoned();
        }
    }

    /**
     * Leaves the connection idle with unread data both ways: a trailer sent to the server, and
     * the server's trailer, neither read until the idle step is over; a quarter of the
     * connections also half-closed by this end, a quarter by the server's. Returns the mode.
     */
    private String startHold(TcpClient client, long id) throws Exception {
        String mode = switch ((int) (id % 4)) {
            case 2 -> "client-half";
            case 3 -> "server-half";
            default -> "open";
        };
        client.settimeout(30);
        client.send("idle " + id + " " + mode + "\n" + CheckedLine.make("ctrail", id, 0) + "\n");
        if (mode.equals("client-half")) {
            client.shutdown("send");
            clientHalf.incrementAndGet();
        } else if (mode.equals("server-half")) {
            serverHalf.incrementAndGet();
        }
        idle.incrementAndGet();
        return mode;
    }

    /** After the idle step: reads the server's trailer, and ends as the mode says. */
    private void endHold(TcpClient client, long id, String mode, String where) throws Exception {
        String trailer = client.receiveString();
        String problem = CheckedLine.check(trailer, "strail", id, 0);
        if (problem != null) {
            tally.lost(where, problem);
        }
        switch (mode) {
            case "server-half" -> {
                Ending.expectEnd(client, where, tally);
                client.send("bye\n");
            }
            case "client-half" -> Ending.expectEnd(client, where, tally);
            default -> {
                client.send("bye\n");
                Ending.expectEnd(client, where, tally);
            }
        }
    }
}
