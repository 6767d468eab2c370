package io.loomsocket.samples;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import io.loomsocket.ReceiveException;
import io.loomsocket.Tcp;
import io.loomsocket.TcpClient;
import io.loomsocket.TcpException;
import io.loomsocket.Tls;
import io.loomsocket.TlsConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ProtocolException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An HTTP/1.1 GET, in the manner of {@code curl}: the status line and the headers are read
 * line by line ({@code *l}, which drops the CRs), the body by its Content-Length, in chunks, or
 * until the server closes.
 *
 * <pre>
 *   HttpGet [-i] [--connect-timeout SECONDS] [--max-time SECONDS] [--cacert FILE]
 *           http[s]://HOST[:PORT]/PATH
 * </pre>
 *
 * <p>The body goes to standard output as it came (bytes, whatever its charset); {@code -i}
 * prints the status line and the headers before it. {@code --connect-timeout} limits the
 * connect; {@code --max-time} the whole exchange, connect included: a deadline across every
 * receive, however the server spaces its bytes out. {@code https://} wraps the connection in
 * TLS ({@link Tls#wrap}): the server's certificate must chain to the JDK's trusted
 * certificates, or to those of {@code --cacert}, and name the URL's host; the handshake runs
 * under the same deadline. No redirects, one request per connection ({@code Connection:
 * close}).
 */
public final class HttpGet {
    /** A response: its status line, its headers (and trailers) in order, and its body. */
    public record Response(String statusLine, int status, List<Header> headers, byte[] body) {
        /** The value of the first header of that name (case-insensitive), or null. */
        public String header(String name) {
            return HttpGet.header(headers, name);
        }
    }

    /** A header line, {@code Name: value}. */
    public record Header(String name, String value) {}

    private HttpGet() {}

    /**
     * Fetches the URL, writes the body to standard output, and exits with 0 (whatever the
     * status), 1 on a failure, 2 on bad arguments.
     *
     * @param args {@code [-i] [--connect-timeout SECONDS] [--max-time SECONDS] URL}
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** {@link #main} with the output streams given; returns the exit status. */
    public static int run(String[] args, OutputStream out, PrintStream err) {
        boolean include = false;
        Duration connectTimeout = null;
        Duration maxTime = null;
        URI url = null;
        TlsConfig tls = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "-i", "--include" -> include = true;
                    case "--connect-timeout" -> connectTimeout = Seconds.parse(args[i],
                            value(args, ++i));
                    case "--max-time" -> maxTime = Seconds.parse(args[i], value(args, ++i));
                    case "--cacert" -> tls = TlsConfig.client().trust(Path.of(value(args, ++i)));
                    default -> {
                        if (url != null || args[i].startsWith("-")) {
                            throw new IllegalArgumentException("unexpected argument " + args[i]);
                        }
                        url = new URI(args[i]);
                    }
                }
            }
            if (url == null) {
                throw new IllegalArgumentException("no URL");
            }
        } catch (IllegalArgumentException | URISyntaxException | IOException e) {
            err.println("HttpGet: " + e.getMessage());
            err.println("usage: HttpGet [-i] [--connect-timeout SECONDS] [--max-time SECONDS] "
                    + "[--cacert FILE] http[s]://HOST[:PORT]/PATH");
            return 2;
        }
        try {
            Response response = get(url, connectTimeout, maxTime, tls);
            if (include) {
                StringBuilder head = new StringBuilder(response.statusLine()).append("\r\n");
                for (Header header : response.headers()) {
                    head.append(header.name()).append(": ").append(header.value()).append("\r\n");
                }
                out.write(head.append("\r\n").toString().getBytes(ISO_8859_1));
            }
            out.write(response.body());
            out.flush();
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            err.println("HttpGet: " + e.getMessage());
            return 1;
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    /**
     * GETs {@code url}.
     *
     * @param connectTimeout the limit for the connect; null for none (but {@code maxTime})
     * @param maxTime the limit for the whole exchange; null for none
     * @throws TcpException {@code "timeout"}, {@code "closed"} (the server closed before the
     *     end of the response), ...
     * @throws IOException a failed connect: {@code "connect to HOST:PORT: timeout"}, ...
     * @throws ProtocolException a response that is not HTTP
     * @throws IllegalArgumentException a URL that is not {@code http://}
     */
    public static Response get(URI url, Duration connectTimeout, Duration maxTime)
            throws IOException {
        return get(url, connectTimeout, maxTime, null);
    }

    /**
     * GETs {@code url}, an {@code https://} one over TLS with {@code tls} (null: the JDK's
     * trusted certificates); see {@link #get(URI, Duration, Duration)}.
     *
     * @throws TcpException also the handshake's failure, such as {@code "certificate verify
     *     failed"}
     */
    public static Response get(URI url, Duration connectTimeout, Duration maxTime,
            TlsConfig tls) throws IOException {
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        if (!(https || "http".equalsIgnoreCase(url.getScheme())) || url.getHost() == null) {
            throw new IllegalArgumentException("http[s]://HOST[:PORT]/PATH expected: " + url);
        }
        long start = System.nanoTime();
        String host = url.getHost();
        String address = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        int port = url.getPort() < 0 ? (https ? 443 : 80) : url.getPort();
        Duration connectLimit = connectTimeout == null ? maxTime
                : maxTime == null || connectTimeout.compareTo(maxTime) < 0 ? connectTimeout
                : maxTime;
        TcpClient client;
        try {
            client = Tcp.connect(address, port, connectLimit);
        } catch (TcpException e) {
            throw new IOException("connect to " + host + ":" + port + ": " + e.getMessage(), e);
        }
        try (client) {
            if (maxTime != null) { // what is left of it: a deadline for every call from here
                client.setDeadline(maxTime.minusNanos(System.nanoTime() - start));
            }
            TcpClient conn = client;
            if (https) { // the same connection, from here on through TLS
                TlsConfig config = tls == null ? TlsConfig.client() : tls;
                var secure = Tls.wrap(client, config.serverName(address));
                secure.dohandshake();
                conn = secure;
            }
            String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/"
                    : url.getRawPath();
            String target = path + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
            conn.send("GET " + target + " HTTP/1.1\r\n"
                    + "Host: " + host + (url.getPort() < 0 ? "" : ":" + port) + "\r\n"
                    + "User-Agent: loomsocket-HttpGet\r\n"
                    + "Accept: */*\r\n"
                    + "Connection: close\r\n"
                    + "\r\n");
            return receiveResponse(conn);
        }
    }

    private static Response receiveResponse(TcpClient client) throws IOException {
        String statusLine;
        int status;
        List<Header> headers;
        do { // a 1xx response (100 Continue, ...) comes before the real one
            statusLine = client.receiveString(); // ISO-8859-1, as HTTP's header bytes are
            status = status(statusLine);
            headers = receiveHeaders(client);
        } while (status / 100 == 1);

        byte[] body;
        String transferEncoding = header(headers, "Transfer-Encoding");
        String contentLength = header(headers, "Content-Length");
        if (status == 204 || status == 304) {
            body = new byte[0];
        } else if (transferEncoding != null
                && transferEncoding.toLowerCase(Locale.ROOT).endsWith("chunked")) {
            body = receiveChunked(client, headers);
        } else if (contentLength != null) {
            long length = length(contentLength);
            // LuaSocket's receive(0) waits for a byte to arrive: not for an empty body.
            body = length == 0 ? new byte[0] : client.receive(length);
        } else {
            body = receiveUntilClosed(client);
        }
        return new Response(statusLine, status, headers, body);
    }

    /** Header lines up to the empty line that ends them. */
    private static List<Header> receiveHeaders(TcpClient client) throws IOException {
        List<Header> headers = new ArrayList<>();
        for (String line = client.receiveString(); !line.isEmpty();
                line = client.receiveString()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new ProtocolException("not a header line: " + line);
            }
            headers.add(new Header(line.substring(0, colon), line.substring(colon + 1).strip()));
        }
        return headers;
    }

    /**
     * The chunked transfer coding: each chunk is its size in hex (maybe with extensions after a
     * {@code ;}), CRLF, the bytes, CRLF; a chunk of size 0 ends them, and trailer lines up to
     * an empty line follow, which are added to the headers.
     */
    private static byte[] receiveChunked(TcpClient client, List<Header> headers)
            throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = client.receiveString();
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new ProtocolException("not a chunk size: " + sizeLine);
            }
            if (size < 0) {
                throw new ProtocolException("not a chunk size: " + sizeLine);
            }
            if (size == 0) {
                break;
            }
            body.writeBytes(client.receive(size));
            if (!client.receiveString().isEmpty()) {
                throw new ProtocolException("no CRLF after a chunk of " + size + " bytes");
            }
        }
        headers.addAll(receiveHeaders(client));
        return body.toByteArray();
    }

    /**
     * A body that ends where the server closes: {@code *a}. LuaSocket's {@code *a} fails {@code
     * "closed"} when no byte at all came, so an empty body is that failure with an empty
     * partial.
     */
    private static byte[] receiveUntilClosed(TcpClient client) throws ReceiveException {
        try {
            return client.receive("*a");
        } catch (ReceiveException e) {
            if (e.isClosed() && e.partialLength() == 0) {
                return new byte[0];
            }
            throw e;
        }
    }

    private static int status(String statusLine) throws ProtocolException {
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
            throw new ProtocolException("not an HTTP status line: " + statusLine);
        }
        return Integer.parseInt(parts[1]);
    }

    private static long length(String contentLength) throws ProtocolException {
        try {
            long length = Long.parseLong(contentLength.strip());
            if (length >= 0) {
                return length;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new ProtocolException("not a Content-Length: " + contentLength);
    }

    private static String header(List<Header> headers, String name) {
        for (Header header : headers) {
            if (header.name().equalsIgnoreCase(name)) {
                return header.value();
            }
        }
        return null;
    }
}
