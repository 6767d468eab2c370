package io.loomsocket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loomsocket.tls.TestCerts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's TLS client and server: the code between the markers below is the README's block,
 * line for line (checked here), so it compiles with the tests and runs as they run.
 */
class ReadmeTlsTest {
    @Test
    @Timeout(30)
    void theReadmesTlsExampleCompilesRunsAndIsTheReadmesText() throws Exception {
        TestCerts certs = TestCerts.get();
        Path cert = certs.serverCert();
        Path key = certs.serverKey();
        Path ca = certs.ca();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, UTF_8);
        // README:begin
        TcpServer server = Tcp.bind("127.0.0.1", 0);
        int port = server.getsockname().port();
        try (TcpService echo = TcpService.startTls(server, TlsConfig.server(cert, key), peer -> {
                 peer.setDeadline(Duration.ofMinutes(5));                  // the whole connection
                 while (true) {                                            // "closed" or "timeout" ends it
                     peer.send(peer.receiveString(UTF_8) + "\n", UTF_8);
                 }
             });
             TlsClient client = Tls.connect("localhost", port, Duration.ofSeconds(3),
                     TlsConfig.client().trust(ca))) {                      // verifies ca's chain and "localhost"
            client.settimeout(2);                                          // each call: "wantread" past 2 s
            client.send("héllo ☕\n", UTF_8);
            out.println(client.receiveString(UTF_8));               // héllo ☕
        }
        // README:end
        assertEquals("héllo ☕\n", printed.toString(UTF_8));
        assertEquals(block(Path.of("src/test/java/io/loomsocket/ReadmeTlsTest.java"), "        // README:begin", "        // README:end", 8)
                        .replace("out.println", "System.out.println"),
                block(Path.of("README.md"), "```java tls", "```", 0));
    }

    /** The lines between two marker lines, without {@code indent} leading spaces. */
    private static String block(Path file, String begin, String end, int indent) throws Exception {
        List<String> lines = Files.readAllLines(file);
        int from = lines.indexOf(begin) + 1;
        int to = from;
        while (!lines.get(to).equals(end)) {
            to++;
        }
        return lines.subList(from, to).stream()
                .map(line -> line.length() >= indent ? line.substring(indent) : line.strip())
                .collect(Collectors.joining("\n"));
    }
}
