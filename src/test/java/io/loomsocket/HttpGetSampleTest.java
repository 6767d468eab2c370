package io.loomsocket;

import static io.loomsocket.LocalHttpResponder.write;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.samples.HttpGet;
import io.loomsocket.timing.TimedTest;
import io.loomsocket.timing.Timing;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * samples/.../HttpGet.java against Python's http.server (a server nobody here wrote) and
 * against a local responder that sends chunks, closes, or stalls.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpGetSampleTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);

    @Test
    void readsFilesFromPythonsHttpServerByContentLength(@TempDir Path site) throws Exception {
        byte[] text = "héllo wörld ☕\nsecond line\n".getBytes(UTF_8);
        byte[] noise = LoopbackSupport.noise(200_000, 10); // across many 8 KiB buffers
        Files.write(site.resolve("hello.txt"), text);
        Files.write(site.resolve("noise.bin"), noise);
        try (PythonHttpServer python = new PythonHttpServer(site, "HTTP/1.1")) {
            String base = "http://127.0.0.1:" + python.port;

            HttpGet.Response hello = HttpGet.get(URI.create(base + "/hello.txt"), LIMIT, LIMIT);
            assertEquals("HTTP/1.1 200 OK", hello.statusLine());
            assertEquals(String.valueOf(text.length), hello.header("content-length"));
            assertArrayEquals(text, hello.body());

            HttpGet.Response bin = HttpGet.get(URI.create(base + "/noise.bin"), LIMIT, LIMIT);
            assertEquals(200, bin.status());
            assertArrayEquals(noise, bin.body());

            Files.write(site.resolve("empty.txt"), new byte[0]);
            HttpGet.Response empty = HttpGet.get(URI.create(base + "/empty.txt"), LIMIT, LIMIT);
            assertEquals("0", empty.header("Content-Length"));
            assertEquals(0, empty.body().length, "no receive(0), which would wait for a byte");

            HttpGet.Response missing = HttpGet.get(URI.create(base + "/missing"), LIMIT, LIMIT);
            assertEquals(404, missing.status());
            assertTrue(new String(missing.body(), UTF_8).contains("File not found"));

            // The command line, as main runs it: -i puts the head before the body.
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CapturedOutput err = new CapturedOutput();
            assertEquals(0, HttpGet.run(new String[] {"-i", "--connect-timeout", "5",
                "--max-time", "10", base + "/hello.txt"}, out, err.stream), err.text());
            String printed = out.toString(UTF_8);
            assertTrue(printed.startsWith("HTTP/1.1 200 OK\r\n"), printed);
            assertTrue(printed.contains("\r\nServer: SimpleHTTP/"), printed);
            assertTrue(printed.endsWith("\r\n\r\nhéllo wörld ☕\nsecond line\n"), printed);
            assertEquals("", err.text());
            assertTrue(python.log().contains("\"GET /hello.txt HTTP/1.1\" 200"), python.log());
        }
    }

    @Test
    void readsAChunkedBodyWithExtensionsAndTrailers() throws Exception {
        byte[] body = "chunked ☕ ".repeat(2000).getBytes(UTF_8); // 24000 bytes
        // Chunk boundaries inside a UTF-8 character and across the 8 KiB receive buffer.
        int[] cuts = {0, 1, 9, 9009, 9010, body.length};
        try (LocalHttpResponder responder = new LocalHttpResponder(out -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i + 1 < cuts.length; i++) {
                int size = cuts[i + 1] - cuts[i];
                write(out, Integer.toHexString(size).toUpperCase() + (i == 2 ? ";note=x" : "")
                        + "\r\n");
                out.write(Arrays.copyOfRange(body, cuts[i], cuts[i + 1]));
                write(out, "\r\n");
                Thread.sleep(20);
            }
            write(out, "0\r\nX-Checksum: done\r\n\r\n");
        })) {
            URI url = URI.create("http://127.0.0.1:" + responder.port + "/chunked?x=1");
            HttpGet.Response response = HttpGet.get(url, LIMIT, LIMIT);
            assertEquals(200, response.status());
            assertArrayEquals(body, response.body());
            assertEquals("done", response.header("X-Checksum"), "the trailer");
            assertEquals("GET /chunked?x=1 HTTP/1.1\nHost: 127.0.0.1:" + responder.port
                    + "\nUser-Agent: loomsocket-HttpGet\nAccept: */*\nConnection: close",
                    responder.request());
        }
    }

    @Test
    void readsABodyThatEndsWhereTheServerCloses() throws Exception {
        try (LocalHttpResponder responder = new LocalHttpResponder(out -> {
            write(out, "HTTP/1.0 200 OK\r\n\r\nfirst part, ");
            Thread.sleep(50);
            write(out, "last part: ☕");
        })) {
            HttpGet.Response response = HttpGet.get(
                    URI.create("http://127.0.0.1:" + responder.port + "/"), LIMIT, LIMIT);
            assertEquals("first part, last part: ☕", new String(response.body(), UTF_8));
        }
        // No byte at all before the close: LuaSocket's *a fails "closed", HttpGet says empty.
        try (LocalHttpResponder responder = new LocalHttpResponder(out -> {
            write(out, "HTTP/1.0 200 OK\r\nX-Empty: yes\r\n\r\n");
        })) {
            HttpGet.Response response = HttpGet.get(
                    URI.create("http://127.0.0.1:" + responder.port + "/"), LIMIT, LIMIT);
            assertEquals("yes", response.header("X-Empty"));
            assertEquals(0, response.body().length);
        }
    }

    @TimedTest
    void maxTimeEndsAResponseThatComesSlowlyInManyCalls() throws Exception {
        // A header line every 0.1 s: no receive waits long, so neither a block timeout nor a
        // total timeout (which is per call) ends it; the deadline that --max-time sets does.
        try (LocalHttpResponder responder = new LocalHttpResponder(out -> {
            write(out, "HTTP/1.1 200 OK\r\n");
            for (int i = 0; i < 40; i++) {
                write(out, "X-Slow-" + i + ": " + i + "\r\n");
                Thread.sleep(100);
            }
            write(out, "Content-Length: 0\r\n\r\n");
        })) {
            CapturedOutput err = new CapturedOutput();
            long start = System.nanoTime();
            int status = HttpGet.run(new String[] {"--max-time", "0.6",
                "http://127.0.0.1:" + responder.port + "/slow"}, new ByteArrayOutputStream(),
                err.stream);
            double elapsed = LoopbackSupport.secondsSince(start);
            assertEquals(1, status);
            assertEquals("HttpGet: timeout\n", err.text());
            Timing.assertAtLeast(0.5, elapsed, "HttpGet with --max-time 0.6");
            Timing.assertAtMost(1.5, elapsed, "HttpGet with --max-time 0.6");
        }
    }

    @TimedTest
    void connectTimeoutEndsAConnectThatHangs() throws Exception {
        try (LoopbackSupport.FullBacklog hanging = new LoopbackSupport.FullBacklog()) {
            CapturedOutput err = new CapturedOutput();
            long start = System.nanoTime();
            int status = HttpGet.run(new String[] {"--connect-timeout", "0.3",
                "http://127.0.0.1:" + hanging.port + "/"}, new ByteArrayOutputStream(),
                err.stream);
            double elapsed = LoopbackSupport.secondsSince(start);
            assertEquals(1, status);
            assertEquals("HttpGet: connect to 127.0.0.1:" + hanging.port + ": timeout\n",
                    err.text());
            Timing.assertAtLeast(0.2, elapsed, "HttpGet with --connect-timeout 0.3");
            Timing.assertAtMost(1.0, elapsed, "HttpGet with --connect-timeout 0.3");
        }
    }

    @Test
    void refusesWhatItCannotFetch() {
        assertThrows(IllegalArgumentException.class,
                () -> HttpGet.get(URI.create("ftp://127.0.0.1/"), LIMIT, LIMIT));
        CapturedOutput err = new CapturedOutput();
        assertEquals(2, HttpGet.run(new String[] {"--max-time", "0", "http://127.0.0.1/"},
                new ByteArrayOutputStream(), err.stream));
        assertTrue(err.text().startsWith(
                "HttpGet: --max-time must be a number of seconds above zero: 0\n"), err.text());
    }
}
