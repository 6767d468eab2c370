package io.loomsocket;

import io.loomsocket.internal.tls.TlsIo;
import io.loomsocket.internal.tls.TlsSessionInfo;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLSession;

/**
 * A client connection that speaks TLS (LuaSec's {@code SSL:Connection}): every receive and send
 * of {@link TcpClient}, with its patterns, prefixes, partials, {@code maxsize}, {@code i}/{@code
 * j}, timeouts, deadline, stats, stream views and charset forms, works on the plaintext, and
 * TLS's own methods are here. Made by {@link Tls#wrap}, {@link Tls#connect} or {@link
 * TcpService#startTls}.
 *
 * <pre>{@code
 * try (TlsClient tls = Tls.connect("example.test", 443, Duration.ofSeconds(5), TlsConfig.client())) {
 *     tls.settimeout(5);
 *     tls.send("GET / HTTP/1.0\r\nHost: example.test\r\n\r\n");
 *     String status = tls.receiveString("*l");
 * }
 * }</pre>
 *
 * <p>What differs from plain TCP, as in LuaSec:
 *
 * <ul>
 *   <li>A wait that times out inside TLS fails with {@code "wantread"} or {@code "wantwrite"}
 *       (kind {@link TcpException.Kind#TIMEOUT}), carrying the partial or the last index as
 *       {@code "timeout"} does; pass them back the same way.
 *   <li>A send's last index counts only plaintext whose TLS records are wholly in the kernel.
 *       A timeout can cut a record: its rest goes out first in the next send, which must offer
 *       the same bytes from {@code last + 1} (as OpenSSL requires), and then they count as sent
 *       without being sent twice. A next send with other bytes fails {@code "bad write retry"}
 *       after the cut record has gone out (its bytes then reach the peer, which the failed send
 *       did not report); a close sends it out too, within its bound.
 *   <li>The end of the peer's stream is its close_notify: {@code *a} succeeds on it and {@code
 *       "closed"} follows. A stream that ends without one fails {@code "unexpected eof while
 *       reading"} (OpenSSL 3's text, kind {@link TcpException.Kind#CLOSED}).
 *   <li>No receive or send before {@link #dohandshake()} has succeeded: they fail {@code
 *       "closed"}, as in LuaSec.
 *   <li>{@link #close()} sends close_notify and then, within {@link
 *       TlsConfig#closeTimeout(Duration)}, reads and drops whatever the peer still sends until
 *       its close_notify or end of stream: that keeps the kernel from resetting the connection
 *       (which makes the peer lose what it has not read yet) when records such as TLS 1.3
 *       session tickets were never read here. {@code shutdown("send")} sends close_notify before
 *       the FIN.
 *   <li>Handshake failures carry OpenSSL's reason text where JSSE's cause matches one ({@code
 *       "certificate verify failed"}, {@code "wrong version number"}, {@code "no shared
 *       cipher"}, {@code "sslv3 alert handshake failure"}, {@code "tlsv1 alert unknown ca"},
 *       {@code "unexpected eof while reading"}, ...; the table is in ARCHITECTURE.md) and JSSE's
 *       message otherwise.
 * </ul>
 */
public final class TlsClient extends TcpClient {
    TlsClient(Views views) {
        super(views);
    }

    private TlsIo layer() {
        return core.tls();
    }

    /**
     * LuaSec's {@code dohandshake}: runs the handshake under this client's timeouts and
     * deadline. A timeout leaves the handshake where it was; call again to go on.
     *
     * @throws TcpException {@code "wantread"} or {@code "wantwrite"} on a timeout (kind {@link
     *     TcpException.Kind#TIMEOUT}), {@code "closed"}, or the handshake's failure in
     *     OpenSSL's words where there are some (see the class comment)
     */
    public void dohandshake() throws TcpException {
        core.handshake();
    }

    /**
     * The peer's certificate chain, the peer's own first (LuaSec's {@code getpeerchain}).
     *
     * @return the chain; empty before the handshake or when the peer sent none
     */
    public List<X509Certificate> getpeerchain() {
        return TlsSessionInfo.peerChain(session());
    }

    /**
     * The peer's own certificate (LuaSec's {@code getpeercertificate()}).
     *
     * @return the certificate, or null before the handshake or when the peer sent none
     */
    public X509Certificate getpeercertificate() {
        List<X509Certificate> chain = getpeerchain();
        return chain.isEmpty() ? null : chain.get(0);
    }

    /**
     * Whether the peer's chain verified, and if not why, in OpenSSL's words ({@code
     * "self-signed certificate"}, {@code "unable to get local issuer certificate"}, ...), as
     * LuaSec's {@code getpeerverification}. With verification off (LuaSec's default) the chain
     * is still checked and the outcome reported here, but not acted on.
     *
     * @return the outcome; before a handshake, not verified with the reason {@code "no peer
     *     certificate"}
     */
    public Verification getpeerverification() {
        String outcome = TlsSessionInfo.verification(session(), layer().handshakeDone());
        return outcome.isEmpty() ? new Verification(true, null) : new Verification(false, outcome);
    }

    /**
     * The peer's chain's verification outcome.
     *
     * @param verified whether the chain verified
     * @param reason why not, in OpenSSL's words; null when verified
     */
    public record Verification(boolean verified, String reason) {}

    /**
     * The protocol ALPN agreed on (LuaSec's {@code getalpn}).
     *
     * @return the protocol, or null when none was agreed
     */
    public String getalpn() {
        String protocol = layer().engine().getApplicationProtocol();
        return protocol == null || protocol.isEmpty() ? null : protocol;
    }

    /**
     * The server name the client asked for (LuaSec's {@code getsniname}): on a server, what the
     * client sent; on a client, what it sent.
     *
     * @return the name, or null when none was sent
     */
    public String getsniname() {
        return TlsSessionInfo.serverName(layer().engine(), session());
    }

    /**
     * The negotiated protocol and cipher suite (LuaSec's {@code info("protocol")} and {@code
     * info("cipher")}, by JSSE's names: {@code "TLSv1.3"}, {@code "TLS_AES_256_GCM_SHA384"}).
     *
     * @return the two, or nulls before the handshake
     */
    public Info info() {
        if (!layer().handshakeDone()) {
            return new Info(null, null);
        }
        SSLSession session = session();
        return new Info(session.getProtocol(), session.getCipherSuite());
    }

    /**
     * The negotiated protocol and cipher suite.
     *
     * @param protocol such as {@code "TLSv1.3"}
     * @param cipher such as {@code "TLS_AES_256_GCM_SHA384"}
     */
    public record Info(String protocol, String cipher) {}

    /**
     * The JDK's session, for anything else (its creation time, peer principal, ...).
     *
     * @return the session (JSSE's placeholder before the handshake)
     */
    public SSLSession session() {
        return layer().engine().getSession();
    }
}
