package io.loomsocket.soak;

import io.loomsocket.ReceiveException;
import io.loomsocket.SendException;
import io.loomsocket.Stats;
import io.loomsocket.TcpClient;
import io.loomsocket.TcpException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one JVM of the soak counts: connections made, unexpected errors, lost lines, the bytes
 * its sockets sent and received ({@code getstats()}, taken as each socket is closed), and the
 * timed waits that did not end (deadlines lost). The first few of each problem are printed to
 * standard error with where they happened, so that a failing soak says why.
 */
final class Tally {
    private static final int PRINTED = 20;

    final AtomicLong connections = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong lost = new AtomicLong();
    /** Bytes the sockets closed so far handed to the kernel. */
    final AtomicLong sent = new AtomicLong();
    /** Bytes the sockets closed so far returned to their callers. */
    final AtomicLong received = new AtomicLong();
    /** Timed waits (and waits a close should have ended) that had not ended long after. */
    final AtomicLong deadlinesLost = new AtomicLong();
    /** The most nanoseconds past its timeout at which a timed wait ended. */
    final AtomicLong maxOverrun = new AtomicLong();
    private final AtomicLong printed = new AtomicLong();
    private final String side;

    Tally(String side) {
        this.side = side;
    }

    /** An error the scenario did not provoke. */
    void error(String where, Throwable failure) {
        errors.incrementAndGet();
        if (printed.incrementAndGet() <= PRINTED) {
            System.err.println(side + ": unexpected error in " + where + ": " + describe(failure)
                    + hint(failure.getMessage()));
            if (!(failure instanceof TcpException)) {
                failure.printStackTrace();
            }
        }
    }

    /** An outcome the scenario did not expect, with no exception behind it. */
    void error(String where, String what) {
        errors.incrementAndGet();
        if (printed.incrementAndGet() <= PRINTED) {
            System.err.println(side + ": unexpected in " + where + ": " + what);
        }
    }

    /**
     * Closes {@code client}, first adding what it sent and received over all its lives (an
     * object closed and connected again keeps its counts) to this JVM's totals.
     */
    void close(TcpClient client) {
        try {
            Stats stats = client.getstats();
            sent.addAndGet(stats.sent());
            received.addAndGet(stats.received());
        } catch (RuntimeException e) {
            error("getstats before a close", e);
        } finally {
            client.close();
        }
    }

    /** A timed wait ended {@code nanos} past its timeout. */
    void overrun(long nanos) {
        maxOverrun.accumulateAndGet(nanos, Math::max);
    }

    /** A timed wait that had not ended long after its time (an error too). */
    void deadlineLost(String where, String what) {
        deadlinesLost.incrementAndGet();
        error(where, what);
    }

    /** A line missing, duplicated or corrupted. */
    void lost(String where, String what) {
        lost.incrementAndGet();
        if (printed.incrementAndGet() <= PRINTED) {
            System.err.println(side + ": lost in " + where + ": " + what);
        }
    }

    /** Other work on the machine can use up the ephemeral ports: say so where it shows. */
    private static String hint(String message) {
        return "address already in use".equals(message)
                || "Cannot assign requested address".equals(message)
                ? " (ephemeral ports used up? see `ss -s`; wait 60 s for TIME_WAIT to clear)" : "";
    }

    static String describe(Throwable failure) {
        String text = failure.getClass().getSimpleName() + " \"" + failure.getMessage() + "\"";
        if (failure instanceof ReceiveException receive) {
            text += " partial \"" + receive.partialString() + "\"";
        } else if (failure instanceof SendException send) {
            text += " last " + send.lastIndex();
        }
        return text;
    }

    /** Whether {@code failure} is what a reset or an orderly close of the peer gives. */
    static boolean isPeerGone(TcpException failure) {
        String message = failure.getMessage();
        return "closed".equals(message) || "Connection reset by peer".equals(message);
    }
}
