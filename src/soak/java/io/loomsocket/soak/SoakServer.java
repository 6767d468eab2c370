package io.loomsocket.soak;

import io.loomsocket.Tcp;
import io.loomsocket.TcpMaster;
import io.loomsocket.TcpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The soak's server JVM: one listener per first-phase {@link Scenario}, one that echoes checked
 * lines (second and third phases), one that stays silent (third phase) and one that runs the
 * fourth phase's commands ({@link WaitServer}), all on 127.0.0.1. Prints
 * {@code ready <name>=<port>...}, then answers the commands of the soak on standard input:
 * {@code status} prints the connections open now, {@code idle-over} ends the fourth phase's
 * idle step, {@code stop} prints the totals and exits (normally, so that the JFR recording is
 * written).
 */
public final class SoakServer {
    private static final String HOST = "127.0.0.1";

    private SoakServer() {}

    /**
     * Runs the server until {@code stop}.
     *
     * @param args none
     * @throws Exception if a listener cannot be set up
     */
    public static void main(String[] args) throws Exception {
        Tally tally = new Tally("server");
        List<Listener> listeners = new ArrayList<>();
        StringBuilder ready = new StringBuilder("ready limit=" + Descriptors.softLimit());
        for (Scenario scenario : Scenario.values()) {
            TcpServer server = scenario == Scenario.SEND_TIMEOUT ? smallBuffers()
                    : Tcp.bind(HOST, 0, 1024);
            listeners.add(Listener.start(scenario.label, server,
                    new CycleServer(scenario, tally), tally));
        }
        listeners.add(Listener.start("echo-lines", Tcp.bind(HOST, 0, 4096),
                LineServer.echo(tally), tally));
        listeners.add(Listener.start("silent", Tcp.bind(HOST, 0, 1024),
                LineServer.silent(), tally));
        listeners.add(Listener.start("waits", Tcp.bind(HOST, 0, 1024), new WaitServer(tally),
                tally));
        for (Listener listener : listeners) {
            ready.append(' ').append(listener.name()).append('=').append(listener.port());
        }
        System.out.println("server: descriptor limit " + Descriptors.limit() + " (soft/hard)");
        System.out.println(ready);
        BufferedReader commands = new BufferedReader(
                new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String command;
        while ((command = commands.readLine()) != null) {
            switch (command.trim()) {
                case "status" -> System.out.println("status open=" + Listener.OPEN.get()
                        + " peak=" + Listener.PEAK.get() + " accepted=" + Listener.ACCEPTED.get());
                case "idle-over" -> WaitServer.endIdle();
                case "stop" -> {
                    listeners.forEach(Listener::stop);
                    System.out.println("result errors=" + tally.errors.get()
                            + " lost=" + tally.lost.get() + " accepted=" + Listener.ACCEPTED.get()
                            + " peak=" + Listener.PEAK.get() + " sent=" + tally.sent.get()
                            + " received=" + tally.received.get());
                    System.exit(0);
                }
                default -> System.err.println("server: unknown command \"" + command + "\"");
            }
        }
        System.err.println("server: standard input ended without \"stop\"");
        System.exit(3);
    }

    /**
     * The send-timeout listener: small receive buffers, which accepted sockets inherit. (A
     * {@code tcp()} master has no socket to set options on until it is bound, as in LuaSocket.)
     */
    private static TcpServer smallBuffers() throws Exception {
        TcpMaster master = Tcp.tcp();
        master.bind(HOST, 0);
        master.setoption("recv-buffer-size", Scenario.SMALL_BUFFER);
        return master.listen(1024);
    }
}
