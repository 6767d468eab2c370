package io.loomsocket.samples;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.loomsocket.Address;
import io.loomsocket.ReceiveException;
import io.loomsocket.SendException;
import io.loomsocket.Tcp;
import io.loomsocket.TcpClient;
import io.loomsocket.TcpException;
import io.loomsocket.TcpServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small {@code nc}: standard input to the socket, the socket to standard output.
 *
 * <pre>
 *   Netcat [OPTIONS] HOST PORT           connect
 *   Netcat -l [OPTIONS] [HOST] PORT      listen for one connection (HOST: 127.0.0.1)
 *
 *   --lines            line mode: each line received ({@code *l}: up to its LF, every CR
 *                      dropped) is written with an LF; standard input is sent a line at a time
 *   -C                 in line mode, send each line with CRLF (as nc -C)
 *   -w SECONDS         connect (or accept) limit, and idle limit: quit when nothing arrives for
 *                      SECONDS
 *   --deadline SECONDS quit after SECONDS in all
 * </pre>
 *
 * <p>Raw mode (the default) copies bytes as they come, with {@code receiveSome}. At the end of
 * standard input the sending side is shut down ({@code shutdown("send")}), so the peer reads the
 * end of the stream and can still answer; the program ends when both directions have ended, as
 * OpenBSD's nc does, with 0, or at a timeout or an error with 1 (after writing whatever had
 * arrived: a timed-out line receive hands back its partial). Messages go to standard error.
 */
public final class Netcat {
    /** The command line, parsed. */
    private record Options(boolean listen, boolean lines, boolean crlf, Duration limit,
            Duration deadline, String host, int port) {}

    private Netcat() {}

