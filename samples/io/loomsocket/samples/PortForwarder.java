package io.loomsocket.samples;

import io.loomsocket.Address;
import io.loomsocket.ReceiveException;
import io.loomsocket.SendException;
import io.loomsocket.Tcp;
import io.loomsocket.TcpClient;
import io.loomsocket.TcpException;
import io.loomsocket.TcpServer;
import io.loomsocket.TcpService;
import java.io.PrintStream;
import java.time.Duration;

/**
 * A TCP port forwarder: every connection to 127.0.0.1:LISTEN-PORT is relayed to
 * TARGET-HOST:TARGET-PORT, byte for byte, in both directions.
 *
 * <pre>
 *   PortForwarder LISTEN-PORT TARGET-HOST TARGET-PORT
 * </pre>
 *
 * <p>Two virtual threads per connection, one per direction, each a loop of {@code
 * receiveSome} (whatever has arrived) and {@code send}. When one side ends its stream, the
 * forwarder ends the stream it writes to the other ({@code shutdown("send")}) and keeps the
 * other direction going: a client that half-closes after its request still gets the whole
 * answer. When both directions have ended, it logs the bytes each way from the two sockets'
 * {@code getstats()} and closes both.
 */
public final class PortForwarder {
    /** How long the connect to the target may take. */
    private static final Duration CONNECT_LIMIT = Duration.ofSeconds(5);

    private PortForwarder() {}

    /**
     * Runs the forwarder until Ctrl-C.
     *
     * @param args {@code LISTEN-PORT TARGET-HOST TARGET-PORT}
     */
    public static void main(String[] args) throws Exception {
        try {
            serve(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("PortForwarder: " + e.getMessage());
            System.err.println("usage: PortForwarder LISTEN-PORT TARGET-HOST TARGET-PORT");
            System.exit(2);
        }
    }

    /**
     * Forwards until the calling thread is interrupted (or the JVM ends), logging to {@code
     * log}.
     *
     * @param args {@code LISTEN-PORT TARGET-HOST TARGET-PORT}
     * @param log where the connections are logged
     * @throws TcpException the listening port cannot be bound
     */
    public static void serve(String[] args, PrintStream log) throws TcpException {
        if (args.length != 3) {
            throw new IllegalArgumentException("three arguments expected, got " + args.length);
        }
        int listenPort = Integer.parseInt(args[0]);
        String targetHost = args[1];
        int targetPort = Integer.parseInt(args[2]);
        TcpServer server = Tcp.bind("127.0.0.1", listenPort);
        log.println("forwarding 127.0.0.1:" + server.getsockname().port() + " to " + targetHost
                + ":" + targetPort);
        TcpService service = start(server, targetHost, targetPort, log);
        Thread stopper = new Thread(service::close);
        Runtime.getRuntime().addShutdownHook(stopper); // Ctrl-C
        try {
            service.join();
        } catch (InterruptedException e) {
            Runtime.getRuntime().removeShutdownHook(stopper);
            service.close();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts forwarding the connections {@code server} accepts; the service owns the server.
     *
     * @param server a listening server
     * @param targetHost where to connect to for each connection
     * @param targetPort its port
     * @param log where the connections are logged
     * @return the running service; close it to stop
     */
    public static TcpService start(TcpServer server, String targetHost, int targetPort,
            PrintStream log) {
        return TcpService.start(server, client -> {
            Address from = client.getpeername();
            String name = from.address() + ":" + from.port();
            TcpClient target;
            try {
                target = Tcp.connect(targetHost, targetPort, CONNECT_LIMIT);
            } catch (TcpException e) {
                log.println(name + ": cannot connect to " + targetHost + ":" + targetPort + ": "
                        + e.getMessage());
                return;
            }
            try (target) {
                Thread down = Thread.ofVirtual().name("forward-down").start(
                        () -> relay(target, client));
                relay(client, target); // up, on this thread
                down.join();
                log.println(name + ": " + target.getstats().sent() + " bytes up, "
                        + client.getstats().sent() + " bytes down");
            }
        });
    }

    /**
     * Copies {@code from} to {@code to} until {@code from} ends its stream, then ends {@code
     * to}'s: the half-close passed on. If {@code to} can take no more (a reset), it stops; the
     * other direction, which reads {@code to}, then ends too.
     */
    private static void relay(TcpClient from, TcpClient to) {
        try {
            while (true) {
                to.send(from.receiveSome(8192));
            }
        } catch (ReceiveException e) {
            to.shutdown("send"); // "closed": from has ended (or was reset)
        } catch (SendException e) {
            // to is gone: nothing more can be delivered, and the close will tell from
        }
    }
}
