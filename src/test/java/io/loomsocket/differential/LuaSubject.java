package io.loomsocket.differential;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * C LuaSocket: one oracle process per scenario, fed one step per line. A step that does not
 * answer within its limit ends the process and fails the scenario.
 *
 * <p>The oracle's output is read by platform threads: a virtual thread blocked reading a process
 * pipe holds its carrier, and the two readers would take both carriers of a two-core machine from
 * the virtual threads of loomsocket's run and of the peers, which then wait for one another.
 */
final class LuaSubject implements Subject {
    private static final String EOF = "\u0000eof";

    private final Process process;
    private final OutputStream toOracle;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer errors = new StringBuffer();

    LuaSubject() throws IOException {
        process = new ProcessBuilder(Oracle.command()).start();
        toOracle = process.getOutputStream();
        Thread.ofPlatform().daemon().name("oracle-stdout").start(() -> pump(
                new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.ISO_8859_1)), true));
        Thread.ofPlatform().daemon().name("oracle-stderr").start(() -> pump(
                new BufferedReader(new InputStreamReader(process.getErrorStream(),
                        StandardCharsets.ISO_8859_1)), false));
    }

    private void pump(BufferedReader reader, boolean results) {
        try (reader) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (results) {
                    lines.add(line);
                } else {
                    errors.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            errors.append(e).append('\n');
        } finally {
            if (results) {
                lines.add(EOF);
            }
        }
    }

    @Override
    public String name() {
        return "C LuaSocket";
    }

    @Override
    public StepResult step(Statement statement, double limitSeconds) throws Exception {
        String line = ask("step " + statement.text(), limitSeconds);
        String[] fields = line.split("\t", -1);
        if (fields.length < 3) {
            throw new IllegalStateException("oracle answered '" + line + "' to " + statement.text());
        }
        List<Double> toleranced = new ArrayList<>();
        for (int i = 3; i < fields.length; i++) {
            toleranced.add(Double.parseDouble(fields[i]));
        }
        return new StepResult(Double.parseDouble(fields[0]), Double.parseDouble(fields[1]),
                fields[2], toleranced);
    }

    @Override
    public int port(String object) throws Exception {
        return Integer.parseInt(ask("port " + object, 10).strip());
    }

    private String ask(String request, double limitSeconds) throws Exception {
        toOracle.write((request + "\n").getBytes(StandardCharsets.ISO_8859_1));
        toOracle.flush();
        String line = lines.poll((long) (limitSeconds * 1000), TimeUnit.MILLISECONDS);
        if (line == null) {
            process.destroyForcibly();
            throw new IllegalStateException("oracle gave no answer within " + limitSeconds
                    + " s to: " + request);
        }
        if (line.equals(EOF)) {
            throw new IllegalStateException("oracle ended (exit " + process.waitFor()
                    + ") at: " + request + "\n" + errors);
        }
        return line;
    }

    @Override
    public void close() {
        try {
            toOracle.write("quit\n".getBytes(StandardCharsets.ISO_8859_1));
            toOracle.close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
