package io.loomsocket.samples;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.loomsocket.ReceiveException;
import io.loomsocket.SendException;
import io.loomsocket.Tcp;
import io.loomsocket.TcpClient;
import io.loomsocket.TcpException;
import io.loomsocket.TcpServer;
import java.time.Duration;

/**
 * The four limits of a socket, side by side, each against the same peer: one that sends
 * {@code "hello"} a byte every 0.4 s, then its LF (the whole line takes 2.4 s). The README's
 * table "The four limits" shows the body of each method below.
 *
 * <pre>
 *   FourLimits          prints what each limit does to one receive of that line
 * </pre>
 */
public final class FourLimits {
    private FourLimits() {}

    /** One limit's example: what the receive gave, or how it failed. */
    public interface Example {
        /** Runs the example on {@code client}; returns what came of it. */
        String run(TcpClient client) throws TcpException;
    }

    /**
     * Runs the four examples one after the other (about 7 s).
     *
     * @param args none
     */
    public static void main(String[] args) throws Exception {
        System.out.println(run("block timeout", FourLimits::blockTimeout));
        System.out.println(run("total timeout", FourLimits::totalTimeout));
        System.out.println(run("idle timeout", FourLimits::idleTimeout));
        System.out.println(run("deadline", FourLimits::deadline));
    }

    /** The block timeout alone: one call, measured from its start; arriving bytes do not renew it. */
    public static String blockTimeout(TcpClient client) throws TcpException {
        client.settimeout(1);                               // the whole receive: 1 s
        try {
            return client.receiveString(UTF_8);
        } catch (ReceiveException e) {                      // at 1.0 s: "he", Limit.BLOCK
            return e.getMessage() + " " + e.limit() + " \"" + e.partialString() + "\"";
        }
    }

    /** The total timeout: one call from its start; a block timeout beside it caps each wait. */
    public static String totalTimeout(TcpClient client) throws TcpException {
        client.settimeout(0.5, "b");                        // each wait: 0.5 s
        client.settimeout(1.4, "t");                        // the whole receive: 1.4 s
        try {
            return client.receiveString(UTF_8);
        } catch (ReceiveException e) {                      // at 1.4 s: "hel", Limit.TOTAL
            return e.getMessage() + " " + e.limit() + " \"" + e.partialString() + "\"";
        }
    }

    /** The idle timeout: each wait, from the last byte that moved; bytes that come renew it. */
    public static String idleTimeout(TcpClient client) throws TcpException {
        client.setIdleTimeout(Duration.ofMillis(600));      // silent for 0.6 s: cut off
        return client.receiveString(UTF_8);                 // at 2.4 s: "hello"
    }

    /** The deadline: a point in time for every call; once it has passed, every call fails. */
    public static String deadline(TcpClient client) throws TcpException {
        client.setDeadline(Duration.ofMillis(1800));        // the connection: 1.8 s from now
        try {
            return client.receiveString(UTF_8);
        } catch (ReceiveException e) {                      // at 1.8 s: "hell", Limit.DEADLINE
            try {
                client.send("bye\n", UTF_8);                // fails at once: it has passed
            } catch (SendException late) {
                return e.limit() + " \"" + e.partialString() + "\", then " + late.limit();
            }
            return "the send went out";
        }
    }

    /**
     * Runs {@code example} on a client whose peer sends {@code "hello\n"} a byte every 0.4 s;
     * the line it prints says what came of it and when.
     *
     * @param name the limit's name
     * @param example the example
     * @return {@code name: result (after N s)}
     */
    public static String run(String name, Example example) throws Exception {
        try (TcpServer server = Tcp.bind("127.0.0.1", 0);
                TcpClient client = Tcp.connect("127.0.0.1", server.getsockname().port());
                TcpClient peer = server.accept()) {
            Thread dripping = Thread.ofVirtual().name("hello, slowly").start(() -> {
                try {
                    for (char c : "hello\n".toCharArray()) {
                        Thread.sleep(400);
                        peer.send(String.valueOf(c), UTF_8);
                    }
                } catch (InterruptedException | TcpException e) {
                    // the example is over: its client is gone
                }
            });
            long start = System.nanoTime();
            String result = example.run(client);
            double seconds = (System.nanoTime() - start) / 1e9;
            dripping.interrupt();
            return String.format("%s: %s (after %.1f s)", name, result, seconds);
        }
    }
}
