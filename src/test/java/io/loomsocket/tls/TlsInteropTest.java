package io.loomsocket.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.Tcp;
import io.loomsocket.TcpException;
import io.loomsocket.TcpService;
import io.loomsocket.Tls;
import io.loomsocket.TlsClient;
import io.loomsocket.TlsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * loomsocket against OpenSSL's s_server and s_client and Python's ssl module: TLS 1.2 and 1.3,
 * RSA and ECDSA certificates, each side as client and as server; then client certificates,
 * ALPN and SNI. Certificates are made by {@link TestCerts} at test time.
 */
@Timeout(60)
class TlsInteropTest {
    static final Path PEER = Path.of("src/test/python/tls_peer.py").toAbsolutePath();
    static final TestCerts CERTS = TestCerts.get();

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (String tool : List.of("openssl", "python")) {
            for (String version : List.of("TLSv1.2", "TLSv1.3")) {
                for (String key : List.of("ecdsa", "rsa")) {
                    out.add(Arguments.of(tool, version, key));
                }
            }
        }
        return out.stream();
    }

    private static Path cert(String key) {
        return key.equals("rsa") ? CERTS.rsaCert() : CERTS.serverCert();
    }

    private static Path key(String key) {
        return key.equals("rsa") ? CERTS.rsaKey() : CERTS.serverKey();
    }

    private static String flag(String version) {
        return version.equals("TLSv1.3") ? "-tls1_3" : "-tls1_2";
    }

    private static TlsConfig client(String version) throws Exception {
        return TlsConfig.client().trust(CERTS.ca()).serverName("localhost").protocols(version);
    }

    @ParameterizedTest(name = "loomsocket client, {0} server, {1}, {2}")
    @MethodSource("matrix")
    void aLoomsocketClientTalksToTheToolsServer(String tool, String version, String key)
            throws Exception {
        List<String> command = tool.equals("openssl")
                ? List.of("openssl", "s_server", "-accept", "127.0.0.1:0", "-naccept", "1",
                        "-rev", flag(version), "-cert", cert(key).toString(), "-key",
                        key(key).toString())
                : List.of("python3", PEER.toString(), "server", version.substring(4),
                        cert(key).toString(), key(key).toString());
        try (Tool server = new Tool(command)) {
            int port = tool.equals("openssl") ? server.acceptPort()
                    : Integer.parseInt(server.lineStarting("PORT", 10).substring(5).trim());
            try (TlsClient tls = Tls.connect("127.0.0.1", port, Duration.ofSeconds(10),
                    client(version))) {
                tls.settimeout(10);
                tls.send("hello over " + version + "\n");
                assertEquals(new StringBuilder("hello over " + version).reverse().toString(),
                        tls.receiveString("*l"));
                assertEquals(version, tls.info().protocol());
                assertTrue(tls.getpeerverification().verified());
                String expectedKey = key.equals("rsa") ? "RSA" : "EC";
                assertEquals(expectedKey, tls.getpeercertificate().getPublicKey().getAlgorithm());
            }
        }
    }

    /** A loomsocket TLS server that answers each line reversed and records what it saw. */
    static final class Reverser implements AutoCloseable {
        final TcpService service;
        final int port;
        final LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();

        Reverser(TlsConfig config) throws Exception {
            var server = Tcp.bind("127.0.0.1", 0);
            port = server.getsockname().port();
            service = TcpService.startTls(server, config, client -> {
                seen.add(client.info().protocol() + " alpn=" + client.getalpn() + " sni="
                        + client.getsniname() + " peer=" + (client.getpeercertificate() == null
                        ? null : client.getpeercertificate().getSubjectX500Principal().getName()));
                client.settimeout(10);
                while (true) {
                    String line = client.receiveString("*l");
                    client.send(new StringBuilder(line).reverse() + "\n");
                }
            });
        }

        String next() throws InterruptedException {
            String line = seen.poll(10, TimeUnit.SECONDS);
            if (line == null) {
                throw new AssertionError("the loomsocket server saw no handshake through");
            }
            return line;
        }

        @Override
        public void close() {
            service.close();
        }
    }

    @ParameterizedTest(name = "{0} client, loomsocket server, {1}, {2}")
    @MethodSource("matrix")
    void theToolsClientTalksToALoomsocketServer(String tool, String version, String key)
            throws Exception {
        TlsConfig config = TlsConfig.server(cert(key), key(key)).protocols(version);
        try (Reverser server = new Reverser(config)) {
            String answer;
            if (tool.equals("openssl")) {
                try (Tool client = new Tool(List.of("openssl", "s_client", "-connect",
                        "127.0.0.1:" + server.port, flag(version), "-CAfile", CERTS.ca().toString(),
                        "-verify_return_error", "-servername", "localhost", "-quiet"))) {
                    client.write("hello\n");
                    answer = client.lineStarting("olleh", 10);
                }
            } else {
                try (Tool client = new Tool(List.of("python3", PEER.toString(), "client",
                        version.substring(4), String.valueOf(server.port), CERTS.ca().toString(),
                        "hello"))) {
                    answer = client.lineStarting("GOT", 10).substring(4);
                    assertEquals("VERSION " + version, client.lineStarting("VERSION", 10));
                }
            }
            assertEquals("olleh", answer);
            assertTrue(server.next().startsWith(version + " "));
        }
    }

    @Test
    void aServerThatRequiresAClientCertificateTakesOneFromTheCaAndRefusesNone() throws Exception {
        TlsConfig config = TlsConfig.server(CERTS.serverCert(), CERTS.serverKey())
                .trust(CERTS.ca()).requireClientCertificate(true);
        try (Reverser server = new Reverser(config)) {
            try (Tool client = new Tool(List.of("openssl", "s_client", "-connect",
                    "127.0.0.1:" + server.port, "-CAfile", CERTS.ca().toString(), "-cert",
                    CERTS.clientCert().toString(), "-key", CERTS.clientKey().toString(),
                    "-quiet"))) {
                client.write("with\n");
                assertEquals("htiw", client.lineStarting("htiw", 10));
            }
            assertTrue(server.next().endsWith("peer=CN=test-client"), "client certificate seen");
            try (Tool client = new Tool(List.of("python3", PEER.toString(), "client", "1.3",
                    String.valueOf(server.port), CERTS.ca().toString(), "without"))) {
                client.process.waitFor(10, TimeUnit.SECONDS);
                assertTrue(client.process.exitValue() != 0, "a client without a certificate");
            }
        }
    }

    @Test
    void aLoomsocketClientGivesItsCertificateToOpensslThatRequiresOne() throws Exception {
        try (Tool server = new Tool(List.of("openssl", "s_server", "-accept", "127.0.0.1:0",
                "-naccept", "1", "-rev", "-cert", CERTS.serverCert().toString(), "-key",
                CERTS.serverKey().toString(), "-Verify", "1", "-CAfile", CERTS.ca().toString(),
                "-verify_return_error"))) {
            int port = server.acceptPort();
            TlsConfig config = client("TLSv1.3").identity(CERTS.clientCert(), CERTS.clientKey(),
                    null);
            try (TlsClient tls = Tls.connect("127.0.0.1", port, Duration.ofSeconds(10), config)) {
                tls.settimeout(10);
                tls.send("mine\n");
                assertEquals("enim", tls.receiveString("*l"));
            }
        }
    }

    @Test
    void alpnAgreesWithOpensslAndPython() throws Exception {
        try (Tool server = new Tool(List.of("openssl", "s_server", "-accept", "127.0.0.1:0",
                "-naccept", "1", "-rev", "-cert", CERTS.serverCert().toString(), "-key",
                CERTS.serverKey().toString(), "-alpn", "http/1.1"))) {
            int port = server.acceptPort();
            try (TlsClient tls = Tls.connect("127.0.0.1", port, Duration.ofSeconds(10),
                    client("TLSv1.3").alpn("h2", "http/1.1"))) {
                assertEquals("http/1.1", tls.getalpn());
            }
        }
        TlsConfig config = TlsConfig.server(CERTS.serverCert(), CERTS.serverKey())
                .alpn("http/1.1", "h2");
        try (Reverser server = new Reverser(config);
                Tool client = new Tool(List.of("python3", PEER.toString(), "client", "1.3",
                        String.valueOf(server.port), CERTS.ca().toString(), "x", "--alpn",
                        "h2,http/1.1"))) {
            assertEquals("ALPN http/1.1", client.lineStarting("ALPN", 10));
            assertTrue(server.next().contains("alpn=http/1.1"));
        }
    }

    @Test
    void sniChoosesTheServersCertificateBothWays() throws Exception {
        TlsConfig other = TlsConfig.server(CERTS.otherCert(), CERTS.otherKey());
        TlsConfig config = TlsConfig.server(CERTS.serverCert(), CERTS.serverKey())
                .serverNames(Map.of("other.test", other), false);
        try (Reverser server = new Reverser(config);
                Tool client = new Tool(List.of("openssl", "s_client", "-connect",
                        "127.0.0.1:" + server.port, "-CAfile", CERTS.ca().toString(),
                        "-servername", "other.test", "-verify_hostname", "other.test",
                        "-verify_return_error"))) {
            client.write("sni\n");
            assertTrue(client.lineStarting("subject=", 10).contains("other.test"));
            assertTrue(server.next().contains("sni=other.test"));
        }
        try (Tool server = new Tool(List.of("openssl", "s_server", "-accept", "127.0.0.1:0",
                "-naccept", "1", "-rev", "-cert", CERTS.serverCert().toString(), "-key",
                CERTS.serverKey().toString(), "-servername", "other.test", "-cert2",
                CERTS.otherCert().toString(), "-key2", CERTS.otherKey().toString()))) {
            int port = server.acceptPort();
            TlsConfig asking = TlsConfig.client().trust(CERTS.ca()).serverName("other.test");
            try (TlsClient tls = Tls.connect("127.0.0.1", port, Duration.ofSeconds(10), asking)) {
                assertEquals("other.test", tls.getsniname());
                assertTrue(tls.getpeerverification().verified());
            }
        }
    }

    /**
     * A TLS 1.3 key update that asks for one back (s_server's "K" command): the client's receive
     * must write its own key update, which it does without waiting for the sending side; both
     * directions go on with the new keys.
     */
    @Test
    void aKeyUpdateThatAsksForAnAnswerIsAnsweredByAReceive() throws Exception {
        try (Tool server = new Tool(List.of("openssl", "s_server", "-accept", "127.0.0.1:0",
                "-naccept", "1", "-tls1_3", "-cert", CERTS.serverCert().toString(), "-key",
                CERTS.serverKey().toString()))) {
            int port = server.acceptPort();
            try (TlsClient tls = Tls.connect("127.0.0.1", port, Duration.ofSeconds(10),
                    client("TLSv1.3"))) {
                tls.settimeout(10);
                tls.send("before\n");
                server.lineStarting("before", 10);
                server.write("K\n"); // a key update, update_requested
                Thread.sleep(500); // s_server reports it only in a buffered line
                server.write("after the update\n");
                assertEquals("after the update", tls.receiveString("*l"));
                tls.send("back with new keys\n");
                server.lineStarting("back with new keys", 10);
            }
        }
    }

    @Test
    void aJavaClientRefusesAServerWhoseCertificateNamesAnotherHost() throws Exception {
        try (Tool server = new Tool(List.of("openssl", "s_server", "-accept", "127.0.0.1:0",
                "-naccept", "1", "-cert", CERTS.otherCert().toString(), "-key",
                CERTS.otherKey().toString()))) {
            int port = server.acceptPort();
            TcpException e = assertThrows(TcpException.class, () -> Tls.connect("127.0.0.1",
                    port, Duration.ofSeconds(10), client("TLSv1.3")));
            assertEquals("certificate verify failed", e.getMessage());
        }
    }
}
