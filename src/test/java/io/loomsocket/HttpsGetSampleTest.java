package io.loomsocket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.loomsocket.samples.HttpGet;
import io.loomsocket.tls.TestCerts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * samples/.../HttpGet.java fetching https:// from Python's http.server wrapped in its ssl
 * module, with a CA the test made: the body whole, and a refusal when the CA is not trusted.
 */
@Timeout(60)
class HttpsGetSampleTest {
    @Test
    void fetchesHttpsFromPythonsServerTrustingTheTestsCa(@TempDir Path site) throws Exception {
        byte[] noise = LoopbackSupport.noise(300_000, 15);
        Files.write(site.resolve("noise.bin"), noise);
        Files.writeString(site.resolve("hello.txt"), "héllo over TLS\n");
        TestCerts certs = TestCerts.get();
        Process python = new ProcessBuilder(List.of("python3",
                Path.of("src/test/python/https_server.py").toAbsolutePath().toString(),
                site.toString(), certs.serverCert().toString(), certs.serverKey().toString()))
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream()));
            String first = out.readLine();
            int port = Integer.parseInt(first.substring(5).trim());
            Thread.startVirtualThread(() -> out.lines().forEach(line -> { })); // its request log
            String base = "https://localhost:" + port;
            Duration limit = Duration.ofSeconds(10);
            TlsConfig trusting = TlsConfig.client().trust(certs.ca());

            HttpGet.Response hello = HttpGet.get(URI.create(base + "/hello.txt"), limit, limit,
                    trusting);
            assertEquals(200, hello.status());
            assertEquals("héllo over TLS\n", new String(hello.body(), UTF_8));
            HttpGet.Response bin = HttpGet.get(URI.create(base + "/noise.bin"), limit, limit,
                    trusting);
            assertArrayEquals(noise, bin.body());

            TcpException refused = assertThrows(TcpException.class, () -> HttpGet.get(
                    URI.create(base + "/hello.txt"), limit, limit, TlsConfig.client()));
            assertEquals("certificate verify failed", refused.getMessage());

            var stdout = new java.io.ByteArrayOutputStream();
            CapturedOutput err = new CapturedOutput();
            assertEquals(0, HttpGet.run(new String[] {"--cacert", certs.ca().toString(),
                    base + "/hello.txt"}, stdout, err.stream));
            assertEquals("héllo over TLS\n", stdout.toString(UTF_8));
        } finally {
            python.destroy();
            python.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
