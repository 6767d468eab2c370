package io.loomsocket.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A contender in other processes: an optional server process that prints {@code PORT n}, and a
 * client process that warms up, prints {@code READY}, and answers each {@code GO} line with
 * {@code ROUND seconds units cpu_ns switches}. In the client's arguments, {@code PORT} and
 * {@code SERVERPID} are replaced by the server's port and process id.
 */
final class ChildProcess implements Contender {
    private static final long EXIT_SECONDS = 60;

    private final String label;
    private final List<String> serverCommand;
    private final List<String> clientCommand;
    private Process server;
    private Process client;
    private BufferedReader clientOut;
    private PrintStream clientIn;

    /** @param serverCommand null when the client needs no server process */
    ChildProcess(String label, List<String> serverCommand, List<String> clientCommand) {
        this.label = label;
        this.serverCommand = serverCommand;
        this.clientCommand = clientCommand;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public void open() throws Exception {
        String port = "";
        String serverPid = "";
        if (serverCommand != null) {
            server = new ProcessBuilder(serverCommand)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader serverOut = new BufferedReader(
                    new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line = serverOut.readLine();
            if (line == null || !line.startsWith("PORT ")) {
                throw new IOException(label + ": the server did not report its port: " + line);
            }
            port = line.substring(5).trim();
            serverPid = Long.toString(server.pid());
        }
        List<String> command = new ArrayList<>();
        for (String arg : clientCommand) {
            command.add(switch (arg) {
                case "PORT" -> port;
                case "SERVERPID" -> serverPid;
                default -> arg;
            });
        }
        client = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        clientOut = new BufferedReader(
                new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        clientIn = new PrintStream(client.getOutputStream(), true, StandardCharsets.UTF_8);
        String line;
        while ((line = clientOut.readLine()) != null && !line.equals("READY")) {
            System.out.println(line);
        }
        if (line == null) {
            throw new IOException(label + ": the client ended before it was ready");
        }
    }

    @Override
    public void warmup() {
        // The client warms up by itself before it prints READY.
    }

    @Override
    public Sample round() throws Exception {
        clientIn.println("GO");
        String line;
        while ((line = clientOut.readLine()) != null && !line.startsWith("ROUND ")) {
            System.out.println(line);
        }
        if (line == null) {
            throw new IOException(label + ": the client ended during a round");
        }
        String[] f = line.substring(6).trim().split("\\s+");
        return new Sample(Double.parseDouble(f[0]), Double.parseDouble(f[1]),
                Double.parseDouble(f[2]), Double.parseDouble(f[3]));
    }

    @Override
    public void close() throws Exception {
        try {
            if (client != null) {
                client.getOutputStream().close();
                if (!client.waitFor(EXIT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IOException(label + ": the client did not exit");
                }
                if (client.exitValue() != 0) {
                    throw new IOException(label + ": the client failed, exit code "
                            + client.exitValue());
                }
            }
            if (server != null) {
                server.getOutputStream().close();
                if (!server.waitFor(EXIT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IOException(label + ": the server did not exit");
                }
            }
        } finally {
            if (client != null) {
                client.destroyForcibly();
            }
            if (server != null) {
                server.destroyForcibly();
            }
        }
    }

    // ---- the client side of the protocol, for Java contenders in a child JVM ------------------

    /**
     * {@code ChildProcess KEY ARGS...}: runs the in-process contender {@code KEY} of {@link
     * Scenarios} with the given settings, speaking the protocol above on stdin and stdout.
     */
    public static void main(String[] args) throws Exception {
        Config cfg = Config.parse(java.util.Arrays.copyOfRange(args, 1, args.length));
        Contender contender = Scenarios.inProcess(args[0], cfg);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
                StandardCharsets.UTF_8));
        try {
            contender.open();
            for (int i = 0; i < cfg.warmupRounds; i++) {
                contender.warmup();
            }
            System.out.println("READY");
            System.out.flush();
            String line;
            while ("GO".equals(line = in.readLine())) {
                Sample s = contender.round();
                System.out.printf(java.util.Locale.ROOT, "ROUND %.9f %.0f %.0f %.0f%n",
                        s.seconds(), s.units(), s.cpuNanos(), s.switches());
                System.out.flush();
            }
        } finally {
            contender.close();
        }
        System.exit(0);
    }

    /** The command that starts {@link #main} in a new JVM with extra JVM options. */
    static List<String> javaCommand(List<String> jvmOptions, String key, Config cfg) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ChildJvm.forwardedProperties());
        command.addAll(jvmOptions); // after them: a -D of its own wins
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ChildProcess.class.getName());
        command.add(key);
        command.addAll(cfg.asArguments());
        return command;
    }
}
