package io.loomsocket.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;

/**
 * The soak: starts the server JVM and the client JVM ({@link SoakServer}, {@link SoakClient}),
 * measures the server's descriptors before and after the phases, reads the JFR recordings of
 * both JVMs and of this one, and ends with the line
 * {@code soak: connections=<n> errors=<n> lost=<n> leaked-fds=<n> pinned=<n>}. Exits 1 unless
 * every count but the connections is 0.
 *
 * <p>Arguments: the poller mode ({@code virtual}, {@code hybrid}, or {@code auto}, the default:
 * the property {@code io.loomsocket.poller} if set, else the library's choice for this JDK),
 * then any {@code --name=value} sizes of {@link Settings}.
 */
public final class Soak {
    private Soak() {}

    /**
     * Runs the soak.
     *
     * @param args the poller mode and sizes, all optional
     * @throws Exception if the soak itself cannot run
     */
    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        List<String> sizes = new ArrayList<>(Arrays.asList(args));
        String chosen = !sizes.isEmpty() && !sizes.get(0).startsWith("--") ? sizes.remove(0)
                : System.getProperty("io.loomsocket.poller", "auto");
        String poller = pollerMode(chosen);
        Settings settings = new Settings(sizes.toArray(String[]::new));
        int nofile = settings.number("nofile");

        Recording own = new Recording();
        own.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
        own.start();

        Path directory = Path.of("target", "soak",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                        + "-" + poller);
        Files.createDirectories(directory);
        Path jfc = directory.resolve("pinned.jfc");
        Files.writeString(jfc, PinnedEvents.SETTINGS);
        System.out.println("soak: poller mode " + poller + ("auto".equals(chosen)
                ? " (the library's default on JDK " + Runtime.version().feature() + ")" : "")
                + ", JDK " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, load average " + loadAverage() + ", " + timeWait()
                + " TCP sockets in TIME_WAIT, recordings in " + directory);

        long errors = 0;
        long lost = 0;
        long connections = 0;
        long leaked = 0;
        long clientSent = -1;
        long clientReceived = -1;
        long deadlinesLost = 0;
        long maxOverrun = -1;
        IdleCpu.Result idle = null;
        ChildJvm server = ChildJvm.start("server", SoakServer.class, List.of(), poller,
                nofile, jfc, directory);
        ChildJvm client = null;
        String ready = server.await("ready", 60);
        if (ready == null) {
            errors += failed("the server did not start");
        } else {
            String[] fields = ready.split(" ", 3);
            int serverLimit = Integer.parseInt(fields[1].substring("limit=".length()));
            String ports = fields[2].replace(' ', ',');
            List<String> clientArgs = new ArrayList<>(List.of(settings.sizes()));
            clientArgs.add("--ports=" + ports);
            client = ChildJvm.start("client", SoakClient.class, clientArgs, poller, nofile, jfc,
                    directory);
            if (client.await("warm", 300) == null) {
                errors += failed("the client's warm-up did not end");
                client.dumpThreads("the warm-up did not end");
                server.dumpThreads("the client's warm-up did not end");
            } else {
                errors += awaitQuiet(server);
                Thread.sleep(1000); // closes settle
                int before = Descriptors.count(server.pid());
                Map<String, Integer> kindsBefore = Descriptors.kinds(server.pid());
                System.out.println("soak: server descriptors before the phases: " + before);
                client.send("go " + serverLimit + " " + before);
                String result = client.awaitAny(1800, "idle", "client-result");
                if (result != null && result.startsWith("idle")) {
                    idle = IdleCpu.check(result, client.pid(), server.pid());
                    errors += idle.errors();
                    server.send("idle-over");
                    client.send("idle-over");
                    result = client.await("client-result", 600);
                } else if (result != null) {
                    errors += failed("the client ended without the fourth phase's idle step");
                }
                if (result == null) {
                    errors += failed("the client did not finish");
                    client.dumpThreads("it did not finish");
                    server.dumpThreads("the client did not finish");
                } else {
                    connections = field(result, "connections");
                    errors += field(result, "errors");
                    lost += field(result, "lost");
                    clientSent = field(result, "sent");
                    clientReceived = field(result, "received");
                    deadlinesLost = field(result, "deadlines-lost");
                    maxOverrun = field(result, "max-overrun-ns");
                }
                errors += awaitQuiet(server);
                Thread.sleep(1000); // closes settle
                int after = Descriptors.count(server.pid());
                leaked = after - before;
                System.out.println("soak: server descriptors after the phases: " + after);
                if (leaked != 0) {
                    System.out.println("soak: server descriptors gained, by kind: "
                            + Descriptors.difference(kindsBefore, Descriptors.kinds(server.pid())));
                }
            }
        }
        if (client != null) {
            int status = client.awaitExit(60);
            if (status != 0) {
                errors += failed("the client exited with status " + status);
            }
        }
        server.send("stop");
        String result = server.await("result", 60);
        long serverSent = -1;
        long serverReceived = -1;
        if (result == null) {
            errors += failed("the server gave no result");
        } else {
            System.out.println("soak: server " + result);
            errors += field(result, "errors");
            lost += field(result, "lost");
            serverSent = field(result, "sent");
            serverReceived = field(result, "received");
        }
        // Every byte one end's sockets handed to the kernel must have been returned to the
        // other end's callers: each connection is read to its end before it is closed.
        long lostBytes = -1;
        if (clientSent >= 0 && serverSent >= 0) {
            lostBytes = Math.abs(clientSent - serverReceived)
                    + Math.abs(serverSent - clientReceived);
            if (lostBytes != 0) {
                lost += lostBytes;
                failed("bytes lost: the client sent " + clientSent + " and the server received "
                        + serverReceived + "; the server sent " + serverSent + " and the client"
                        + " received " + clientReceived);
            }
        }
        int status = server.awaitExit(60);
        if (status != 0) {
            errors += failed("the server exited with status " + status);
        }

