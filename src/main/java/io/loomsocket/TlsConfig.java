package io.loomsocket;

import io.loomsocket.internal.tls.LuaSecParams;
import io.loomsocket.internal.tls.Pem;
import io.loomsocket.internal.tls.TlsSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * How one side of a TLS connection behaves: its identity, whom it trusts, what it checks, and
 * what it offers. Immutable: each {@code with}-style method returns a changed copy, so one
 * configuration serves any number of connections (and they share its session cache).
 *
 * <p>Two ways to make one, which differ in their defaults on purpose:
 *
 * <ul>
 *   <li>Java's: {@link #client()} verifies the server's chain against the JDK's trusted
 *       certificates (or {@link #trust(Path)}'s) <em>and</em> checks that it names the host
 *       ({@link #serverName(String)}, which {@link Tls#connect} sets); turning either off takes
 *       {@link #verifyPeer(boolean)} or {@link #verifyHostname(boolean)}. {@link #server(Path,
 *       Path)} asks for no client certificate unless {@link #requireClientCertificate(boolean)}.
 *       {@link #of(SSLContext, boolean)} takes the JDK's own objects.
 *   <li>LuaSec's: {@link #luasec(Map)} takes {@code ssl.wrap}'s parameter table and means what
 *       LuaSec means: a client verifies nothing unless {@code verify = "peer"}, trusts only
 *       {@code cafile}/{@code capath}, and never checks a host name (LuaSec 1.2 does not).
 * </ul>
 *
 * <pre>{@code
 * TlsConfig java = TlsConfig.client().trust(Path.of("ca.pem"));          // verifies, checks names
 * TlsConfig lua = TlsConfig.luasec(Map.of("mode", "client", "protocol", "tlsv1_2",
 *         "verify", "peer", "cafile", "ca.pem"));                       // verifies the chain only
 * }</pre>
 */
public final class TlsConfig {
    final TlsSettings settings;

    private TlsConfig(TlsSettings settings) {
        this.settings = settings;
    }

    /**
     * A client that verifies the server's chain against the JDK's default trusted certificates
     * and checks the server's name (set with {@link #serverName(String)}).
     *
     * @return the configuration
     */
    public static TlsConfig client() {
        TlsSettings s = new TlsSettings();
        s.client = true;
        s.verifyPeer = true;
        s.verifyHostname = true;
        return new TlsConfig(s);
    }

    /**
     * A server with the certificate chain and private key of two PEM files (as OpenSSL writes
     * them: the key in PKCS#8, PKCS#1 or SEC 1, unencrypted). It asks for no client certificate.
     *
     * @param certificateChain PEM certificates, this server's first
     * @param privateKey the PEM private key of the first certificate
     * @return the configuration
     * @throws IOException a file that cannot be read or holds no certificate or key
     */
    public static TlsConfig server(Path certificateChain, Path privateKey) throws IOException {
        return server(certificateChain, privateKey, null);
    }

    /**
     * {@link #server(Path, Path)} with an encrypted private key ({@code ENCRYPTED PRIVATE KEY},
     * as {@code openssl pkcs8 -topk8} writes it).
     *
     * @param certificateChain PEM certificates, this server's first
     * @param privateKey the PEM private key of the first certificate
     * @param password the key's password, or null for an unencrypted key
     * @return the configuration
     * @throws IOException a file that cannot be read, a key that cannot be decrypted
     */
    public static TlsConfig server(Path certificateChain, Path privateKey, char[] password)
            throws IOException {
        require(certificateChain, "certificateChain");
        require(privateKey, "privateKey");
        TlsSettings s = new TlsSettings();
        s.client = false;
        s.key = Pem.privateKey(privateKey, password);
        s.chain = Pem.certificates(certificateChain);
        return new TlsConfig(s);
    }

    /**
     * A server whose key and chain are in a key store (PKCS#12 or JKS).
     *
     * @param keyStore the key store
     * @param password its keys' password
     * @return the configuration
     */
    public static TlsConfig server(KeyStore keyStore, char[] password) {
        TlsSettings s = new TlsSettings();
        s.client = false;
        s.keyStore = require(keyStore, "keyStore");
        s.keyStorePassword = password == null ? new char[0] : password.clone();
        return new TlsConfig(s);
    }

    /**
     * A configuration on a context the caller made: its key managers and trust managers decide
     * everything about identity and trust. A client still checks the host name unless {@link
     * #verifyHostname(boolean)} turns it off (the check is JSSE's endpoint identification).
     * {@link TlsClient#getpeerverification()} reports only success here: the context's trust
     * manager either accepted the peer or failed the handshake.
     *
     * @param context an initialised {@code SSLContext}
     * @param client true for the client side
     * @return the configuration
     */
    public static TlsConfig of(SSLContext context, boolean client) {
        TlsSettings s = new TlsSettings();
        s.client = client;
        s.context = require(context, "context");
        s.verifyPeer = client;
        s.verifyHostname = client;
        return new TlsConfig(s);
    }

    /**
     * LuaSec's parameter table, as given to {@code ssl.wrap} or {@code ssl.newcontext}, meaning
     * what it means in LuaSec 1.2. Keys: {@code mode} ({@code "client"}, {@code "server"}),
     * {@code protocol} ({@code "any"}, {@code "tlsv1_2"}, {@code "tlsv1_3"}, ...), {@code key}
     * and {@code certificate} (PEM file names), {@code password} (a String, char[] or a {@code
     * Supplier} of either), {@code cafile}, {@code capath}, {@code verify} ({@code "none"},
     * {@code "peer"}, {@code "fail_if_no_peer_cert"}, a String or a List), {@code options}
     * ({@code "all"}, {@code "no_tlsv1_3"}, {@code "cipher_server_preference"}, ...), {@code
     * ciphers} (OpenSSL's names), {@code ciphersuites} (TLS 1.3), {@code depth}, {@code alpn}
     * (a String, a List, or for a server a {@code Function<List<String>, String>}). So: no
     * verification unless {@code verify} has {@code "peer"}; only {@code cafile} and {@code
     * capath} are trusted; no host-name check ever. docs/luasec-to-loomsocket.md gives every
     * parameter, and the few that have no JSSE counterpart.
     *
     * @param params the table; values are Strings, Numbers, Lists or as above
     * @return the configuration
     * @throws IOException a file that cannot be read
     * @throws IllegalArgumentException an unknown key, mode, protocol, option or cipher, named
     */
    public static TlsConfig luasec(Map<String, ?> params) throws IOException {
        return new TlsConfig(LuaSecParams.read(require(params, "params"), TlsConfig::password));
    }

    private static char[] password(Object value) {
        Object v = value instanceof java.util.function.Supplier<?> supplier ? supplier.get() : value;
        if (v instanceof char[] chars) {
            return chars.clone();
        }
        if (v instanceof String text) {
            return text.toCharArray();
        }
        if (v instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8).toCharArray();
        }
        throw new IllegalArgumentException("password: a String, char[] or Supplier expected, got "
                + v);
    }

    private TlsConfig with(java.util.function.Consumer<TlsSettings> change) {
        TlsSettings copy = settings.copy();
        change.accept(copy);
        return new TlsConfig(copy);
    }

    /**
     * Trusts exactly the certificates of a PEM file (a CA bundle), instead of the JDK's.
     *
     * @param caCertificates a PEM file of one or more certificates
     * @return a changed copy
     * @throws IOException a file that cannot be read or holds no certificate
     */
    public TlsConfig trust(Path caCertificates) throws IOException {
        require(caCertificates, "caCertificates");
        var trusted = Pem.certificates(caCertificates);
        return with(s -> {
            s.trusted = trusted;
            s.trustStore = null;
        });
    }

    /**
     * Trusts exactly the certificates of a key store, instead of the JDK's.
     *
     * @param trustStore a key store of trusted certificates
     * @return a changed copy
     */
    public TlsConfig trust(KeyStore trustStore) {
        require(trustStore, "trustStore");
        return with(s -> {
            s.trustStore = trustStore;
            s.trusted = null;
        });
    }

    /**
     * This side's certificate chain and key from PEM files: a client certificate, or a
     * server's identity in place of the one it had.
     *
     * @param certificateChain PEM certificates, this side's first
     * @param privateKey its PEM private key
     * @param password the key's password, or null for an unencrypted key
     * @return a changed copy
     * @throws IOException a file that cannot be read, a key that cannot be decrypted
     */
    public TlsConfig identity(Path certificateChain, Path privateKey, char[] password)
            throws IOException {
        require(certificateChain, "certificateChain");
        require(privateKey, "privateKey");
        var key = Pem.privateKey(privateKey, password);
        var chain = Pem.certificates(certificateChain);
        return with(s -> {
            s.key = key;
            s.chain = chain;
            s.keyStore = null;
        });
    }

    /**
     * This side's key and chain from a key store.
     *
     * @param keyStore a key store with one key entry
     * @param password the key's password
     * @return a changed copy
     */
    public TlsConfig identity(KeyStore keyStore, char[] password) {
        require(keyStore, "keyStore");
        char[] copy = password == null ? new char[0] : password.clone();
        return with(s -> {
            s.keyStore = keyStore;
            s.keyStorePassword = copy;
            s.key = null;
        });
    }

    /**
     * A client: the server name to ask for (SNI) and that the server's certificate must name.
     * An IP literal is checked against the certificate's IP addresses and not sent as SNI.
     *
     * @param name a DNS name or an IP literal
     * @return a changed copy
     */
    public TlsConfig serverName(String name) {
        require(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("an empty server name");
        }
        return with(s -> s.serverName = name);
    }

    /**
     * Whether to verify the peer's certificate chain. A client refuses a server it cannot
     * verify; a server with this on asks for a client certificate and refuses one it cannot
     * verify (see {@link #requireClientCertificate(boolean)} to refuse clients without one).
     *
     * @param verify true to verify
     * @return a changed copy
     */
    public TlsConfig verifyPeer(boolean verify) {
        return with(s -> s.verifyPeer = verify);
    }

    /**
     * A client: whether the server's certificate must name {@link #serverName(String)} (on by
     * default for {@link #client()}, off for {@link #luasec(Map)}).
     *
     * @param verify true to check the name
     * @return a changed copy
     */
    public TlsConfig verifyHostname(boolean verify) {
        return with(s -> s.verifyHostname = verify);
    }

    /**
     * A server: asks every client for a certificate, verifies it, and refuses a client that
     * gives none (LuaSec's {@code verify = {"peer", "fail_if_no_peer_cert"}}).
     *
     * @param require true to require one
     * @return a changed copy
     */
    public TlsConfig requireClientCertificate(boolean require) {
        return with(s -> {
            s.requirePeerCertificate = require;
            s.verifyPeer = s.verifyPeer || require;
        });
    }

    /**
     * The protocol versions to allow, by JSSE's names ({@code "TLSv1.3"}, {@code "TLSv1.2"}).
     *
     * @param protocols at least one
     * @return a changed copy
     */
    public TlsConfig protocols(String... protocols) {
        String[] copy = nonEmpty(protocols, "protocols");
        return with(s -> s.protocols = copy);
    }

    /**
     * The cipher suites to allow, by their standard names ({@code
     * "TLS_AES_128_GCM_SHA256"}, {@code "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"}).
     *
     * @param suites at least one
     * @return a changed copy
     */
    public TlsConfig cipherSuites(String... suites) {
        String[] copy = nonEmpty(suites, "suites");
        return with(s -> s.cipherSuites = copy);
    }

    /**
     * ALPN: a client offers these protocols in this order; a server picks the first of its list
     * that the client offers (and fails the handshake with {@code no_application_protocol}
     * when there is none, as JSSE does).
     *
     * @param protocols such as {@code "h2"}, {@code "http/1.1"}
     * @return a changed copy
     */
    public TlsConfig alpn(String... protocols) {
        List<String> copy = List.of(nonEmpty(protocols, "protocols"));
        return with(s -> {
            s.alpn = copy;
            s.alpnSelector = null;
        });
    }

    /**
     * ALPN for a server: the selector sees what the client offered and returns one of them,
     * {@code ""} for none, or null to fail the handshake (LuaSec's {@code alpn} function).
     *
     * @param selector chooses among the client's protocols
     * @return a changed copy
     */
    public TlsConfig alpnSelector(Function<List<String>, String> selector) {
        require(selector, "selector");
        return with(s -> {
            s.alpnSelector = selector;
            s.alpn = null;
        });
    }

    /**
     * A server: other identities by the name the client asks for (SNI), as LuaSec's {@code
     * conn:sni(names, strict)}: a client asking for a name of the map gets that configuration's
     * certificate; any other gets this one's, or, with {@code strict}, fails the handshake
     * ({@code unrecognized_name}).
     *
     * @param byName server configurations by host name (matched without case)
     * @param strict refuse names not in the map
     * @return a changed copy
     */
    public TlsConfig serverNames(Map<String, TlsConfig> byName, boolean strict) {
        require(byName, "byName");
        Map<String, TlsSettings> copy = new LinkedHashMap<>();
        for (Map.Entry<String, TlsConfig> entry : byName.entrySet()) {
            copy.put(entry.getKey().toLowerCase(Locale.ROOT), entry.getValue().settings);
        }
        return with(s -> {
            s.byServerName = Map.copyOf(copy);
            s.strictServerName = strict;
        });
    }

    /**
     * The limit on a handshake that {@link TcpService#startTls} and {@link Tls#connect} run
     * (default 30 s); {@link TlsClient#dohandshake()} itself runs under the client's timeouts.
     *
     * @param timeout the limit, positive
     * @return a changed copy
     */
    public TlsConfig handshakeTimeout(Duration timeout) {
        long nanos = positive(timeout, "handshake timeout");
        return with(s -> s.handshakeTimeoutNanos = nanos);
    }

    /**
     * The most a close waits (default 1 s): to send the close_notify, and then for the peer's
     * close_notify or end of stream, reading and dropping what comes, so that the kernel does
     * not reset the connection and make the peer lose what it has not read yet. Zero sends the
     * close_notify only if the kernel takes it at once, and waits for nothing.
     *
     * @param timeout the limit, zero or positive
     * @return a changed copy
     */
    public TlsConfig closeTimeout(Duration timeout) {
        require(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("close timeout must not be negative: " + timeout);
        }
        long nanos = TcpSocket.saturatedNanos(timeout);
        return with(s -> s.closeTimeoutNanos = nanos);
    }

    /**
     * Whether this configures the client side.
     *
     * @return true for a client, false for a server
     */
    public boolean isClient() {
        return settings.client;
    }

    private static long positive(Duration timeout, String what) {
        require(timeout, what);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + timeout);
        }
        return TcpSocket.saturatedNanos(timeout);
    }

    private static String[] nonEmpty(String[] values, String name) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException(name + ": at least one expected");
        }
        for (String value : values) {
            require(value, name + " element");
        }
        return values.clone();
    }

    private static <T> T require(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " expected, got null");
        }
        return value;
    }
}
