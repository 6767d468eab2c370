package io.loomsocket.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.TcpException;
import io.loomsocket.TlsConfig;
import java.io.IOException;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TlsConfig from LuaSec's parameters (meaning what LuaSec means), from PEM files in every
 * format OpenSSL writes, and from the JDK's own objects.
 */
@Timeout(60)
class TlsConfigTest {
    static final TestCerts CERTS = TestCerts.get();

    private static Map<String, Object> luaServer() {
        Map<String, Object> params = new HashMap<>();
        params.put("mode", "server");
        params.put("protocol", "any");
        params.put("key", CERTS.serverKey().toString());
        params.put("certificate", CERTS.serverCert().toString());
        return params;
    }

    @Test
    void aLuaSecClientVerifiesNothingUnlessAskedAndNeverChecksTheHostName() throws Exception {
        TlsConfig server = TlsConfig.server(CERTS.selfSignedCert(), CERTS.selfSignedKey());
        TlsConfig lua = TlsConfig.luasec(Map.of("mode", "client", "protocol", "any"));
        try (TlsPair pair = TlsPair.open(lua, server)) {
            assertFalse(pair.client().getpeerverification().verified());
            assertEquals("self-signed certificate", pair.client().getpeerverification().reason());
        }
        TlsConfig verifying = TlsConfig.luasec(Map.of("mode", "client", "protocol", "any",
                "verify", "peer", "cafile", CERTS.ca().toString()));
        TlsConfig other = TlsConfig.server(CERTS.otherCert(), CERTS.otherKey()); // other.test
        try (TlsPair pair = TlsPair.open(verifying, other)) {
            assertTrue(pair.client().getpeerverification().verified(), "no host-name check");
        }
    }

