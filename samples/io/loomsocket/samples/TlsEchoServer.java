package io.loomsocket.samples;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.loomsocket.Tcp;
import io.loomsocket.TcpException;
import io.loomsocket.TcpServer;
import io.loomsocket.TcpService;
import io.loomsocket.TlsClient;
import io.loomsocket.TlsConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A TLS line echo server: each connection's handshake runs on that connection's own virtual
 * thread under a handshake limit, so a slow or hostile client costs one parked thread, never the
 * accept loop; then lines come back with the negotiated protocol in front.
 *
 * <pre>
 *   TlsEchoServer PORT CERT.pem KEY.pem [CLIENT-CA.pem]
 * </pre>
 *
 * <p>With CLIENT-CA.pem, clients must show a certificate that CA signed. Try it with {@code
 * openssl s_client -connect 127.0.0.1:PORT -CAfile CA.pem}. Each connection may stay idle
 * 30 s at a time; its close sends close_notify and reads on until the client answers, so the
 * last line is never lost to a reset.
 */
public final class TlsEchoServer {
    private TlsEchoServer() {}

    /**
     * Runs the server until Ctrl-C.
     *
     * @param args {@code PORT CERT.pem KEY.pem [CLIENT-CA.pem]}
     */
    public static void main(String[] args) throws Exception {
        try {
            serve(args, System.out);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("TlsEchoServer: " + e.getMessage());
            System.err.println("usage: TlsEchoServer PORT CERT.pem KEY.pem [CLIENT-CA.pem]");
            System.exit(2);
        }
    }

    /**
     * Serves on 127.0.0.1 until the calling thread is interrupted.
     *
     * @param args {@code PORT CERT.pem KEY.pem [CLIENT-CA.pem]}
     * @param log where the port and each connection's end are logged
     */
    public static void serve(String[] args, PrintStream log) throws IOException {
        if (args.length < 3) {
            throw new IllegalArgumentException("PORT, CERT.pem and KEY.pem expected");
        }
        TlsConfig config = TlsConfig.server(Path.of(args[1]), Path.of(args[2]))
                .handshakeTimeout(Duration.ofSeconds(5));
        if (args.length > 3) {
            config = config.trust(Path.of(args[3])).requireClientCertificate(true);
        }
        TcpServer server = Tcp.bind("127.0.0.1", Integer.parseInt(args[0]));
        log.println("tls echo server on 127.0.0.1:" + server.getsockname().port());
        try (TcpService service = TcpService.startTls(server, config, client -> {
            log.println(client.getpeername().port() + ": " + echo(client));
        })) {
            service.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String echo(TlsClient client) throws TcpException {
        client.setIdleTimeout(Duration.ofSeconds(30)); // a client silent for 30 s, not a slow line
        String protocol = client.info().protocol();
        int lines = 0;
        try {
            while (true) {
                client.send(protocol + ": " + client.receiveString(UTF_8) + "\n", UTF_8);
                lines++;
            }
        } catch (TcpException e) {
            return lines + " line(s) over " + protocol + ", then " + e.getMessage();
        }
    }
}