        Path ownRecording = directory.resolve("soak.jfr");
        own.dump(ownRecording);
        own.close();
        long pinned = 0;
        List<Path> recordings = new ArrayList<>(List.of(server.recording, ownRecording));
        if (client != null) {
            recordings.add(client.recording);
        }
        for (Path recording : recordings) {
            try {
                PinnedEvents.Found found = PinnedEvents.read(recording);
                pinned += found.library().size();
                System.out.println("soak: " + recording.getFileName() + ": " + found.all()
                        + " pinned events, " + found.library().size() + " with a loomsocket frame");
                found.library().stream().limit(10).forEach(e -> System.out.println("    " + e));
            } catch (IOException e) {
                errors += failed("unreadable recording " + recording + ": " + e);
            }
        }
        System.out.printf("soak: took %.0f s, load average %s, %s TCP sockets in TIME_WAIT%n",
                (System.nanoTime() - started) / 1e9, loadAverage(), timeWait());
        System.out.printf("soak: figures mode=%s connections=%d client-sent=%d"
                + " client-received=%d server-sent=%d server-received=%d lost-bytes=%d"
                + " deadlines-lost=%d max-overrun-ms=%.1f idle-cpu-client=%s"
                + " idle-cpu-server=%s load=%s%n", poller, connections, clientSent,
                clientReceived, serverSent, serverReceived, lostBytes, deadlinesLost,
                maxOverrun / 1e6, idle == null ? "-" : String.format("%.2f%%", idle.client() * 100),
                idle == null ? "-" : String.format("%.2f%%", idle.server() * 100),
                loadAverage().replace(' ', '/'));
        System.out.println("soak: connections=" + connections + " errors=" + errors + " lost="
                + lost + " leaked-fds=" + leaked + " pinned=" + pinned);
        System.exit(errors == 0 && lost == 0 && leaked == 0 && pinned == 0 ? 0 : 1);
    }

    private static String pollerMode(String chosen) {
        return switch (chosen) {
            case "virtual", "hybrid" -> chosen;
            // The library's rule: select parks a virtual thread from JDK 24 on.
            case "auto" -> Runtime.version().feature() >= 24 ? "virtual" : "hybrid";
            default -> throw new IllegalArgumentException(
                    "poller mode virtual, hybrid or auto expected, got \"" + chosen + "\"");
        };
    }

    /** Waits (30 s at most) until the server has no connection open; 1 error if it still has. */
    private static int awaitQuiet(ChildJvm server) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        String status = null;
        while (System.nanoTime() - deadline < 0) {
            server.send("status");
            status = server.await("status", 10);
            if (status != null && field(status, "open") == 0) {
                return 0;
            }
            Thread.sleep(100);
        }
        return failed("the server still has connections open: " + status);
    }

    private static int failed(String what) {
        System.out.println("soak: error: " + what);
        return 1;
    }

    private static long field(String line, String name) {
        for (String field : line.split(" ")) {
            if (field.startsWith(name + "=")) {
                return Long.parseLong(field.substring(name.length() + 1));
            }
        }
        throw new IllegalArgumentException("no " + name + "= in \"" + line + "\"");
    }

    /** The machine's TCP sockets in TIME_WAIT (its ephemeral ports are shared with all). */
    private static String timeWait() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/net/sockstat"))) {
            String[] fields = line.split(" ");
            for (int i = 0; line.startsWith("TCP:") && i + 1 < fields.length; i++) {
                if (fields[i].equals("tw")) {
                    return fields[i + 1];
                }
            }
        }
        return "?";
    }

    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }
}
