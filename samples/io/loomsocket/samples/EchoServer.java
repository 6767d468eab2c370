package io.loomsocket.samples;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.loomsocket.Address;
import io.loomsocket.Tcp;
import io.loomsocket.TcpClient;
import io.loomsocket.TcpException;
import io.loomsocket.TcpServer;
import io.loomsocket.TcpService;
import java.io.PrintStream;
import java.time.Duration;

/**
 * A line echo server, one virtual thread per connection, with two limits per connection and a
 * graceful close.
 *
 * <pre>
 *   EchoServer [PORT [CONNECTION-SECONDS [IDLE-SECONDS]]]     (defaults: 7000, 60, 10)
 * </pre>
 *
 * <p>A client may stay CONNECTION-SECONDS in all, however busy it keeps the line: a deadline
 * across every receive and send ({@code setDeadline}). It may stay silent IDLE-SECONDS at a time:
 * an idle timeout ({@code setIdleTimeout}), which every byte that arrives renews, so a client
 * that types slowly is not cut off in the middle of a line. (A block timeout, {@code
 * settimeout}, would limit each whole receive instead: a line that takes longer than it to
 * arrive would end the connection, however busy the client.) When either runs out, the
 * exception says which ({@code limit()}); the server says why in a last line, sends the end of
 * its stream ({@code shutdown("send")}) and waits a moment for the client's end before it
 * closes: a close with unread data in the kernel would reset the connection and could destroy
 * the last line before the client read it.
 *
 * <p>Ctrl-C stops the server: new connects are refused at once, and the open connections are
 * closed after a second's grace.
 */
public final class EchoServer {
    /** How long the goodbye (its send, and the wait for the client's end) may take. */
    private static final Duration GOODBYE_LIMIT = Duration.ofSeconds(1);

    private EchoServer() {}

    /**
     * Runs the server until Ctrl-C.
     *
     * @param args {@code [PORT [CONNECTION-SECONDS [IDLE-SECONDS]]]}
     */
    public static void main(String[] args) throws Exception {
        try {
            serve(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("EchoServer: " + e.getMessage());
            System.err.println("usage: EchoServer [PORT [CONNECTION-SECONDS [IDLE-SECONDS]]]");
            System.exit(2);
        }
    }

    /**
     * Serves on 127.0.0.1 until the calling thread is interrupted (or the JVM ends).
     *
     * @param args {@code [PORT [CONNECTION-SECONDS [IDLE-SECONDS]]]}
     * @param log where the port and each connection's end are logged
     * @throws TcpException the port cannot be bound
     */
    public static void serve(String[] args, PrintStream log) throws TcpException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 7000;
        Duration connectionLimit = Seconds.parse("CONNECTION-SECONDS",
                args.length > 1 ? args[1] : "60");
        Duration idleLimit = Seconds.parse("IDLE-SECONDS", args.length > 2 ? args[2] : "10");
        TcpServer server = Tcp.bind("127.0.0.1", port);
        log.println("echo server on 127.0.0.1:" + server.getsockname().port()
                + "; each connection may stay " + Seconds.format(connectionLimit) + ", idle "
                + Seconds.format(idleLimit));
        TcpService service = start(server, connectionLimit, idleLimit, log);
        Thread stopper = new Thread(() -> stop(service));
        Runtime.getRuntime().addShutdownHook(stopper); // Ctrl-C
        try {
            service.join();
        } catch (InterruptedException e) {
            Runtime.getRuntime().removeShutdownHook(stopper);
            stop(service);
            Thread.currentThread().interrupt();
        }
    }

    /** Refuses new connects at once, and closes the open ones after a second's grace. */
    private static void stop(TcpService service) {
        try {
            service.stop(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts serving on {@code server}, which the returned service owns.
     *
     * @param server a listening server
     * @param connectionLimit how long a connection may last in all
     * @param idleLimit how long a client may stay silent at a time
     * @param log where each connection's end is logged
     * @return the running service; close it to stop
     */
    public static TcpService start(TcpServer server, Duration connectionLimit, Duration idleLimit,
            PrintStream log) {
        return TcpService.start(server, client -> {
            Address peer = client.getpeername();
            String outcome = echo(client, connectionLimit, idleLimit);
            log.println(peer.address() + ":" + peer.port() + ": " + outcome);
        });
    }

    /** Echoes lines until the client leaves or a limit runs out; says how it ended. */
    private static String echo(TcpClient client, Duration connectionLimit, Duration idleLimit)
            throws TcpException {
        client.setDeadline(connectionLimit); // the whole connection, across every call
        client.setIdleTimeout(idleLimit); // and silence: renewed by every byte that comes
        int lines = 0;
        TcpException.Limit ranOut;
        try {
            while (true) {
                String line = client.receiveString(UTF_8);
                client.send(line + "\n", UTF_8);
                lines++;
            }
        } catch (TcpException e) {
            if (e.isClosed()) {
                return lines + " line(s), then the client left";
            }
            if (!e.isTimeout()) {
                throw e;
            }
            ranOut = e.limit(); // which of the two it was
        }
        String why = ranOut == TcpException.Limit.DEADLINE
                ? "connection limit of " + Seconds.format(connectionLimit) + " reached"
                : "idle for " + Seconds.format(idleLimit);
        closeGracefully(client, "bye: " + why);
        return lines + " line(s), then " + why;
    }

    /**
     * Sends a last line and the end of the stream, then reads (and drops) whatever the client
     * still sends until it closes its end, so that the close that follows sends a FIN, not a
     * reset. The deadline has passed, so the goodbye gets a short one of its own.
     */
    private static void closeGracefully(TcpClient client, String lastLine) {
        client.setDeadline(GOODBYE_LIMIT);
        try {
            client.send(lastLine + "\n", UTF_8);
            client.shutdown("send");
            while (true) {
                client.receiveSome(8192);
            }
        } catch (TcpException e) {
            // "closed": the client has closed its end; "timeout": it did not within the limit
        }
    }
}
