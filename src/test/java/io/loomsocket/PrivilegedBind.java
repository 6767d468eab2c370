package io.loomsocket;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Binds a privileged port from a process that lacks the right to: the test JVM itself, or, when
 * the test JVM holds CAP_NET_BIND_SERVICE (as root does), a child JVM that {@code setpriv}
 * starts without that capability. Root may bind any port, so this is how a run as root still
 * sees the kernel refuse one.
 */
final class PrivilegedBind {
    private static final int CAP_NET_BIND_SERVICE = 10;

    private PrivilegedBind() {}

    /** The child's entry point: binds 127.0.0.1 on the port given and prints the outcome. */
    public static void main(String[] args) {
        System.out.println(outcome(Integer.parseInt(args[0])));
    }

    /** {@code "bound"}, or the failure's kind and text, as {@code "OTHER Invalid argument"}. */
    static String outcome(int port) {
        try (TcpMaster master = Tcp.tcp4()) {
            master.bind("127.0.0.1", port);
            return "bound";
        } catch (TcpException e) {
            return e.kind() + " " + e.getMessage();
        }
    }

    /** {@link #outcome(int)} in a process without CAP_NET_BIND_SERVICE. */
    static String outcomeWithoutTheCapability(int port) throws Exception {
        if (!mayBindPrivilegedPorts()) {
            return outcome(port);
        }
        String classPath = String.join(File.pathSeparator, codeSource(Tcp.class),
                codeSource(PrivilegedBind.class));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of("setpriv", "--inh-caps=-net_bind_service",
                "--bounding-set=-net_bind_service", "--", java, "-cp", classPath,
                PrivilegedBind.class.getName(), Integer.toString(port));
        Path errors = Files.createTempFile("privileged-bind", ".err");
        try {
            Process child = new ProcessBuilder(command)
                    .redirectError(errors.toFile()).start();
            child.getOutputStream().close();
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                throw new AssertionError("no answer in 30 s from " + command);
            }
            if (child.exitValue() != 0) {
                throw new AssertionError(command + " exited with " + child.exitValue()
                        + ", stdout: " + out + "stderr: " + Files.readString(errors));
            }
            return out.trim();
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    /** True if this process may bind ports below ip_unprivileged_port_start. */
    static boolean mayBindPrivilegedPorts() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("CapEff:")) {
                long effective = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                return (effective & (1L << CAP_NET_BIND_SERVICE)) != 0;
            }
        }
        throw new AssertionError("no CapEff line in /proc/self/status");
    }

    private static String codeSource(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
