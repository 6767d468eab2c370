package io.loomsocket.differential;

import io.loomsocket.tls.TestCerts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The TLS differential suite's scenarios and runs. A scenario file (src/test/scenarios-tls)
 * holds scenarios, each a "== name" line, optional "server TABLE" and "client TABLE" lines
 * (LuaSec's parameters; $KEY, $CERT, $CA, $RSAKEY, $RSACERT, $CLIENTKEY, $CLIENTCERT name the
 * test's files), then steps: "S: call" or "C: call" runs a call on the server's or the client's
 * end and waits for its answer (and the earlier ones of that end); "S& call" and "C& call" do not
 * wait, so that the other end can act while this one blocks (a handshake needs both). Each end
 * runs its calls in order. A run's transcript is every step with its result and elapsed time.
 */
final class TlsDifferential {
    static final String DEFAULT_SERVER =
            "{mode=\"server\", protocol=\"any\", key=$KEY, certificate=$CERT}";
    static final String DEFAULT_CLIENT = "{mode=\"client\", protocol=\"any\"}";

    record Step(char side, boolean async, String call) {
        String text() {
            return side + (async ? "& " : ": ") + call;
        }
    }

    /**
     * A difference kept on purpose: in runs where {@code end} ("server" or "client") is
     * loomsocket, {@code step}'s result may differ from LuaSec's (every other step must agree).
     * Written "known END=loomsocket STEP -- why". A step whose time is not compared (its result
     * still is) is written "untimed STEP -- why" and kept with the end "time".
     */
    record Known(String end, String step, String why) {}

    record Scenario(String name, String server, String client, List<Step> steps,
            List<Known> known) {}

    record Line(String step, String result, double elapsed) {}

    /** Which implementation runs each end. */
    enum Impl { LUASEC, LOOMSOCKET }

    private TlsDifferential() {}

    static List<Scenario> parse(Path file) throws IOException {
        List<Scenario> out = new ArrayList<>();
        String name = null;
        String server = DEFAULT_SERVER;
        String client = DEFAULT_CLIENT;
        List<Step> steps = new ArrayList<>();
        List<Known> known = new ArrayList<>();
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("--")) {
                continue;
            }
            if (line.startsWith("== ")) {
                if (name != null) {
                    out.add(new Scenario(name, server, client, steps, known));
                }
                name = line.substring(3);
                server = DEFAULT_SERVER;
                client = DEFAULT_CLIENT;
                steps = new ArrayList<>();
                known = new ArrayList<>();
            } else if (line.startsWith("untimed ")) {
                String rest = line.substring(8);
                int why = rest.indexOf(" -- ");
                known.add(new Known("time", rest.substring(0, why).strip(), rest.substring(why + 4)));
            } else if (line.startsWith("known ")) {
                String rest = line.substring(6);
                int eq = rest.indexOf("=loomsocket ");
                int why = rest.indexOf(" -- ");
                known.add(new Known(rest.substring(0, eq), rest.substring(eq + 12, why).strip(),
                        rest.substring(why + 4)));
            } else if (line.startsWith("server ")) {
                server = line.substring(7);
            } else if (line.startsWith("client ")) {
                client = line.substring(7);
            } else if (line.length() > 3 && (line.charAt(0) == 'S' || line.charAt(0) == 'C')
                    && (line.charAt(1) == ':' || line.charAt(1) == '&')) {
                steps.add(new Step(line.charAt(0), line.charAt(1) == '&', line.substring(2).strip()));
            } else {
                throw new IllegalArgumentException(file + ": cannot read: " + raw);
            }
        }
        if (name != null) {
            out.add(new Scenario(name, server, client, steps, known));
        }
        return out;
    }

    static String params(String table) {
        TestCerts certs = TestCerts.get();
        return table.replace("$KEY", quote(certs.serverKey()))
                .replace("$CERT", quote(certs.serverCert()))
                .replace("$CA", quote(certs.ca()))
                .replace("$RSAKEY", quote(certs.rsaKey()))
                .replace("$RSACERT", quote(certs.rsaCert()))
                .replace("$CLIENTKEY", quote(certs.clientKey()))
                .replace("$CLIENTCERT", quote(certs.clientCert()));
    }

    private static String quote(Path path) {
        return "\"" + path.toAbsolutePath() + "\"";
    }

    static TlsEndpoint open(Impl impl) throws IOException {
        return impl == Impl.LUASEC ? new TlsEndpoint.Lua() : new LoomsocketTlsEnd();
    }

    /** Runs a scenario with the given implementations at the server and client ends. */
    static List<Line> run(Scenario scenario, Impl serverImpl, Impl clientImpl) throws Exception {
        try (TlsEndpoint server = open(serverImpl); TlsEndpoint client = open(clientImpl)) {
            String port = server.submit("listen").get(10, TimeUnit.SECONDS);
            CompletableFuture<String> accepted = server.submit("accept");
            expectOk(client.submit("connect " + port).get(10, TimeUnit.SECONDS), "connect");
            expectOk(accepted.get(10, TimeUnit.SECONDS), "accept");
            expectOk(server.submit("wrap " + params(scenario.server())).get(10, TimeUnit.SECONDS),
                    "server wrap");
            expectOk(client.submit("wrap " + params(scenario.client())).get(10, TimeUnit.SECONDS),
                    "client wrap");
            List<CompletableFuture<String>> answers = new ArrayList<>();
            CompletableFuture<String> lastOfServer = CompletableFuture.completedFuture("");
            CompletableFuture<String> lastOfClient = CompletableFuture.completedFuture("");
            for (Step step : scenario.steps()) {
                TlsEndpoint end = step.side() == 'S' ? server : client;
                CompletableFuture<String> answer = end.submit("call " + step.call());
                answers.add(answer);
                if (step.side() == 'S') {
                    lastOfServer = answer;
                } else {
                    lastOfClient = answer;
                }
                if (!step.async()) {
                    answer.get(60, TimeUnit.SECONDS);
                }
            }
            lastOfServer.get(60, TimeUnit.SECONDS);
            lastOfClient.get(60, TimeUnit.SECONDS);
            List<Line> lines = new ArrayList<>();
            for (int i = 0; i < answers.size(); i++) {
                String answer = answers.get(i).get();
                int tab = answer.indexOf('\t');
                double elapsed = tab < 0 ? 0 : Double.parseDouble(answer.substring(0, tab));
                String result = tab < 0 ? answer : answer.substring(tab + 1);
                lines.add(new Line(scenario.steps().get(i).text(), result, elapsed));
            }
            return lines;
        }
    }

    private static void expectOk(String answer, String what) {
        if (!"ok".equals(answer)) {
            throw new IllegalStateException(what + ": " + answer);
        }
    }

    /** Results must be equal; times must be within 0.1 s plus 25 % of the longer. */
    static boolean timesAgree(double a, double b) {
        return Math.abs(a - b) <= 0.1 + 0.25 * Math.max(a, b);
    }

    /** The differences between two transcripts: empty when they agree. */
    static List<String> differences(List<Line> reference, List<Line> other, boolean[] timingOnly,
            List<Known> known, Impl server, Impl client, List<String> kept) {
        List<String> out = new ArrayList<>();
        boolean onlyTimes = true;
        for (int i = 0; i < reference.size(); i++) {
            Line a = reference.get(i);
            Line b = other.get(i);
            List<String> reasons = new ArrayList<>();
            boolean untimed = false;
            for (Known k : known) {
                if (k.end().equals("time")) {
                    untimed |= k.step().equals(a.step());
                    continue;
                }
                boolean applies = k.end().equals("server") ? server == Impl.LOOMSOCKET
                        : client == Impl.LOOMSOCKET;
                if (applies && k.step().equals(a.step())) {
                    reasons.add(k.why());
                }
            }
            if (!reasons.isEmpty()) {
                if (!a.result().equals(b.result())) {
                    kept.add(a.step() + ": LuaSec " + a.result() + ", loomsocket " + b.result()
                            + " (" + String.join("; or ", reasons) + ")");
                }
                continue;
            }
            if (!a.result().equals(b.result())) {
                onlyTimes = false;
                out.add(a.step() + "\n      LuaSec:     " + a.result()
                        + "\n      this run:   " + b.result());
            } else if (!untimed && !timesAgree(a.elapsed(), b.elapsed())) {
                out.add(String.format("%s%n      %s: LuaSec %.3f s, this run %.3f s", a.step(),
                        a.result(), a.elapsed(), b.elapsed()));
            }
        }
        timingOnly[0] = onlyTimes && !out.isEmpty();
        return out;
    }
}
