package io.loomsocket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.loomsocket.samples.TlsEchoServer;
import io.loomsocket.tls.TestCerts;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** samples/.../TlsEchoServer.java, as its main runs it, against loomsocket TLS clients. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TlsEchoServerSampleTest {
    private static final String LISTENING = "tls echo server on 127\\.0\\.0\\.1:(\\d+)";

    @Test
    void echoesLinesWithTheProtocolAndRequiresClientCertificatesWhenAsked() throws Exception {
        TestCerts certs = TestCerts.get();
        TlsConfig client = TlsConfig.client().trust(certs.ca());
        try (RunningSample echo = new RunningSample(TlsEchoServer::serve, "0",
                certs.serverCert().toString(), certs.serverKey().toString(),
                certs.ca().toString())) {
            int port = echo.port(LISTENING);
            TlsConfig withCertificate = client.identity(certs.clientCert(), certs.clientKey(),
                    null);
            try (TlsClient tls = Tls.connect("localhost", port, Duration.ofSeconds(5),
                    withCertificate)) {
                tls.settimeout(5);
                tls.send("héllo ☕\n", UTF_8);
                assertEquals("TLSv1.3: héllo ☕", tls.receiveString(UTF_8));
            }
            echo.log.await("\\d+: (1 line\\(s\\) over TLSv1\\.3, then closed)", Duration.ofSeconds(5));
            TlsClient without = Tls.connect("localhost", port, Duration.ofSeconds(5), client);
            try (without) {
                without.settimeout(5);
                assertThrows(TcpException.class, () -> {
                    without.send("no certificate\n");
                    without.receive();
                });
            }
        }
    }
}
