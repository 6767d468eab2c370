package io.loomsocket.tls;

import io.loomsocket.TlsConfig;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/** JSSE server engines for the hand-driven peers, with the test server's key. */
final class EngineFor {
    private EngineFor() {}

    static SSLEngine server(TlsConfig ignored, String protocol) throws Exception {
        TestCerts certs = TestCerts.get();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        var key = io.loomsocket.tls.PemForTests.key(certs.serverKey());
        var chain = io.loomsocket.tls.PemForTests.chain(certs.serverCert());
        store.setKeyEntry("k", key, new char[0], chain);
        KeyManagerFactory keys = KeyManagerFactory.getInstance("PKIX");
        keys.init(store, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setEnabledProtocols(new String[] {protocol});
        return engine;
    }
}
