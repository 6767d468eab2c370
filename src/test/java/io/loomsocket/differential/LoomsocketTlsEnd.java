package io.loomsocket.differential;

import io.loomsocket.ReceiveException;
import io.loomsocket.SendException;
import io.loomsocket.Tcp;
import io.loomsocket.TcpClient;
import io.loomsocket.TcpException;
import io.loomsocket.TcpServer;
import io.loomsocket.Tls;
import io.loomsocket.TlsClient;
import io.loomsocket.TlsConfig;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One end of the TLS differential suite run with loomsocket: tls_oracle.lua's commands, each
 * LuaSec method done with its loomsocket counterpart and its result rendered as Lua's.
 */
final class LoomsocketTlsEnd implements TlsEndpoint {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("tls-differential-end").factory());
    private TcpServer listener;
    private TcpClient raw;
    private TlsClient conn;

    @Override
    public CompletableFuture<String> submit(String command) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return run(command);
            } catch (Exception | AssertionError e) {
                return "loomsocket failure: " + e;
            }
        }, thread);
    }

    private String run(String line) throws Exception {
        int space = line.indexOf(' ');
        String command = space < 0 ? line : line.substring(0, space);
        String body = space < 0 ? "" : line.substring(space + 1);
        switch (command) {
            case "listen" -> {
                listener = Tcp.bind("127.0.0.1", 0);
                return String.valueOf(listener.getsockname().port());
            }
            case "accept" -> {
                raw = listener.accept();
                listener.close();
                return "ok";
            }
            case "connect" -> {
                raw = Tcp.connect("127.0.0.1", Integer.parseInt(body));
                return "ok";
            }
            case "wrap" -> {
                conn = Tls.wrap(raw, TlsConfig.luasec(table(body)));
                return "ok";
            }
            case "call" -> {
                return call(body);
            }
            default -> {
                return "loomsocket failure: unknown command " + line;
            }
        }
    }

    /** A Lua table literal as LuaSec's parameters: strings as Java strings. */
    private static Map<String, Object> table(String literal) {
        Object parsed = LuaLiteral.parseList(literal).get(0);
        Map<String, Object> params = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) parsed).entrySet()) {
            Object value = entry.getValue();
            params.put(String.valueOf(entry.getKey()), value instanceof byte[] bytes
                    ? new String(bytes, StandardCharsets.ISO_8859_1) : value);
        }
        return params;
    }

    private String call(String text) throws Exception {
        int open = text.indexOf('(');
        String method = text.substring(0, open);
        List<Object> args = LuaLiteral.parseList(text.substring(open + 1, text.length() - 1));
        long start = System.nanoTime();
        String result = invoke(method, args);
        double elapsed = (System.nanoTime() - start) / 1e9;
        return String.format("%.6f\t%s", elapsed, result);
    }

    private String invoke(String method, List<Object> args) throws Exception {
        switch (method) {
            case "settimeout" -> {
                double seconds = ((Number) args.get(0)).doubleValue();
                conn.settimeout(seconds, args.size() > 1 ? string(args.get(1)) : "b");
                return "1";
            }
            case "dohandshake" -> {
                try {
                    conn.dohandshake();
                    return "true";
                } catch (TcpException e) {
                    return Canonical.values(false, e.getMessage());
                }
            }
            case "receive", "receiveuntil" -> {
                Object pattern = args.isEmpty() ? null : args.get(0);
                byte[] prefix = args.size() > 1 ? (byte[]) args.get(1) : null;
                while (true) {
                    try {
                        return Canonical.values(receive(pattern, prefix));
                    } catch (ReceiveException e) {
                        if (method.equals("receiveuntil") && e.getMessage().equals("wantread")) {
                            prefix = e.partial();
                            continue;
                        }
                        return Canonical.values(null, e.getMessage(), e.partial());
                    }
                }
            }
            case "send", "senduntil" -> {
                byte[] data = (byte[]) args.get(0);
                long i = args.size() > 1 ? ((Number) args.get(1)).longValue() : 1;
                long j = args.size() > 2 ? ((Number) args.get(2)).longValue() : -1;
                while (true) {
                    try {
                        return Canonical.values(conn.send(data, i, j));
                    } catch (SendException e) {
                        if (method.equals("senduntil") && e.getMessage().equals("wantwrite")) {
                            i = e.lastIndex() + 1;
                            continue;
                        }
                        return Canonical.values(null, e.getMessage(), e.lastIndex());
                    }
                }
            }
            case "close" -> {
                conn.close();
                return "nil";
            }
            case "dirty" -> {
                return Canonical.values(conn.dirty());
            }
            case "getalpn" -> {
                return Canonical.values(conn.getalpn());
            }
            case "protocol" -> {
                return Canonical.values(conn.info().protocol());
            }
            case "sleep" -> {
                Thread.sleep((long) (((Number) args.get(0)).doubleValue() * 1000));
                return "nil";
            }
            default -> {
                return "loomsocket failure: no method " + method;
            }
        }
    }

    private byte[] receive(Object pattern, byte[] prefix) throws ReceiveException {
        if (pattern instanceof Number count) {
            return conn.receive(count.longValue(), prefix);
        }
        return conn.receive(pattern == null ? null : string(pattern), prefix);
    }

    private static String string(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1)
                : String.valueOf(value);
    }

    @Override
    public void close() {
        try {
            thread.submit(() -> {
                if (conn != null) {
                    conn.close();
                }
                if (raw != null) {
                    raw.close();
                }
                if (listener != null) {
                    listener.close();
                }
            }).get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // best effort
        }
        thread.shutdownNow();
    }
}
