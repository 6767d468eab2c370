package io.loomsocket;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.SSLEngine;

/**
 * TLS for loomsocket's clients: LuaSec's {@code ssl.wrap} ({@link #wrap}), and a connect that
 * wraps and handshakes in one call ({@link #connect}). TLS runs under the receive and send
 * engines, as LuaSec runs under LuaSocket's buffer, so a {@link TlsClient} receives and sends
 * exactly as a {@link TcpClient} does; see {@link TlsClient} for what TLS changes.
 *
 * <pre>{@code
 * TlsConfig config = TlsConfig.client().trust(Path.of("ca.pem"));
 * try (TlsClient tls = Tls.connect("localhost", 8443, Duration.ofSeconds(5), config)) {
 *     tls.settimeout(2);
 *     tls.send("hello\n");
 *     System.out.println(tls.receiveString("*l"));
 * }
 * }</pre>
 */
public final class Tls {
    private Tls() {}

    /**
     * LuaSec's {@code ssl.wrap}: from now on this connection's bytes pass through TLS, and the
     * returned client is the connection (so is {@code client}, which now speaks TLS too: use
     * the returned one). Nothing is sent yet: call {@link TlsClient#dohandshake()}.
     *
     * @param client a connected client with nothing in its receive buffer
     * @param config which side, and how (a client checks the host name of {@link
     *     TlsConfig#serverName(String)}, which must then be set)
     * @return the TLS client
     * @throws TcpException the configuration's files or keys cannot be used ({@code kind}
     *     OTHER, with the reason)
     * @throws IllegalStateException a client that is closed, not connected, already wrapped, or
     *     holds received bytes
     * @throws IllegalArgumentException a null argument, or a client configuration that checks
     *     host names but has no server name
     */
    public static TlsClient wrap(TcpClient client, TlsConfig config) throws TcpException {
        if (client == null || config == null) {
            throw new IllegalArgumentException("client and config expected, got " + client
                    + " and " + config);
        }
        if (client instanceof TlsClient) {
            throw new IllegalStateException("already wrapped in TLS");
        }
        if (client.core.isClosed()) {
            throw new IllegalStateException("a connected tcp{client} expected, got a closed one");
        }
        var s = config.settings;
        if (s.client && s.verifyHostname && s.serverName == null) {
            throw new IllegalArgumentException("this client configuration checks the server's"
                    + " name: give it with TlsConfig.serverName(name), or turn the check off with"
                    + " verifyHostname(false)");
        }
        Address peer = client.getpeername();
        SSLEngine engine;
        try {
            engine = s.engine(peer.address(), peer.port());
        } catch (GeneralSecurityException | IOException e) {
            throw new TcpException(TcpException.Kind.OTHER, "TLS configuration: " + e.getMessage());
        }
        client.core.startTls(engine, s.closeTimeoutNanos);
        TlsClient tls = new TlsClient(client.views);
        client.views.becomeTls(tls);
        return tls;
    }

    /**
     * Connects to {@code host:port}, wraps the connection as a client that asks for and checks
     * {@code host} (unless the configuration names another server), and runs the handshake,
     * all within {@code timeout}; on any failure the socket is closed. The client comes back
     * with no timeouts set.
     *
     * @param host a name or address; also the server name, unless {@code config} has one
     * @param port the port
     * @param timeout the limit on the connect and the handshake together
     * @param config a client configuration
     * @return the connected, handshaken client
     * @throws TcpException the connect's failure, the handshake's ({@code "wantread"} and
     *     {@code "wantwrite"} when the time ran out), ...
     * @throws IllegalArgumentException a null argument or a server configuration
     */
    public static TlsClient connect(String host, int port, Duration timeout, TlsConfig config)
            throws TcpException {
        if (config == null || !config.isClient()) {
            throw new IllegalArgumentException("a client TlsConfig expected, got " + config);
        }
        TlsConfig named = config.settings.serverName == null
                ? config.serverName(TcpSocket.requireHost(host)) : config;
        TcpClient plain = Tcp.connect(host, port, timeout);
        boolean done = false;
        try {
            plain.setDeadline(timeout);
            TlsClient tls = wrap(plain, named);
            tls.dohandshake();
            tls.setDeadline(null);
            done = true;
            return tls;
        } finally {
            if (!done) {
                plain.core.close(false);
            }
        }
    }
}
