package io.loomsocket.soak;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The soak's client JVM: a warm-up, then the four phases against the server JVM whose ports
 * it is given ({@code --ports=name=port,...}). After the warm-up it prints {@code warm} and
 * waits for {@code go <server's descriptor limit> <server's descriptors open>} on standard
 * input, from which it sizes the second phase. In the fourth phase's idle step it prints
 * {@code idle <connections> <half-closed here> <half-closed by the server>} and waits for
 * {@code idle-over}. It ends by printing
 * {@code client-result connections=.. errors=.. lost=.. leaked-fds=.. sent=.. received=..
 * deadlines-lost=.. max-overrun-ns=..} (bytes over the warm-up and the phases; the overrun, the
 * most a timed wait of the phases ended past its timeout).
 */
public final class SoakClient {
    /** Descriptors left unused in each JVM in the second phase, for the JVM's own needs. */
    private static final int SPARE_DESCRIPTORS = 8;

    private SoakClient() {}

    /**
     * Runs the warm-up and the phases.
     *
     * @param args {@code --ports=...} and the sizes of {@link Settings}
     * @throws Exception if the soak itself cannot go on
     */
    public static void main(String[] args) throws Exception {
        Settings settings = new Settings(args);
        Map<String, Integer> ports = new HashMap<>();
        for (String entry : settings.text("ports").split(",")) {
            String[] pair = entry.split("=");
            ports.put(pair[0], Integer.parseInt(pair[1]));
        }
        long pid = ProcessHandle.current().pid();
        System.out.println("client: descriptor limit " + Descriptors.limit() + " (soft/hard)");

        Tally warm = new Tally("client warm-up");
        Cycles.run(Scenario.SCHEDULE.size() * 2L, 4, ports, warm);
        HeldConnections.run(20, 2, ports.get("echo-lines"), warm);
        TimeoutLateness.run(new Settings(new String[] {"--echoers=20", "--silent=2",
                "--repeats=1"}), ports.get("echo-lines"), ports.get("silent"), warm);
        Waits.run(new Waits.Sizes("warm", 5, 5, 3, 0.05, false, false), ports.get("waits"), warm,
                line -> { }, null);
        System.out.println("client: warm-up of " + warm.connections.get() + " connections, "
                + warm.errors.get() + " errors, " + warm.lost.get() + " lost");
        System.out.println("warm");
        BufferedReader commands = new BufferedReader(
                new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String go = commands.readLine();
        if (go == null || !go.startsWith("go ")) {
            throw new IllegalStateException("\"go\" expected from the soak, got " + go);
        }
        String[] server = go.split(" ");
        int serverLimit = Integer.parseInt(server[1]);
        int serverOpen = Integer.parseInt(server[2]);
        int before = Descriptors.count(pid);
        Map<String, Integer> kindsBefore = Descriptors.kinds(pid);

        Tally tally = new Tally("client");
        System.out.println("phase 1: " + Cycles.run(settings.number("cycles"),
                settings.number("workers"), ports, tally));
        int clientRoom = Descriptors.softLimit() - Descriptors.count(pid) - SPARE_DESCRIPTORS;
        int serverRoom = serverLimit - serverOpen - SPARE_DESCRIPTORS;
        int target = Math.min(settings.number("held"), Math.min(clientRoom, serverRoom));
        System.out.println("phase 2: room for " + clientRoom + " connections in the client, "
                + serverRoom + " in the server (limit less descriptors open less "
                + SPARE_DESCRIPTORS + " spare), at most " + settings.number("held"));
        System.out.println("phase 2: " + HeldConnections.run(target, settings.number("rounds"),
                ports.get("echo-lines"), tally));
        System.out.println("phase 3: " + TimeoutLateness.run(settings, ports.get("echo-lines"),
                ports.get("silent"), tally));
        Waits.run(Waits.Sizes.of(settings), ports.get("waits"), tally,
                line -> System.out.println("phase 4: " + line), held -> {
                    System.out.println("idle " + held);
                    String over = commands.readLine();
                    if (!"idle-over".equals(over)) {
                        throw new IllegalStateException("\"idle-over\" expected from the soak,"
                                + " got " + over);
                    }
                });

        Thread.sleep(1000); // closes settle
        int after = Descriptors.count(pid);
        System.out.println("client: descriptors " + before + " before the phases, " + after
                + " after");
        if (after != before) {
            System.out.println("client: descriptors gained, by kind: "
                    + Descriptors.difference(kindsBefore, Descriptors.kinds(pid)));
        }
        System.out.println("client-result connections=" + tally.connections.get()
                + " errors=" + (tally.errors.get() + warm.errors.get())
                + " lost=" + (tally.lost.get() + warm.lost.get())
                + " leaked-fds=" + (after - before)
                + " sent=" + (tally.sent.get() + warm.sent.get())
                + " received=" + (tally.received.get() + warm.received.get())
                + " deadlines-lost=" + (tally.deadlinesLost.get() + warm.deadlinesLost.get())
                + " max-overrun-ns=" + tally.maxOverrun.get());
        System.exit(0);
    }
}
