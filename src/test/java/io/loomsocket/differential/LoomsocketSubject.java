package io.loomsocket.differential;

import io.loomsocket.Address;
import io.loomsocket.ReceiveException;
import io.loomsocket.SendException;
import io.loomsocket.Stats;
import io.loomsocket.Tcp;
import io.loomsocket.TcpClient;
import io.loomsocket.TcpException;
import io.loomsocket.TcpMaster;
import io.loomsocket.TcpServer;
import io.loomsocket.TcpSocket;
import io.loomsocket.Timeouts;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * loomsocket: runs each statement through the public API, as a Java user would write it, on a
 * virtual thread, and prints the result in the oracle's canonical form. Lua values become the
 * Java types the API takes (strings are bytes; a number where a string is wanted is Lua's
 * tostring of it; an index is truncated to a long). Arguments the Java API has no way to take
 * (a table as a receive pattern, a service name as a port) give an {@code "inexpressible"}
 * result, which never matches the oracle's.
 *
 * <p>Two compound steps hold the retry loops of non-blocking code, which a list of single calls
 * cannot express; src/test/lua/oracle.lua runs the same loops with C LuaSocket:
 *
 * <ul>
 *   <li>{@code c:receiveuntil(pattern [, prefix])}: {@code receive(pattern, prefix)}, then, while
 *       the error is {@code "timeout"}, {@code receive(pattern, partial)} with the partial the
 *       failed call returned;
 *   <li>{@code c:senduntil(data [, i [, j]])}: {@code send(data, i, j)}, then, while the error is
 *       {@code "timeout"}, {@code send(data, last + 1, j)} with the index the failed call
 *       returned.
 * </ul>
 *
 * <p>Each reports the result of its last call, and its elapsed time covers the whole loop. How
 * many calls it made depends on timing and is not reported. Between calls the loop yields: with
 * a timeout of 0 no call ever parks, a virtual thread that never parks keeps its carrier, and the
 * other threads of this process (the peer's among them) may have no other carrier to run on. The
 * oracle's loop needs no such care: it runs in a process of its own, which the OS preempts.
 */
final class LoomsocketSubject implements Subject {
    private final Map<String, TcpSocket> objects = new HashMap<>();
    private final ExecutorService thread = Executors.newVirtualThreadPerTaskExecutor();

    @Override
    public String name() {
        return "loomsocket";
    }

    /**
     * Runs the step on a thread of its own and times the call there, as the oracle times its
     * call: not the hand-over to that thread and back, which a busy machine can delay. The
     * step's run-queue delay is taken there too.
     */
    @Override
    public StepResult step(Statement statement, double limitSeconds) throws Exception {
        long[] took = new long[1];
        double[] delayed = new double[1];
        Future<Object[]> call = thread.submit(() -> {
            RunQueueDelay.Mark ready = RunQueueDelay.now();
            long start = System.nanoTime();
            try {
                return run(statement);
            } finally {
                took[0] = System.nanoTime() - start;
                delayed[0] = RunQueueDelay.now().secondsSince(ready);
            }
        });
        Object[] values;
        try {
            values = call.get((long) (limitSeconds * 1000), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            close();
            throw new IllegalStateException("loomsocket gave no answer within " + limitSeconds
                    + " s to: " + statement.text());
        } catch (ExecutionException e) {
            return StepResult.of(took[0] / 1e9, delayed[0], raised(e.getCause()));
        }
        double elapsed = took[0] / 1e9;
        if (values.length > 0 && values[0] instanceof TcpSocket socket && statement.target() != null) {
            objects.put(statement.target(), socket);
        }
        List<Double> toleranced = new java.util.ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof Age age) {
                toleranced.add(age.seconds);
                values[i] = Canonical.Tolerance.VALUE;
            }
        }
        return new StepResult(elapsed, delayed[0], Canonical.values(values), toleranced);
    }

    private static String raised(Throwable t) {
        if (t instanceof IllegalArgumentException || t instanceof IllegalStateException
                || t instanceof UnsupportedOperationException) {
            return Canonical.error(t.getMessage());
        }
        return Canonical.error(t.getClass().getName() + ": " + t.getMessage());
    }

    @Override
    public int port(String object) throws Exception {
        TcpSocket socket = objects.get(object);
        return socket == null ? -1 : socket.getsockname().port();
    }

    @Override
    public void close() {
        objects.values().forEach(TcpSocket::close);
        thread.shutdownNow();
    }

    /** getstats' age, compared within a tolerance. */
    private record Age(double seconds) {}

    private Object[] run(Statement s) throws Exception {
        if (s.object() == null) {
            return module(s);
        }
        TcpSocket o = objects.get(s.object());
        if (o == null) {
            return new Object[] {inexpressible("no object " + s.object())};
        }
        try {
            return method(o, s);
        } catch (ReceiveException e) {
            return new Object[] {null, e.getMessage(), e.partial()};
        } catch (SendException e) {
            return new Object[] {null, e.getMessage(), e.lastIndex()};
        } catch (TcpException e) {
            return new Object[] {null, e.getMessage()};
        }
    }

    private Object[] module(Statement s) throws Exception {
        try {
            return switch (s.name()) {
                case "tcp" -> one(Tcp.tcp());
                case "tcp4" -> one(Tcp.tcp4());
                case "tcp6" -> one(Tcp.tcp6());
                case "bind" -> one(s.count() > 2
                        ? Tcp.bind(text(s.arg(0)), port(s.arg(1)), integer(s.arg(2)))
                        : Tcp.bind(text(s.arg(0)), port(s.arg(1))));
                case "connect" -> one(s.count() > 2
                        ? Tcp.connect(text(s.arg(0)), port(s.arg(1)), text(s.arg(2)),
                                s.arg(3) == null ? 0 : port(s.arg(3)),
                                s.arg(4) == null ? "unspec" : text(s.arg(4)))
                        : Tcp.connect(text(s.arg(0)), port(s.arg(1))));
                case "sleep" -> {
                    Thread.sleep((long) (number(s.arg(0)) * 1000));
                    yield new Object[0];
                }
                default -> new Object[] {inexpressible("socket." + s.name())};
            };
        } catch (TcpException e) {
            return new Object[] {null, e.getMessage()};
        }
    }

    private Object[] method(TcpSocket o, Statement s) throws Exception {
        switch (s.name()) {
            case "receive":
                return one(receive(client(o), s.arg(0), s.arg(1)));
            case "send":
                return one(client(o).send(bytes(s.arg(0)), index(s.arg(1), 1), index(s.arg(2), -1)));
            case "receiveuntil":
                return one(receiveUntil(client(o), s.arg(0), s.arg(1)));
            case "senduntil":
                return one(sendUntil(client(o), bytes(s.arg(0)), index(s.arg(1), 1),
                        index(s.arg(2), -1)));
            case "shutdown":
                client(o).shutdown(s.arg(0) == null ? null : text(s.arg(0)));
                return one(1L);
            case "getstats": {
                Stats stats = client(o).getstats();
                return new Object[] {stats.received(), stats.sent(), new Age(stats.age())};
            }
            case "setstats":
                return setstats(client(o), s);
            case "accept":
                return one(server(o).accept());
            case "bind":
            case "setsockname":
                master(o).bind(text(s.arg(0)), port(s.arg(1)));
                return one(1L);
            case "listen":
                if (s.arg(0) == null) {
                    master(o).listen();
                } else {
                    master(o).listen(integer(s.arg(0)));
                }
                return one(1L);
            case "connect":
            case "setpeername":
                o.connect(text(s.arg(0)), port(s.arg(1)));
                return one(1L);
            case "close":
                o.close();
                return one(1L);
            case "dirty":
                return one(o.dirty());
            case "getfamily":
                return one(o.getfamily());
            case "getfd":
                return one(o.getfd() >= 0 ? Canonical.Fd.VALID : (Object) (long) o.getfd());
            case "setfd":
                o.setfd(integer(s.arg(0)));
                return new Object[0];
            case "getoption":
                return one(o.getoption(text(s.arg(0))));
            case "setoption":
                if (s.count() < 2) {
                    o.setoption(text(s.arg(0)));
                } else {
                    o.setoption(text(s.arg(0)), optionValue(s.arg(1)));
                }
                return one(1L);
            case "getpeername":
                return address(o.getpeername());
            case "getsockname":
                return address(o.getsockname());
            case "settimeout":
                o.settimeout(s.arg(0) == null ? -1 : number(s.arg(0)),
                        s.arg(1) == null ? null : text(s.arg(1)));
                return one(1L);
            case "gettimeout": {
                Timeouts t = o.gettimeout();
                return new Object[] {t.block(), t.total()};
            }
            case "class":
                return one(o.className().getBytes(StandardCharsets.ISO_8859_1));
            default:
                return one(inexpressible("method " + s.name()));
        }
    }

    private static byte[] receive(TcpClient client, Object pattern, Object prefix)
            throws ReceiveException {
        byte[] before = prefix == null ? null : LuaLiteral.toBytes(prefix);
        if (pattern == null) {
            return client.receive((String) null, before);
        }
        if (pattern instanceof byte[] text) {
            return client.receive(new String(text, StandardCharsets.ISO_8859_1), before);
        }
        if (pattern instanceof Long count) {
            return client.receive(count, before);
        }
        if (pattern instanceof Double count) {
            // A Java caller passes a fractional count as Lua's text of it.
            return client.receive(Canonical.number(count), before);
        }
        throw new IllegalArgumentException(inexpressible("receive pattern of type "
                + LuaLiteral.typeName(pattern)));
    }

    /** Receives until the error is not "timeout", passing each partial back as the prefix. */
    private static byte[] receiveUntil(TcpClient client, Object pattern, Object prefix)
            throws ReceiveException {
        Object before = prefix;
        while (true) {
            try {
                return receive(client, pattern, before);
            } catch (ReceiveException e) {
                if (!"timeout".equals(e.getMessage()) || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                before = e.partial();
            }
            Thread.yield();
        }
    }

    /** Sends until the error is not "timeout", resuming after the last byte sent. */
    private static long sendUntil(TcpClient client, byte[] data, long i, long j)
            throws SendException {
        long from = i;
        while (true) {
            try {
                return client.send(data, from, j);
            } catch (SendException e) {
                if (!"timeout".equals(e.getMessage()) || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                from = e.lastIndex() + 1;
            }
            Thread.yield();
        }
    }

    private static Object[] setstats(TcpClient client, Statement s) {
        Stats now = client.getstats();
        long received = s.arg(0) == null ? now.received() : (long) number(s.arg(0));
        long sent = s.arg(1) == null ? now.sent() : (long) number(s.arg(1));
        Object age = s.arg(2);
        boolean hasAge = age instanceof Number
                || (age instanceof byte[] text && isNumeric(text));
        if (hasAge) {
            client.setstats(received, sent, number(age));
        } else {
            client.setstats(received, sent);
        }
        return one(1L);
    }

    private static Object[] address(Address a) {
        return new Object[] {a.address(), (long) a.port(), a.family()};
    }

    private static Object optionValue(Object value) {
        if (value instanceof byte[] text) {
            return new String(text, StandardCharsets.ISO_8859_1);
        }
        if (value instanceof Map<?, ?> table) {
            Map<String, Object> converted = new LinkedHashMap<>();
            table.forEach((k, v) -> converted.put((String) k, optionValue(v)));
            return converted;
        }
        return value;
    }

    private static TcpClient client(TcpSocket o) {
        return o instanceof TcpClient c ? c : o.asClient();
    }

    private static TcpServer server(TcpSocket o) {
        return o instanceof TcpServer s ? s : o.asServer();
    }

    private static TcpMaster master(TcpSocket o) {
        return o instanceof TcpMaster m ? m : o.asMaster();
    }

    private static Object[] one(Object value) {
        return new Object[] {value};
    }

    /** A host or other string argument; null stays null (the API then raises as Lua does). */
    private static String text(Object value) {
        return value == null ? null : new String(LuaLiteral.toBytes(value), StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(Object value) {
        return value == null ? null : LuaLiteral.toBytes(value);
    }

    private static int port(Object value) {
        // Lua passes a port to getaddrinfo as its text: a float such as 80.0 is "80.0", which
        // no int can stand for.
        if (value instanceof Long n) {
            return (int) n.longValue();
        }
        if (value instanceof byte[] text && isDigits(text)) {
            return Integer.parseInt(new String(text, StandardCharsets.ISO_8859_1));
        }
        throw new IllegalArgumentException(inexpressible("port " + LuaLiteral.source(value)));
    }

    private static int integer(Object value) {
        return (int) number(value);
    }

    private static long index(Object value, long absent) {
        return value == null ? absent : (long) number(value);
    }

    private static double number(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof byte[] text && isNumeric(text)) {
            return Double.parseDouble(new String(text, StandardCharsets.ISO_8859_1).strip());
        }
        throw new IllegalArgumentException(inexpressible("number " + LuaLiteral.source(value)));
    }

    private static boolean isDigits(byte[] text) {
        return text.length > 0 && new String(text, StandardCharsets.ISO_8859_1).matches("\\d+");
    }

    private static boolean isNumeric(byte[] text) {
        return new String(text, StandardCharsets.ISO_8859_1).strip()
                .matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    }

    private static String inexpressible(String what) {
        return "inexpressible in Java: " + what;
    }
}