    @Test
    void aJavaClientRefusesASelfSignedServerAndAnotherHostsCertificate() throws Exception {
        TlsConfig self = TlsConfig.server(CERTS.selfSignedCert(), CERTS.selfSignedKey());
        Exception e = assertThrows(Exception.class, () -> TlsPair.open(
                TlsConfig.client().serverName("localhost"), self).close());
        assertEquals("certificate verify failed", rootMessage(e));
        TlsConfig other = TlsConfig.server(CERTS.otherCert(), CERTS.otherKey());
        Exception wrongName = assertThrows(Exception.class, () -> TlsPair.open(
                TlsPair.clientConfig(), other).close());
        assertEquals("certificate verify failed", rootMessage(wrongName));
        try (TlsPair pair = TlsPair.open(TlsPair.clientConfig().verifyHostname(false), other)) {
            assertTrue(pair.client().getpeerverification().verified());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable at = e;
        while (!(at instanceof TcpException) && at.getCause() != null) {
            at = at.getCause();
        }
        return at.getMessage();
    }

    @Test
    void keysInEveryPemFormatOpensslWrites() throws Exception {
        TlsConfig client = TlsPair.clientConfig();
        for (TlsConfig server : List.of(
                TlsConfig.server(CERTS.rsaCert(), CERTS.rsaKey()),
                TlsConfig.server(CERTS.rsaCert(), CERTS.rsaKeyPkcs1()),
                TlsConfig.server(CERTS.serverCert(), CERTS.serverKeySec1()),
                TlsConfig.server(CERTS.rsaCert(), CERTS.rsaKeyEncrypted(),
                        TestCerts.PASSWORD.toCharArray()))) {
            try (TlsPair pair = TlsPair.open(client, server)) {
                pair.server().send("ok\n");
                assertEquals("ok", pair.client().receiveString("*l"));
            }
        }
        IOException wrong = assertThrows(IOException.class, () -> TlsConfig.server(
                CERTS.rsaCert(), CERTS.rsaKeyEncrypted(), "nope".toCharArray()));
        assertTrue(wrong.getMessage().contains("wrong password"), wrong.getMessage());
        IOException none = assertThrows(IOException.class, () -> TlsConfig.server(
                CERTS.rsaCert(), CERTS.rsaKeyEncrypted(), null));
        assertTrue(none.getMessage().contains("no password"), none.getMessage());
        Map<String, Object> lua = luaServer();
        lua.put("key", CERTS.rsaKeyEncrypted().toString());
        lua.put("certificate", CERTS.rsaCert().toString());
        lua.put("password", TestCerts.PASSWORD);
        try (TlsPair pair = TlsPair.open(client, TlsConfig.luasec(lua))) {
            assertEquals("TLSv1.3", pair.client().info().protocol());
        }
    }

    @Test
    void luaSecsProtocolIsExactlyThatVersionAndItsCiphersAreOpensslNames() throws Exception {
        Map<String, Object> lua = luaServer();
        lua.put("protocol", "tlsv1_2");
        lua.put("ciphers", "ECDHE-ECDSA-AES128-GCM-SHA256");
        try (TlsPair pair = TlsPair.open(TlsPair.clientConfig(), TlsConfig.luasec(lua))) {
            assertEquals("TLSv1.2", pair.client().info().protocol());
            assertEquals("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", pair.client().info().cipher());
        }
        lua.put("curve", "prime256v1");
        try (TlsPair pair = TlsPair.open(TlsPair.clientConfig(), TlsConfig.luasec(lua))) {
            assertEquals("TLSv1.2", pair.client().info().protocol());
        }
    }

    @Test
    void badLuaSecParametersAreRefusedByName() {
        Map<String, Object> lua = luaServer();
        lua.put("protcol", "any");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TlsConfig.luasec(lua))
                .getMessage().contains("'protcol'"));
        assertEquals("invalid protocol (tlsv9)", assertThrows(IllegalArgumentException.class,
                () -> TlsConfig.luasec(Map.of("mode", "client", "protocol", "tlsv9")))
                .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> TlsConfig.luasec(Map.of("mode", "sever"))).getMessage().contains("sever"));
        assertEquals("invalid option (no_such)", assertThrows(IllegalArgumentException.class,
                () -> TlsConfig.luasec(Map.of("mode", "client", "options", "no_such")))
                .getMessage());
        assertEquals("invalid verify option (pear)", assertThrows(IllegalArgumentException.class,
                () -> TlsConfig.luasec(Map.of("mode", "client", "verify", "pear"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TlsConfig.luasec(
                Map.of("mode", "client", "dane", true))).getMessage().contains("DANE"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TlsConfig.luasec(
                Map.of("mode", "client", "ciphers", "NO-SUCH-CIPHER"))).getMessage()
                .contains("NO-SUCH-CIPHER"));
    }

    @Test
    void theJdksOwnObjects() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", PemForTests.key(CERTS.serverKey()), "pw".toCharArray(),
                PemForTests.chain(CERTS.serverCert()));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", PemForTests.chain(CERTS.ca())[0]);
        TlsConfig server = TlsConfig.server(keys, "pw".toCharArray());
        try (TlsPair pair = TlsPair.open(TlsConfig.client().trust(trust).serverName("localhost"),
                server)) {
            assertTrue(pair.client().getpeerverification().verified());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(keys, "pw".toCharArray());
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
        try (TlsPair pair = TlsPair.open(TlsConfig.of(context, true).serverName("localhost"),
                TlsConfig.of(serverContext, false))) {
            pair.client().send("jdk\n");
            assertEquals("jdk", pair.server().receiveString("*l"));
        }
    }

    @Test
    void aJavaClientWithoutAServerNameIsToldWhatToDo() throws Exception {
        try (io.loomsocket.Loopback pair = io.loomsocket.Loopback.open()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> io.loomsocket.Tls.wrap(pair.client(), TlsConfig.client()));
            assertTrue(e.getMessage().contains("serverName"), e.getMessage());
        }
    }
}