    /**
     * Runs a session and exits with its status (2 for bad arguments).
     *
     * @param args see the class comment
     */
    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /**
     * {@link #main} with the standard streams given.
     *
     * @param args see the class comment
     * @param stdin what to send
     * @param stdout where what arrives is written
     * @param stderr where messages go
     * @return the exit status: 0, 1 for a timeout or an error, 2 for bad arguments
     */
    public static int run(String[] args, InputStream stdin, OutputStream stdout,
            PrintStream stderr) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            stderr.println("Netcat: " + e.getMessage());
            stderr.println("usage: Netcat [--lines] [-C] [-w SECONDS] [--deadline SECONDS]"
                    + " HOST PORT\n       Netcat -l [...] [HOST] PORT");
            return 2;
        }
        try (TcpClient client = options.listen() ? accept(options, stderr) : connect(options)) {
            return session(client, options, stdin, stdout, stderr);
        } catch (TcpException e) {
            stderr.println("Netcat: " + e.getMessage());
            return 1;
        }
    }

    private static TcpClient connect(Options options) throws TcpException {
        return Tcp.connect(options.host(), options.port(), options.limit());
    }

    private static TcpClient accept(Options options, PrintStream stderr) throws TcpException {
        try (TcpServer server = Tcp.bind(options.host(), options.port())) {
            Address local = server.getsockname();
            stderr.println("listening on " + local.address() + ":" + local.port());
            server.setIdleTimeout(options.limit()); // null: no limit
            TcpClient client = server.accept();
            Address peer = client.getpeername();
            stderr.println("connection from " + peer.address() + ":" + peer.port());
            return client;
        }
    }

    /** Both directions, until both have ended; returns the exit status. */
    private static int session(TcpClient client, Options options, InputStream stdin,
            OutputStream stdout, PrintStream stderr) {
        // -w: quit when nothing moves for that long, however long the session (an idle
        // timeout, renewed by every byte received or sent; null: none)
        client.setIdleTimeout(options.limit());
        client.setDeadline(options.deadline());
        String[] sendFailure = new String[1];
        Thread sender = Thread.ofVirtual().name("netcat-stdin").start(
                () -> sendFailure[0] = sendAll(stdin, client, options));
        String failure = null;
        try {
            if (options.lines()) {
                receiveLines(client, stdout);
            } else {
                receiveRaw(client, stdout);
            }
            sender.join(); // the peer has ended; the rest of standard input may still go
            failure = sendFailure[0];
        } catch (IOException e) {
            failure = sendFailure[0] != null ? sendFailure[0] : e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        }
        if (failure != null) {
            stderr.println("Netcat: " + failure);
            return 1;
        }
        return 0;
    }

    /** Writes what arrives as it comes, until the peer ends its stream. */
    private static void receiveRaw(TcpClient client, OutputStream stdout) throws IOException {
        while (true) {
            byte[] data;
            try {
                data = client.receiveSome(8192);
            } catch (ReceiveException e) {
                if (e.isClosed()) {
                    return;
                }
                throw e;
            }
            stdout.write(data);
            stdout.flush();
        }
    }

    /** Writes each line with an LF, until the peer ends its stream; a last partial line too. */
    private static void receiveLines(TcpClient client, OutputStream stdout) throws IOException {
        while (true) {
            byte[] line;
            try {
                line = client.receive("*l");
            } catch (ReceiveException e) {
                stdout.write(e.partial()); // a line cut by the end, or by a timeout
                stdout.flush();
                if (e.isClosed()) {
                    return;
                }
                throw e;
            }
            stdout.write(line);
            stdout.write('\n');
            stdout.flush();
        }
    }

    /**
     * Sends standard input, then shuts the sending side down; returns null, or what failed.
     * Runs on a thread of its own, beside the receiving one.
     */
    private static String sendAll(InputStream stdin, TcpClient client, Options options) {
        try {
            if (options.lines()) {
                sendLines(new BufferedInputStream(stdin), client, options.crlf() ? "\r\n" : "\n");
            } else {
                byte[] buffer = new byte[8192];
                for (int n = stdin.read(buffer); n >= 0; n = stdin.read(buffer)) {
                    client.send(buffer, 1, n);
                }
            }
            client.shutdown("send");
            return null;
        } catch (SendException e) {
            client.close(); // ends the receiving side too
            return "send: " + e.getMessage();
        } catch (IOException e) {
            client.close();
            return "standard input: " + e.getMessage();
        }
    }

    /** One send per line of standard input, ending with {@code end} (LF or CRLF). */
    private static void sendLines(InputStream stdin, TcpClient client, String end)
            throws IOException {
        byte[] ending = end.getBytes(US_ASCII);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = stdin.read(); b >= 0; b = stdin.read()) {
            if (b != '\n') {
                line.write(b);
                continue;
            }
            byte[] text = line.toByteArray();
            int length = text.length > 0 && text[text.length - 1] == '\r'
                    ? text.length - 1 : text.length; // the line's own CRLF becomes the ending
            byte[] message = Arrays.copyOf(text, length + ending.length);
            System.arraycopy(ending, 0, message, length, ending.length);
            client.send(message);
            line.reset();
        }
        if (line.size() > 0) {
            client.send(line.toByteArray()); // a last line without its LF goes as it is
        }
    }

    private static Options parse(String[] args) {
        boolean listen = false;
        boolean lines = false;
        boolean crlf = false;
        Duration wait = null;
        Duration deadline = null;
        List<String> operands = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-l" -> listen = true;
                case "--lines" -> lines = true;
                case "-C" -> crlf = true;
                case "-w" -> wait = Seconds.parse("-w", value(args, ++i));
                case "--deadline" -> deadline = Seconds.parse("--deadline", value(args, ++i));
                default -> {
                    if (args[i].startsWith("-") && args[i].length() > 1) {
                        throw new IllegalArgumentException("unknown option " + args[i]);
                    }
                    operands.add(args[i]);
                }
            }
        }
        if (operands.size() == 2 || (listen && operands.size() == 1)) {
            String host = operands.size() == 2 ? operands.get(0) : "127.0.0.1";
            String port = operands.get(operands.size() - 1);
            try {
                return new Options(listen, lines, crlf, wait, deadline, host,
                        Integer.parseInt(port));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a port: " + port);
            }
        }
        throw new IllegalArgumentException(listen ? "[HOST] PORT expected" : "HOST PORT expected");
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
