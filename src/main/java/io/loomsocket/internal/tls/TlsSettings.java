package io.loomsocket.internal.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Everything a TLS configuration says, and the {@link SSLContext} and {@link SSLEngine}s made
 * from it. A copy is changed only before it is published (by a final field of the public
 * configuration), so readers see it whole.
 */
public final class TlsSettings implements Cloneable {
    public boolean client;
    /** A context given whole by the caller: key and trust material come from it alone. */
    public SSLContext context;
    /** This side's key and chain, or a key store holding them. */
    public PrivateKey key;
    public List<X509Certificate> chain;
    public KeyStore keyStore;
    public char[] keyStorePassword;
    /** The trusted certificates, a trust store, or (both null) the JDK's default trust. */
    public List<X509Certificate> trusted;
    public KeyStore trustStore;
    /** Check the peer's chain (a client's default; a server's asks for a client certificate). */
    public boolean verifyPeer;
    /** A server: refuse a client without a certificate. */
    public boolean requirePeerCertificate;
    /** A client: check that the server's certificate names {@link #serverName}. */
    public boolean verifyHostname;
    public int depth = -1;
    public String[] protocols;
    public String[] cipherSuites;
    /** The key-exchange groups to offer or accept (LuaSec's curve, curveslist), or null. */
    public String[] namedGroups;
    public boolean serverCipherOrder;
    public List<String> alpn;
    public Function<List<String>, String> alpnSelector;
    /** A client: the name to ask for (SNI) and to check; a server: unused. */
    public String serverName;
    /** A server: other identities by the name a client asks for, and whether others fail. */
    public Map<String, TlsSettings> byServerName = Map.of();
    public boolean strictServerName;
    public long handshakeTimeoutNanos = 30_000_000_000L;
    public long closeTimeoutNanos = 1_000_000_000L;

    /** The context made from these settings; a copy starts without one. */
    private AtomicReference<SSLContext> built = new AtomicReference<>();

    public TlsSettings copy() {
        try {
            TlsSettings copy = (TlsSettings) super.clone();
            copy.built = new AtomicReference<>();
            return copy;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    /** The context, made at the first call and kept (so that sessions are reused). */
    public SSLContext context() throws GeneralSecurityException, IOException {
        SSLContext ready = built.get();
        if (ready != null) {
            return ready;
        }
        SSLContext made = context != null ? context : build();
        return built.compareAndSet(null, made) ? made : built.get();
    }

    private SSLContext build() throws GeneralSecurityException, IOException {
        SSLContext made = SSLContext.getInstance("TLS");
        made.init(keyManagers(), new TrustManager[] {trustManager()}, null);
        return made;
    }

    private KeyManager[] keyManagers() throws GeneralSecurityException {
        X509ExtendedKeyManager own = ownKeyManager();
        if (byServerName.isEmpty()) {
            return own == null ? null : new KeyManager[] {own};
        }
        Map<String, X509ExtendedKeyManager> others = new LinkedHashMap<>();
        for (Map.Entry<String, TlsSettings> entry : byServerName.entrySet()) {
            X509ExtendedKeyManager theirs = entry.getValue().ownKeyManager();
            if (theirs != null) {
                others.put(entry.getKey(), theirs);
            }
        }
        return new KeyManager[] {new SniKeyManager(own, others)};
    }

    X509ExtendedKeyManager ownKeyManager() throws GeneralSecurityException {
        KeyStore store = keyStore;
        char[] password = keyStorePassword;
        if (store == null && key != null) {
            password = new char[0];
            store = KeyStore.getInstance("PKCS12");
            try {
                store.load(null, null);
            } catch (IOException e) {
                throw new GeneralSecurityException(e);
            }
            store.setKeyEntry("key", key, password, chain.toArray(new X509Certificate[0]));
        }
        if (store == null) {
            return null;
        }
        KeyManagerFactory factory =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        for (KeyManager manager : factory.getKeyManagers()) {
            if (manager instanceof X509ExtendedKeyManager extended) {
                return extended;
            }
        }
        return null;
    }

    private X509ExtendedTrustManager trustManager() throws GeneralSecurityException {
        KeyStore store = trustStore;
        if (store == null && trusted != null) {
            store = KeyStore.getInstance("PKCS12");
            try {
                store.load(null, null);
            } catch (IOException e) {
                throw new GeneralSecurityException(e);
            }
            int n = 0;
            for (X509Certificate certificate : trusted) {
                store.setCertificateEntry("ca" + n++, certificate);
            }
        }
        TrustManagerFactory factory =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store); // null: the JDK's cacerts
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager pkix) {
                return new RecordingTrustManager(pkix, verifyPeer, depth);
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** A new engine for one connection to or from {@code peerHost}. */
    public SSLEngine engine(String peerHost, int peerPort)
            throws GeneralSecurityException, IOException {
        SSLContext made = context();
        String host = client && serverName != null ? serverName : peerHost;
        SSLEngine engine = made.createSSLEngine(host, peerPort);
        engine.setUseClientMode(client);
        SSLParameters parameters = engine.getSSLParameters();
        if (protocols != null) {
            parameters.setProtocols(protocols);
        }
        if (cipherSuites != null) {
            parameters.setCipherSuites(cipherSuites);
        }
        if (namedGroups != null) {
            parameters.setNamedGroups(namedGroups);
        }
        if (alpn != null) {
            parameters.setApplicationProtocols(alpn.toArray(new String[0]));
        }
        if (client) {
            if (serverName != null && !isAddressLiteral(serverName)) {
                parameters.setServerNames(List.<SNIServerName>of(new SNIHostName(serverName)));
            }
            if (verifyHostname) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
        } else {
            if (requirePeerCertificate) {
                parameters.setNeedClientAuth(true);
            } else if (verifyPeer) {
                parameters.setWantClientAuth(true);
            }
            parameters.setUseCipherSuitesOrder(serverCipherOrder);
            if (strictServerName && !byServerName.isEmpty()) {
                List<SNIMatcher> matchers = new ArrayList<>();
                matchers.add(SNIHostName.createSNIMatcher(knownNamesPattern()));
                parameters.setSNIMatchers(matchers);
            }
        }
        engine.setSSLParameters(parameters);
        if (!client && alpnSelector != null) {
            Function<List<String>, String> selector = alpnSelector;
            engine.setHandshakeApplicationProtocolSelector((e, offered) -> selector.apply(offered));
        }
        return engine;
    }

    private String knownNamesPattern() {
        StringBuilder pattern = new StringBuilder();
        for (String name : byServerName.keySet()) {
            if (pattern.length() > 0) {
                pattern.append('|');
            }
            pattern.append(java.util.regex.Pattern.quote(name));
        }
        return "(?i)" + pattern;
    }

    static boolean isAddressLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    }
}
