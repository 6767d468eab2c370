package io.loomsocket.samples;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.loomsocket.ReceiveException;
import io.loomsocket.Stats;
import io.loomsocket.Tcp;
import io.loomsocket.TcpClient;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;

/**
 * The loomsocket twin of {@code samples/lua/lineclient.lua}, a line client in classic
 * LuaSocket, line for line: it sends each line of standard input to a line server, prints each
 * reply, and after the last line prints whatever the server says before it closes, and the
 * byte counts. Both print the same bytes against the same server.
 *
 * <pre>
 *   LineClient [HOST [PORT]]          (defaults: 127.0.0.1, 7000)
 * </pre>
 *
 * <p>Where the Lua program checks {@code nil, err, partial}, this one catches a {@link
 * ReceiveException} with {@code getMessage()} and {@code partial()}; text is UTF-8 here, where
 * Lua's strings are the bytes themselves. (Standard input is read with {@code readLine}, which
 * also ends a line at a lone CR where {@code io.lines} keeps it: the same for input without
 * CRs.)
 */
public final class LineClient {
    private LineClient() {}

    /**
     * Runs the client on the standard streams.
     *
     * @param args {@code [HOST [PORT]]}
     */
    public static void main(String[] args) throws IOException {
        PrintStream stdout = new PrintStream(new FileOutputStream(FileDescriptor.out), true, UTF_8);
        run(args, System.in, stdout);
    }

    /**
     * {@link #main} with the standard streams given.
     *
     * @param args {@code [HOST [PORT]]}
     * @param stdin the lines to send, in UTF-8
     * @param out where the replies are printed
     * @throws IOException the connect or a send failed (where the Lua program's {@code assert}
     *     raises), or standard input could not be read
     */
    public static void run(String[] args, InputStream stdin, PrintStream out) throws IOException {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 7000;
        try (TcpClient client = Tcp.connect(host, port)) {
            client.settimeout(0.5); // at most 0.5 s for each receive, from its start

            BufferedReader lines = new BufferedReader(new InputStreamReader(stdin, UTF_8));
            for (String request = lines.readLine(); request != null; request = lines.readLine()) {
                client.send(request + "\n", UTF_8);
                byte[] reply = null;
                byte[] partial = null;
                String error = null;
                while (reply == null && error == null) {
                    try {
                        reply = client.receive("*l", partial);
                    } catch (ReceiveException e) {
                        if (e.isTimeout()) { // a slow reply: keep what came, wait again
                            partial = e.partial();
                            out.println("(still waiting, so far: " + new String(partial, UTF_8)
                                    + ")");
                        } else {
                            error = e.getMessage();
                        }
                    }
                }
                if (reply == null) {
                    out.println("error: " + error);
                    break;
                }
                out.println(new String(reply, UTF_8));
            }

            client.shutdown("send"); // our end of the stream; the server may answer
            byte[] rest;
            try {
                rest = client.receive("*a");
            } catch (ReceiveException e) { // "closed" when nothing more came
                rest = e.partial();
            }
            out.print(new String(rest, UTF_8));
            Stats stats = client.getstats();
            out.printf("received %d bytes, sent %d bytes%n", stats.received(), stats.sent());
        }
    }
}
