package io.loomsocket;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The rows of {@link BadInputTest}: a method, the input tried, the call, and what must come of
 * it. Where LuaSocket raises, the message is its text exactly (as the differential suite checks
 * it); where LuaSocket returns an error, the result is that error; where LuaSocket has no rule
 * (Java-only arguments, NaN, nulls of constructors), the message names the value or the
 * parameter. Each call gets fresh objects ({@link Fixture}).
 */
final class BadInputCases {
    private static final String NO_VALUE = "string expected, got no value";
    private static final String NO_NAME = LoopbackSupport.NO_NAME;
    private static final String BAD_SERVICE = LoopbackSupport.BAD_SERVICE;
    private static final String LONG = "x".repeat(200_000);
    private static final String UNPARSABLE = "::::";

    private BadInputCases() {}

    /** One row. */
    record Case(String method, String input, Call call, BadInputTest.Outcome outcome) {}

    interface Call {
        Object call(Fixture f) throws Exception;
    }

    private static final List<Case> CASES = new ArrayList<>();

    static List<Case> all() {
        if (CASES.isEmpty()) {
            module();
            anyClass();
            masterAndServer();
            receive();
            sendShutdownStats();
            exceptionsAndRecords();
            javaLayer();
            tls();
        }
        return CASES;
    }

    // ---- the table --------------------------------------------------------------------------

    private static void module() {
        ok("Tcp.tcp()", "", f -> f.own(Tcp.tcp()));
        ok("Tcp.tcp4()", "", f -> f.own(Tcp.tcp4()));
        ok("Tcp.tcp6()", "", f -> f.own(Tcp.tcp6()));
        raises("Tcp.bind(String,int)", "null host", IllegalArgumentException.class, NO_VALUE,
                f -> Tcp.bind(null, 0));
        fails("Tcp.bind(String,int)", "empty host", NO_NAME, f -> f.own(Tcp.bind("", 0)));
        fails("Tcp.bind(String,int)", "unparsable host", NO_NAME,
                f -> f.own(Tcp.bind(UNPARSABLE, 0)));
        fails("Tcp.bind(String,int)", "200,000-char host", NO_NAME,
                f -> f.own(Tcp.bind(LONG, 0)));
        fails("Tcp.bind(String,int)", "NUL in host", NO_NAME,
                f -> f.own(Tcp.bind("local\u0000host", 0)));
        fails("Tcp.bind(String,int)", "port -1", BAD_SERVICE,
                f -> f.own(Tcp.bind("127.0.0.1", -1)));
        fails("Tcp.bind(String,int)", "port MIN_VALUE", BAD_SERVICE,
                f -> f.own(Tcp.bind("127.0.0.1", Integer.MIN_VALUE)));
        ok("Tcp.bind(String,int)", "port 65536 wraps to 0",
                f -> f.own(Tcp.bind("127.0.0.1", 65536)));
        ok("Tcp.bind(String,int)", "hosts-file name", f -> f.own(Tcp.bind("localhost", 0)));
        for (int backlog : new int[] {-1, 0, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            ok("Tcp.bind(String,int,int)", "backlog " + backlog,
                    f -> f.own(Tcp.bind("127.0.0.1", 0, backlog)));
        }
        raises("Tcp.bind(String,int,int)", "null host", IllegalArgumentException.class,
                NO_VALUE, f -> Tcp.bind(null, 0, 1));
        raises("Tcp.connect(String,int)", "null host", IllegalArgumentException.class,
                NO_VALUE, f -> Tcp.connect(null, 1));
        fails("Tcp.connect(String,int)", "empty host", NO_NAME, f -> f.own(Tcp.connect("", 1)));
        fails("Tcp.connect(String,int)", "unparsable host", NO_NAME,
                f -> f.own(Tcp.connect(UNPARSABLE, 1)));
        fails("Tcp.connect(String,int)", "port -1", BAD_SERVICE,
                f -> f.own(Tcp.connect("127.0.0.1", -1)));
        fails("Tcp.connect(String,int)", "port 0", "connection refused",
                f -> f.own(Tcp.connect("127.0.0.1", 0)));
        ok("Tcp.connect(String,int,String,int)", "null local host",
                f -> f.own(Tcp.connect("127.0.0.1", f.serverPort(), null, -5)));
        fails("Tcp.connect(String,int,String,int)", "empty local host", NO_NAME,
                f -> f.own(Tcp.connect("127.0.0.1", f.serverPort(), "", 0)));
        fails("Tcp.connect(String,int,String,int)", "local port -1", BAD_SERVICE,
                f -> f.own(Tcp.connect("127.0.0.1", f.serverPort(), "127.0.0.1", -1)));
        raises("Tcp.connect(String,int,String,int)", "null host",
                IllegalArgumentException.class, NO_VALUE, f -> Tcp.connect(null, 1, null, 0));
        ok("Tcp.connect(String,int,String,int,String)", "null family",
                f -> f.own(Tcp.connect("127.0.0.1", f.serverPort(), "127.0.0.1", 0, null)));
        for (String family : new String[] {"", "bogus", "INET", "inet4"}) {
            raises("Tcp.connect(String,int,String,int,String)", "family \"" + family + "\"",
                    IllegalArgumentException.class, "invalid option '" + family + "'",
                    f -> Tcp.connect("127.0.0.1", 1, null, 0, family));
        }
        raises("Tcp.connect(String,int,String,int,String)", "null host",
                IllegalArgumentException.class, NO_VALUE,
                f -> Tcp.connect(null, 1, null, 0, "inet"));
    }

    private static void anyClass() {
        ok("TcpSocket.className()", "", f -> f.master().className(), "tcp{master}"::equals);
        raises("TcpSocket.asMaster()", "a client", IllegalStateException.class,
                "tcp{master} expected", f -> f.client().asMaster());
        raises("TcpSocket.asClient()", "a master", IllegalStateException.class,
                "tcp{client} expected", f -> f.master().asClient());
        raises("TcpSocket.asServer()", "a master", IllegalStateException.class,
                "tcp{server} expected", f -> f.master().asServer());
        ok("TcpSocket.close()", "twice", f -> {
            f.client().close();
            f.client().close();
            return null;
        });
        raises("TcpSocket.connect(String,int)", "null host", IllegalArgumentException.class,
                NO_VALUE, f -> f.master().connect(null, 1));
        fails("TcpSocket.connect(String,int)", "empty host", NO_NAME,
                f -> f.master().connect("", 1));
        fails("TcpSocket.connect(String,int)", "port MIN_VALUE", BAD_SERVICE,
                f -> f.master().connect("127.0.0.1", Integer.MIN_VALUE));
        ok("TcpSocket.dirty()", "closed", f -> {
            f.client().close();
            return f.client().dirty();
        }, Boolean.FALSE::equals);
        ok("TcpSocket.getfamily()", "closed", f -> {
            f.master().close();
            return f.master().getfamily();
        }, "inet4"::equals);
        ok("TcpSocket.getfd()", "closed", f -> {
            f.master().close();
            return f.master().getfd();
        }, Integer.valueOf(-1)::equals);
        for (int fd : new int[] {-1, 0, Integer.MAX_VALUE}) {
            raises("TcpSocket.setfd(int)", "fd " + fd, UnsupportedOperationException.class,
                    "setfd(" + fd + ")", false, f -> {
                        f.master().setfd(fd);
                        return null;
                    });
        }
        raises("TcpSocket.getoption(String)", "null name", IllegalArgumentException.class,
                NO_VALUE, f -> f.master().getoption(null));
        raises("TcpSocket.getoption(String)", "empty name", IllegalArgumentException.class,
                "unsupported option `'", f -> f.master().getoption(""));
        raises("TcpSocket.getoption(String)", "200,000-char name",
                IllegalArgumentException.class, "unsupported option `" + "x".repeat(35) + "'",
                f -> f.master().getoption(LONG));
        raises("TcpSocket.setoption(String,Object)", "null name",
                IllegalArgumentException.class, NO_VALUE, f -> set(f, null, true));
        raises("TcpSocket.setoption(String,Object)", "unknown name",
                IllegalArgumentException.class, "unsupported option `Keepalive'",
                f -> set(f, "Keepalive", true));
        for (Object value : new Object[] {"abc", true, new Object(), Map.of(), Double.NaN,
            "", LONG}) {
            raises("TcpSocket.setoption(String,Object)", "recv-buffer-size " + label(value),
                    IllegalArgumentException.class,
                    "option 'recv-buffer-size': number expected, got ", false,
                    f -> set(f, "recv-buffer-size", value));
        }
        for (Object value : new Object[] {Double.POSITIVE_INFINITY, -1, Long.MIN_VALUE, 0,
            "12", " 0x10 "}) {
            ok("TcpSocket.setoption(String,Object)", "recv-buffer-size " + label(value),
                    f -> set(f, "recv-buffer-size", value));
        }
        fails("TcpSocket.setoption(String,Object)", "tcp-keepidle 1e300", "setsockopt failed",
                f -> set(f, "tcp-keepidle", 1e300));
        raises("TcpSocket.setoption(String,Object)", "keepalive 1",
                IllegalArgumentException.class, "boolean expected, got number",
                f -> set(f, "keepalive", 1));
        raises("TcpSocket.setoption(String,Object)", "linger {on=true}",
                IllegalArgumentException.class, "number 'timeout' field expected",
                f -> set(f, "linger", Map.of("on", true)));
        raises("TcpSocket.setoption(String,Object)", "linger 5", IllegalArgumentException.class,
                "table expected, got number", f -> set(f, "linger", 5));
        raises("TcpSocket.setoption(String)", "keepalive", IllegalArgumentException.class,
                "boolean expected, got no value", f -> {
                    f.master().setoption("keepalive");
                    return null;
                });
        raises("TcpSocket.setoption(String)", "tcp-keepcnt", IllegalArgumentException.class,
                "option 'tcp-keepcnt': number expected, got no value", f -> {
                    f.master().setoption("tcp-keepcnt");
                    return null;
                });
        raises("TcpSocket.setoption(String)", "null", IllegalArgumentException.class,
                NO_VALUE, f -> {
                    f.master().setoption(null);
                    return null;
                });
        fails("TcpSocket.getpeername()", "a master", "Transport endpoint is not connected",
                f -> f.master().getpeername());
        fails("TcpSocket.getsockname()", "a tcp() master", "Bad file descriptor",
                f -> f.unspecified().getsockname());
        raises("TcpSocket.settimeout(double)", "NaN", IllegalArgumentException.class,
                "timeout is NaN", f -> timeout(f, Double.NaN));
        for (double seconds : new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, -0.0, 0, 1e300}) {
            ok("TcpSocket.settimeout(double)", "seconds " + seconds, f -> {
                f.master().settimeout(seconds);
                return f.master().gettimeout().block();
            }, v -> Double.valueOf(seconds).equals(v));
        }
        ok("TcpSocket.settimeout(double,String)", "null mode", f -> {
            f.master().settimeout(3, null);
            return f.master().gettimeout();
        }, new Timeouts(3, -1)::equals);
        for (String mode : new String[] {"", "x", "B", " t"}) {
            raises("TcpSocket.settimeout(double,String)", "mode \"" + mode + "\"",
                    IllegalArgumentException.class, "invalid timeout mode \"" + mode
                            + "\" (\"b\" for block, \"t\" for total)", f -> {
                        f.master().settimeout(1, mode);
                        return null;
                    });
        }
        raises("TcpSocket.settimeout(double,String)", "NaN total",
                IllegalArgumentException.class, "timeout is NaN", f -> {
                    f.master().settimeout(Double.NaN, "t");
                    return null;
                });
        for (Duration d : new Duration[] {null, Duration.ZERO, Duration.ofNanos(-1),
            Duration.ofSeconds(Long.MAX_VALUE, 999_999_999), Duration.ofSeconds(Long.MIN_VALUE),
            Duration.ofDays(365 * 300)}) {
            // The package's rule: null no limit, zero or negative no time at all (kept as 0).
            ok("TcpSocket.settimeout(Duration)", String.valueOf(d), f -> {
                f.master().settimeout(d);
                return f.master().gettimeout().block();
            }, v -> d == null ? Double.valueOf(-1).equals(v)
                    : d.isNegative() ? Double.valueOf(0).equals(v)
                    : Math.abs((Double) v - (d.getSeconds() + d.getNano() / 1e9))
                            <= 1e-9 * Math.max(1, Math.abs((Double) v)));
        }
        raises("TcpSocket.settimeout(Duration,String)", "empty mode",
                IllegalArgumentException.class,
                "invalid timeout mode \"\" (\"b\" for block, \"t\" for total)", f -> {
                    f.master().settimeout(Duration.ofSeconds(Long.MAX_VALUE), "");
                    return null;
                });
        ok("TcpSocket.settimeout(Duration,String)", "null duration and mode", f -> {
            f.master().settimeout((Duration) null, null);
            return f.master().gettimeout();
        }, new Timeouts(-1, -1)::equals);
        ok("TcpSocket.gettimeout()", "closed", f -> {
            f.master().close();
            return f.master().gettimeout();
        }, new Timeouts(-1, -1)::equals);
        ok("TcpSocket.toString()", "closed", f -> {
            f.master().close();
            return f.master().toString();
        }, "tcp{master}[closed]"::equals);
    }

    private static void masterAndServer() {
        raises("TcpMaster.bind(String,int)", "null host", IllegalArgumentException.class,
                NO_VALUE, f -> {
                    f.master().bind(null, 0);
                    return null;
                });
        fails("TcpMaster.bind(String,int)", "empty host", NO_NAME, f -> {
            f.master().bind("", 0);
            return null;
        });
        fails("TcpMaster.bind(String,int)", "an IPv6 host on an IPv4 master",
                LoopbackSupport.FAMILY_MISMATCH, f -> {
                    f.master().bind("::1", 0);
                    return null;
                });
        fails("TcpMaster.bind(String,int)", "port -1", BAD_SERVICE, f -> {
            f.master().bind("127.0.0.1", -1);
            return null;
        });
        raises("TcpMaster.bind(String,int)", "a closed client", IllegalStateException.class,
                "tcp{master} expected", f -> {
                    f.client().close();
                    ((TcpSocket) f.client()).asMaster();
                    return null;
                });
        fails("TcpMaster.listen()", "a tcp() master never bound", "Bad file descriptor",
                f -> f.unspecified().listen());
        for (int backlog : new int[] {-1, 0, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            ok("TcpMaster.listen(int)", "backlog " + backlog, f -> {
                f.master().bind("127.0.0.1", 0);
                return f.master().listen(backlog);
            });
        }
        fails("TcpServer.accept()", "timeout 0", "timeout", f -> {
            f.server().settimeout(0);
            return f.server().accept();
        });
        fails("TcpServer.accept()", "closed", "closed", f -> {
            f.server().close();
            return f.server().accept();
        });
    }

    private static void receive() {
        fails("TcpClient.receive()", "nothing to read, timeout 0", "timeout",
                f -> f.idle().receive());
        for (String pattern : new String[] {"", "l", "*L", "nan", "inf", "0x", "\n\"", LONG,
            LONG + "1", "1" + LONG.replace('x', '1') + "x"}) {
            raises("TcpClient.receive(String)", "pattern " + label(pattern),
                    IllegalArgumentException.class, "invalid receive pattern "
                            + Shown.quoted(pattern) + " (\"*l\", \"*a\" or a count)",
                    f -> f.idle().receive(pattern));
        }
        raises("TcpClient.receive(String)", "pattern \"-1\": a count, negative",
                IllegalArgumentException.class, "invalid receive count \"-1\" (a count is 0 or more)",
                f -> f.idle().receive("-1"));
        fails("TcpClient.receive(String)", "null pattern means *l", "timeout",
                f -> f.idle().receive((String) null));
        fails("TcpClient.receive(String)", "pattern 1e400", "timeout",
                f -> f.idle().receive("1e400"));
        fails("TcpClient.receive(String,byte[])", "null prefix", "timeout",
                f -> f.idle().receive("*a", null));
        for (long maxsize : new long[] {0, -1, Long.MIN_VALUE}) {
            raises("TcpClient.receive(String,byte[],long)", "maxsize " + maxsize,
                    IllegalArgumentException.class, "got " + maxsize, false,
                    f -> f.idle().receive("*l", null, maxsize));
        }
        raises("TcpClient.receive(String,byte[],long)", "prefix as long as maxsize",
                IllegalArgumentException.class, "under maxsize 2", false,
                f -> f.idle().receive("*l", new byte[2], 2));
        raises("TcpClient.receive(String,byte[],long)", "count above maxsize",
                IllegalArgumentException.class, "count 9 exceeds maxsize 8", false,
                f -> f.idle().receive("9", null, 8));
        fails("TcpClient.receive(String,byte[],long)", "maxsize MAX_VALUE, null pattern",
                "timeout", f -> f.idle().receive(null, null, Long.MAX_VALUE));
        for (long count : new long[] {-1, Long.MIN_VALUE}) {
            raises("TcpClient.receive(long)", "count " + count, IllegalArgumentException.class,
                    "invalid receive count " + count + " (a count is 0 or more)",
                    f -> f.idle().receive(count));
        }
        fails("TcpClient.receive(long)", "count MAX_VALUE", "timeout",
                f -> f.idle().receive(Long.MAX_VALUE));
        fails("TcpClient.receive(long)", "count 0", "timeout", f -> f.idle().receive(0));
        ok("TcpClient.receive(long,byte[])", "count 0 with a prefix", f -> f.idle().receive(0,
                new byte[] {1}), v -> ((byte[]) v).length == 1);
        fails("TcpClient.receive(long,byte[])", "null prefix", "timeout",
                f -> f.idle().receive(5, null));
        fails("TcpClient.receiveString()", "timeout 0", "timeout",
                f -> f.idle().receiveString());
        raises("TcpClient.receiveString(String)", "empty pattern",
                IllegalArgumentException.class,
                "invalid receive pattern \"\" (\"*l\", \"*a\" or a count)",
                f -> f.idle().receiveString(""));
        fails("TcpClient.receiveString(String,String)", "null prefix", "timeout",
                f -> f.idle().receiveString("*l", null));
        raises("TcpClient.receiveString(String,String)", "a prefix char above U+00FF",
                IllegalArgumentException.class, "U+0100", false,
                f -> f.idle().receiveString("*l", "\u0100"));
        raises("TcpClient.receiveString(String,String,long)", "maxsize 0",
                IllegalArgumentException.class, "got 0", false,
                f -> f.idle().receiveString("*a", "", 0));
        raises("TcpClient.receiveString(long)", "count -1", IllegalArgumentException.class,
                "invalid receive count -1 (a count is 0 or more)",
                f -> f.idle().receiveString(-1));
        ok("TcpClient.receiveString(long,String)", "prefix longer than the count",
                f -> f.idle().receiveString(2, "abc"), "abc"::equals);
        raises("TcpClient.receive()", "a master", IllegalStateException.class,
                "tcp{client} expected", f -> {
                    f.master().connect("127.0.0.1", f.serverPort());
                    f.master().close();
                    return f.server().asClient();
                });
    }

    private static void sendShutdownStats() {
        raises("TcpClient.send(byte[])", "null", IllegalArgumentException.class, NO_VALUE,
                f -> f.client().send((byte[]) null));
        ok("TcpClient.send(byte[])", "empty", f -> f.client().send(new byte[0]),
                Long.valueOf(0)::equals);
        for (long i : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0, -4}) {
            ok("TcpClient.send(byte[],long)", "i " + i, f -> f.client().send(new byte[3], i),
                    v -> v.equals(i == Long.MAX_VALUE ? Long.MAX_VALUE - 1 : 3L));
        }
        long[][] ranges = {{Long.MIN_VALUE, Long.MAX_VALUE, 3}, {Long.MAX_VALUE, Long.MIN_VALUE,
            Long.MAX_VALUE - 1}, {0, 0, 0}, {2, 1, 1}, {-1, -3, 2}};
        for (long[] r : ranges) {
            ok("TcpClient.send(byte[],long,long)", "i " + r[0] + ", j " + r[1],
                    f -> f.client().send(new byte[3], r[0], r[1]), Long.valueOf(r[2])::equals);
        }
        raises("TcpClient.send(byte[],long,long)", "null", IllegalArgumentException.class,
                NO_VALUE, f -> f.client().send((byte[]) null, 1, 2));
        raises("TcpClient.send(String)", "null", IllegalArgumentException.class, NO_VALUE,
                f -> f.client().send((String) null));
        raises("TcpClient.send(String)", "a char above U+00FF", IllegalArgumentException.class,
                "U+20AC", false, f -> f.client().send("\u20ac"));
        ok("TcpClient.send(String,long)", "i MIN_VALUE", f -> f.client().send("abc",
                Long.MIN_VALUE), Long.valueOf(3)::equals);
        raises("TcpClient.send(String,long)", "null", IllegalArgumentException.class, NO_VALUE,
                f -> f.client().send((String) null, 1));
        ok("TcpClient.send(String,long,long)", "empty string, i 5",
                f -> f.client().send("", 5, 9), Long.valueOf(4)::equals);
        raises("TcpClient.send(String,long,long)", "a surrogate pair",
                IllegalArgumentException.class, "U+D83D", false,
                f -> f.client().send("\ud83d\ude00", 1, 2));
        ok("TcpClient.shutdown()", "twice", f -> {
            f.client().shutdown();
            f.client().shutdown();
            return null;
        });
        ok("TcpClient.shutdown(String)", "null means both", f -> {
            f.client().shutdown(null);
            return null;
        });
        for (String mode : new String[] {"", "BOTH", "recv", LONG}) {
            raises("TcpClient.shutdown(String)", "mode " + label(mode),
                    IllegalArgumentException.class, "invalid option '" + mode + "'", f -> {
                        f.client().shutdown(mode);
                        return null;
                    });
        }
        ok("TcpClient.getstats()", "closed", f -> {
            f.client().close();
            return f.client().getstats();
        });
        for (long n : new long[] {Long.MIN_VALUE, -1, Long.MAX_VALUE}) {
            ok("TcpClient.setstats(long)", "received " + n, f -> {
                f.client().setstats(n);
                return f.client().getstats().received();
            }, Long.valueOf(n)::equals);
            ok("TcpClient.setstats(long,long)", "sent " + n, f -> {
                f.client().setstats(0, n);
                return f.client().getstats().sent();
            }, Long.valueOf(n)::equals);
        }
        for (double age : new double[] {Double.NaN, Double.POSITIVE_INFINITY, -5, 1e300}) {
            ok("TcpClient.setstats(long,long,double)", "age " + age, f -> {
                f.client().setstats(1, 2, age);
                return f.client().getstats().age();
            }, v -> Double.isNaN(age) ? Double.isNaN((Double) v)
                    : Math.abs((Double) v - age) < 1 || Double.valueOf(age).equals(v));
        }
    }

    private static void exceptionsAndRecords() {
        raises("TcpException.new(Kind,String)", "null kind", NullPointerException.class,
                "kind", f -> new TcpException(null, "x"));
        raises("TcpException.new(Kind,String)", "null message", NullPointerException.class,
                "message", f -> new TcpException(TcpException.Kind.OTHER, null));
        ok("TcpException.kind()", "", f -> new TcpException(TcpException.Kind.OTHER, "").kind());
        ok("TcpException.isTimeout()", "", f -> new TcpException(TcpException.Kind.TIMEOUT, "")
                .isTimeout(), Boolean.TRUE::equals);
        ok("TcpException.isClosed()", "", f -> new TcpException(TcpException.Kind.TIMEOUT, "")
                .isClosed(), Boolean.FALSE::equals);
        ok("TcpException.fillInStackTrace()", "a timeout",
                f -> new TcpException(TcpException.Kind.TIMEOUT, "").fillInStackTrace());
        ok("TcpException.limit()", "made by other code: none",
                f -> new TcpException(TcpException.Kind.TIMEOUT, "timeout").limit(),
                Objects::isNull);
        ok("TcpException.limit()", "a receive that timed out under the block timeout",
                f -> {
                    try {
                        return f.idle().receive();
                    } catch (TcpException e) {
                        return e.limit();
                    }
                }, TcpException.Limit.BLOCK::equals);
        ok("TcpException.toString()", "made by other code: class and message",
                f -> new TcpException(TcpException.Kind.OTHER, "x").toString(),
                "io.loomsocket.TcpException: x"::equals);
        raises("ReceiveException.new(Kind,String,byte[])", "null partial",
                NullPointerException.class, "partial",
                f -> new ReceiveException(TcpException.Kind.TIMEOUT, "timeout", null));
        raises("ReceiveException.new(Kind,String,byte[])", "null kind",
                NullPointerException.class, "kind",
                f -> new ReceiveException(null, "", new byte[0]));
        raises("ReceiveException.closed(byte[])", "null partial", NullPointerException.class,
                "partial", f -> ReceiveException.closed(null));
        ok("ReceiveException.partial()", "empty", f -> ReceiveException.closed(new byte[0])
                .partial(), v -> ((byte[]) v).length == 0);
        ok("ReceiveException.partialString()", "every byte", f -> ReceiveException.closed(
                new byte[] {(byte) 0xFF, 0}).partialString(), "\u00ff\u0000"::equals);
        ok("ReceiveException.partialLength()", "", f -> ReceiveException.closed(new byte[3])
                .partialLength(), Integer.valueOf(3)::equals);
        ok("SendException.new(Kind,String,long)", "lastIndex MIN_VALUE",
                f -> new SendException(TcpException.Kind.CLOSED, "closed", Long.MIN_VALUE));
        raises("SendException.new(Kind,String,long)", "null message",
                NullPointerException.class, "message",
                f -> new SendException(TcpException.Kind.CLOSED, null, 0));
        ok("SendException.lastIndex()", "", f -> new SendException(TcpException.Kind.CLOSED,
                "closed", -7).lastIndex(), Long.valueOf(-7)::equals);
        for (int timeout : new int[] {-1, 65536, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            raises("Linger.new(boolean,int)", "timeout " + timeout,
                    IllegalArgumentException.class, ": " + timeout, false,
                    f -> new Linger(true, timeout));
        }
        ok("Linger.new(boolean,int)", "timeout 65535", f -> new Linger(false, 65535));
        ok("Address.new(String,int,String)", "nulls, a negative port",
                f -> new Address(null, -1, null));
        ok("Stats.new(long,long,double)", "NaN age", f -> new Stats(-1, Long.MIN_VALUE,
                Double.NaN));
        ok("Timeouts.new(double,double)", "NaN", f -> new Timeouts(Double.NaN, -0.0));
        raises("Selected.new(List,List)", "null readable", NullPointerException.class, "readable",
                f -> new Selected(null, List.of()));
        raises("Selected.new(List,List)", "null writable", NullPointerException.class, "writable",
                f -> new Selected(List.of(), null));
        ok("Selected.timedOut()", "empty lists", f -> new Selected(List.of(), List.of()).timedOut(),
                Boolean.TRUE::equals);
        raises("Tcp.select(Collection,Collection,Duration)", "nothing and no limit",
                IllegalArgumentException.class, "nothing to wait for, and no timeout",
                f -> Tcp.select(null, List.of(), null));
        raises("Tcp.select(Collection,Collection,Duration)", "a null socket",
                IllegalArgumentException.class, "a null socket in select's sets",
                f -> Tcp.select(java.util.Arrays.asList(f.master(), null), null, Duration.ZERO));
        ok("Tcp.select(Collection,Collection,Duration)", "nothing, no wait",
                f -> Tcp.select(null, null, Duration.ZERO), v -> ((Selected) v).timedOut());
        ok("Tcp.select(Collection,Collection,Duration)", "a negative limit is none, a closed socket",
                f -> {
                    TcpMaster closed = f.master();
                    closed.close();
                    return Tcp.select(List.of(closed), List.of(closed), Duration.ofMillis(1));
                }, v -> ((Selected) v).timedOut());
    }

    // ---- builders ---------------------------------------------------------------------------

    /** The additions of the Java layer (deadline, charsets, streams, TcpService, addresses). */
    private static void javaLayer() {
        raises("Tcp.connect(String,int,Duration)", "null host", IllegalArgumentException.class,
                NO_VALUE, f -> Tcp.connect(null, 1, Duration.ofSeconds(1)));
        for (Duration limit : new Duration[] {Duration.ZERO, Duration.ofNanos(-1),
            Duration.ofSeconds(Long.MIN_VALUE)}) {
            // The package's rule: no time left, so "timeout" before any I/O.
            fails("Tcp.connect(String,int,Duration)", "limit " + limit, "timeout",
                    f -> f.own(Tcp.connect("127.0.0.1", f.serverPort(), limit)));
        }
        ok("Tcp.connect(String,int,Duration)", "null limit: none",
                f -> f.own(Tcp.connect("127.0.0.1", f.serverPort(), (Duration) null)));
        ok("Tcp.connect(String,int,Duration)", "limit Long.MAX_VALUE seconds",
                f -> f.own(Tcp.connect("127.0.0.1", f.serverPort(),
                        Duration.ofSeconds(Long.MAX_VALUE))));
        fails("Tcp.connect(String,int,Duration)", "unparsable host", NO_NAME,
                f -> f.own(Tcp.connect(UNPARSABLE, 1, Duration.ofSeconds(1))));
        fails("Tcp.connect(String,int,Duration)", "port -1", BAD_SERVICE,
                f -> f.own(Tcp.connect("127.0.0.1", -1, Duration.ofSeconds(1))));

        ok("TcpSocket.setIdleTimeout(Duration)", "null removes it", f -> {
            f.idle().setIdleTimeout(null);
            return null;
        });
        for (Duration huge : new Duration[] {Duration.ofSeconds(Long.MAX_VALUE),
            Duration.ofSeconds(Long.MIN_VALUE), Duration.ofDays(365L * 300)}) {
            ok("TcpSocket.setIdleTimeout(Duration)", "idle " + huge, f -> {
                f.master().setIdleTimeout(huge);
                return null;
            });
        }
        for (Duration none : new Duration[] {Duration.ZERO, Duration.ofNanos(-1)}) {
            fails("TcpSocket.setIdleTimeout(Duration)", none + ": no time, the receive times out",
                    "timeout", f -> {
                        f.client().setIdleTimeout(none);
                        return f.client().receive();
                    });
        }
        ok("TcpSocket.setDeadline(Duration)", "null removes it", f -> {
            f.idle().setDeadline(null);
            return null;
        });
        for (Duration huge : new Duration[] {Duration.ofSeconds(Long.MAX_VALUE),
            Duration.ofSeconds(Long.MIN_VALUE), Duration.ofDays(365L * 300)}) {
            ok("TcpSocket.setDeadline(Duration)", "deadline " + huge, f -> {
                f.master().setDeadline(huge);
                return null;
            });
        }
        fails("TcpSocket.setDeadline(Duration)", "passed: the next receive times out", "timeout",
                f -> {
                    f.client().setDeadline(Duration.ofNanos(-1));
                    return f.client().receive();
                });

        for (int max : new int[] {0, -1, Integer.MIN_VALUE}) {
            raises("TcpClient.receiveSome(int)", "max " + max, IllegalArgumentException.class,
                    "receiveSome needs a max of at least 1: " + max,
                    f -> f.idle().receiveSome(max));
        }
        fails("TcpClient.receiveSome(int)", "max MAX_VALUE, nothing to read", "timeout",
                f -> f.idle().receiveSome(Integer.MAX_VALUE));
        raises("TcpClient.receiveString(Charset)", "null charset", IllegalArgumentException.class,
                "charset expected, got null", f -> f.idle().receiveString((Charset) null));
        raises("TcpClient.receiveString(Charset)", "UTF-16", IllegalArgumentException.class,
                "charset UTF-16 does not write LF", false,
                f -> f.idle().receiveString(StandardCharsets.UTF_16));
        fails("TcpClient.receiveString(Charset)", "UTF-8, nothing to read", "timeout",
                f -> f.idle().receiveString(StandardCharsets.UTF_8));
        raises("TcpClient.receiveString(Charset,long)", "null charset",
                IllegalArgumentException.class, "charset expected, got null",
                f -> f.idle().receiveString((Charset) null, 10));
        for (long max : new long[] {0, -1, Long.MIN_VALUE}) {
            raises("TcpClient.receiveString(Charset,long)", "maxBytes " + max,
                    IllegalArgumentException.class, "maxsize must be at least 1, got " + max,
                    f -> f.idle().receiveString(StandardCharsets.UTF_8, max));
        }
        fails("TcpClient.receiveString(Charset,long)", "maxBytes MAX_VALUE, nothing to read",
                "timeout", f -> f.idle().receiveString(StandardCharsets.UTF_8, Long.MAX_VALUE));
        fails("TcpClient.receiveString(Charset,ReceiveException,long)", "null: nothing resumed",
                "timeout", f -> f.idle().receiveString(StandardCharsets.UTF_8, null, 10));
        raises("TcpClient.receiveString(Charset,ReceiveException,long)",
                "a partial that fills maxBytes", IllegalArgumentException.class,
                "a prefix of 3 bytes leaves no room under maxsize 3",
                f -> f.idle().receiveString(StandardCharsets.UTF_8,
                        ReceiveException.closed(new byte[3]), 3));
        raises("TcpClient.receiveString(Charset,ReceiveException,long)", "UTF-16",
                IllegalArgumentException.class, "charset UTF-16 does not write LF", false,
                f -> f.idle().receiveString(StandardCharsets.UTF_16, null, 10));
        raises("TcpClient.send(String,Charset)", "null text", IllegalArgumentException.class,
                NO_VALUE, f -> f.client().send(null, StandardCharsets.UTF_8));
        raises("TcpClient.send(String,Charset)", "null charset", IllegalArgumentException.class,
                "charset expected, got null", f -> f.client().send("x", null));
        raises("TcpClient.send(String,Charset)", "text US-ASCII cannot encode",
                IllegalArgumentException.class, "U+00E9", false,
                f -> f.client().send("caf\u00e9", StandardCharsets.US_ASCII));
        ok("TcpClient.send(String,Charset)", "empty text", f -> f.client().send("",
                StandardCharsets.UTF_8), Long.valueOf(0)::equals);
        ok("TcpClient.inputStream()", "twice: the same stream",
                f -> f.client().inputStream() == f.client().inputStream(), Boolean.TRUE::equals);
        raises("TcpClient.inputStream()", "a master's client view", IllegalStateException.class,
                "tcp{client} expected", f -> {
                    TcpClient view = f.client();
                    f.master().close();
                    return f.master().asClient().inputStream();
                });
        ok("TcpClient.outputStream()", "closed client",
                f -> {
                    f.client().close();
                    return f.client().outputStream();
                });

        raises("Address.toInetSocketAddress()", "null address", IllegalArgumentException.class,
                "not a numeric address: null", f -> new Address(null, 1, "inet")
                        .toInetSocketAddress());
        raises("Address.toInetSocketAddress()", "a name", IllegalArgumentException.class,
                "not a numeric address: localhost", f -> new Address("localhost", 1, "inet")
                        .toInetSocketAddress());
        raises("Address.toInetSocketAddress()", "port 70000", IllegalArgumentException.class,
                "70000", false, f -> new Address("127.0.0.1", 70000, "inet")
                        .toInetSocketAddress());
        ok("Address.toInetSocketAddress()", "::1",
                f -> new Address("::1", 0, "inet6").toInetSocketAddress());

        raises("TcpService.start(TcpServer,Handler)", "null server",
                IllegalArgumentException.class, "server and handler expected", false,
                f -> TcpService.start(null, client -> { }));
        raises("TcpService.start(TcpServer,Handler)", "null handler",
                IllegalArgumentException.class, "server and handler expected", false,
                f -> TcpService.start(f.server(), null));
        for (Duration grace : new Duration[] {null, Duration.ZERO, Duration.ofSeconds(-1),
            Duration.ofSeconds(Long.MAX_VALUE)}) {
            ok("TcpService.stop(Duration)", "grace " + grace, f -> {
                TcpService service = TcpService.start(f.server(), client -> { });
                service.stop(grace);
                return null;
            });
        }
        ok("TcpService.close()", "twice", f -> {
            TcpService service = TcpService.start(f.server(), client -> { });
            service.close();
            service.close();
            return null;
        });
        ok("TcpService.join()", "after close", f -> {
            TcpService service = TcpService.start(f.server(), client -> { });
            service.close();
            service.join();
            return null;
        });
        ok("Handler.handle(TcpClient)", "a lambda that throws nothing", f -> {
            TcpService.Handler handler = client -> { };
            handler.handle(f.client());
            return null;
        });
    }

    /** TLS: the configuration's factories and changes, wrap and connect, and the client's own. */
    private static void tls() {
        io.loomsocket.tls.TestCerts certs = io.loomsocket.tls.TestCerts.get();
        java.nio.file.Path missing = java.nio.file.Path.of("/nonexistent/loomsocket.pem");
        ok("TlsConfig.client()", "", f -> TlsConfig.client(), v -> ((TlsConfig) v).isClient());
        ok("TlsConfig.isClient()", "a server", f -> TlsConfig.server(certs.serverCert(),
                certs.serverKey()).isClient(), Boolean.FALSE::equals);
        raises("TlsConfig.server(Path,Path)", "null paths", IllegalArgumentException.class,
                "certificateChain expected", false, f -> TlsConfig.server((java.nio.file.Path) null, null));
        raises("TlsConfig.server(Path,Path)", "a missing file",
                java.nio.file.NoSuchFileException.class, "/nonexistent/loomsocket.pem", false,
                f -> TlsConfig.server(missing, certs.serverKey()));
        raises("TlsConfig.server(Path,Path)", "a certificate as the key", java.io.IOException.class,
                "no private key", false, f -> TlsConfig.server(certs.serverCert(), certs.serverCert()));
        raises("TlsConfig.server(Path,Path,char[])", "a wrong password", java.io.IOException.class,
                "wrong password", false, f -> TlsConfig.server(certs.rsaCert(),
                        certs.rsaKeyEncrypted(), "nope".toCharArray()));
        raises("TlsConfig.server(KeyStore,char[])", "null store", IllegalArgumentException.class,
                "keyStore expected", false, f -> TlsConfig.server((java.security.KeyStore) null,
                        null));
        raises("TlsConfig.of(SSLContext,boolean)", "null context", IllegalArgumentException.class,
                "context expected", false, f -> TlsConfig.of(null, true));
        raises("TlsConfig.luasec(Map)", "null", IllegalArgumentException.class,
                "params expected", false, f -> TlsConfig.luasec(null));
        raises("TlsConfig.luasec(Map)", "an unknown key", IllegalArgumentException.class,
                "'bogus'", false, f -> TlsConfig.luasec(java.util.Map.of("mode", "client",
                        "bogus", 1)));
        raises("TlsConfig.luasec(Map)", "no mode", IllegalArgumentException.class,
                "invalid mode: null", false, f -> TlsConfig.luasec(java.util.Map.of()));
        raises("TlsConfig.trust(Path)", "null", IllegalArgumentException.class,
                "caCertificates expected", false, f -> TlsConfig.client().trust((java.nio.file.Path) null));
        raises("TlsConfig.trust(Path)", "a key file", java.io.IOException.class, "no certificate",
                false, f -> TlsConfig.client().trust(certs.serverKey()));
        raises("TlsConfig.trust(KeyStore)", "null", IllegalArgumentException.class,
                "trustStore expected", false, f -> TlsConfig.client().trust(
                        (java.security.KeyStore) null));
        raises("TlsConfig.identity(Path,Path,char[])", "null paths",
                IllegalArgumentException.class, "certificateChain expected", false,
                f -> TlsConfig.client().identity(null, null, null));
        raises("TlsConfig.identity(KeyStore,char[])", "null store",
                IllegalArgumentException.class, "keyStore expected", false,
                f -> TlsConfig.client().identity((java.security.KeyStore) null, null));
        raises("TlsConfig.serverName(String)", "null", IllegalArgumentException.class,
                "name expected", false, f -> TlsConfig.client().serverName(null));
        raises("TlsConfig.serverName(String)", "empty", IllegalArgumentException.class,
                "an empty server name", f -> TlsConfig.client().serverName(""));
        ok("TlsConfig.verifyPeer(boolean)", "false", f -> TlsConfig.client().verifyPeer(false));
        ok("TlsConfig.verifyHostname(boolean)", "false",
                f -> TlsConfig.client().verifyHostname(false));
        ok("TlsConfig.requireClientCertificate(boolean)", "true on a client",
                f -> TlsConfig.client().requireClientCertificate(true));
        raises("TlsConfig.protocols(String[])", "none", IllegalArgumentException.class,
                "protocols: at least one expected", f -> TlsConfig.client().protocols());
        raises("TlsConfig.protocols(String[])", "a null element", IllegalArgumentException.class,
                "protocols element expected", false,
                f -> TlsConfig.client().protocols((String) null));
        raises("TlsConfig.cipherSuites(String[])", "null", IllegalArgumentException.class,
                "suites: at least one expected", f -> TlsConfig.client().cipherSuites(
                        (String[]) null));
        raises("TlsConfig.alpn(String[])", "none", IllegalArgumentException.class,
                "protocols: at least one expected", f -> TlsConfig.client().alpn());
        raises("TlsConfig.alpnSelector(Function)", "null", IllegalArgumentException.class,
                "selector expected", false, f -> TlsConfig.client().alpnSelector(null));
        raises("TlsConfig.serverNames(Map,boolean)", "null", IllegalArgumentException.class,
                "byName expected", false, f -> TlsConfig.client().serverNames(null, true));
        raises("TlsConfig.handshakeTimeout(Duration)", "zero", IllegalArgumentException.class,
                "handshake timeout must be positive", false,
                f -> TlsConfig.client().handshakeTimeout(Duration.ZERO));
        raises("TlsConfig.handshakeTimeout(Duration)", "null", IllegalArgumentException.class,
                "handshake timeout expected", false, f -> TlsConfig.client().handshakeTimeout(null));
        raises("TlsConfig.closeTimeout(Duration)", "negative", IllegalArgumentException.class,
                "must not be negative", false,
                f -> TlsConfig.client().closeTimeout(Duration.ofSeconds(-1)));
        ok("TlsConfig.closeTimeout(Duration)", "zero",
                f -> TlsConfig.client().closeTimeout(Duration.ZERO));

        raises("Tls.wrap(TcpClient,TlsConfig)", "null client", IllegalArgumentException.class,
                "client and config expected", false, f -> Tls.wrap(null, TlsConfig.client()));
        raises("Tls.wrap(TcpClient,TlsConfig)", "no server name", IllegalArgumentException.class,
                "serverName", false, f -> Tls.wrap(f.client(), TlsConfig.client()));
        raises("Tls.wrap(TcpClient,TlsConfig)", "a closed client", IllegalStateException.class,
                "closed", false, f -> {
                    f.client().close();
                    return Tls.wrap(f.client(), TlsConfig.client().serverName("localhost"));
                });
        raises("Tls.wrap(TcpClient,TlsConfig)", "twice", IllegalStateException.class,
                "already wrapped", false, f -> {
                    TlsConfig c = TlsConfig.client().serverName("localhost");
                    Tls.wrap(f.client(), c);
                    return Tls.wrap(f.client(), c);
                });
        raises("Tls.connect(String,int,Duration,TlsConfig)", "a server config",
                IllegalArgumentException.class, "a client TlsConfig expected", false,
                f -> Tls.connect("127.0.0.1", 1, Duration.ofSeconds(1), TlsConfig.server(
                        certs.serverCert(), certs.serverKey())));
        raises("Tls.connect(String,int,Duration,TlsConfig)", "null host",
                IllegalArgumentException.class, NO_VALUE, f -> Tls.connect(null, 1,
                        Duration.ofSeconds(1), TlsConfig.client()));
        fails("Tls.connect(String,int,Duration,TlsConfig)", "port 0", "connection refused",
                f -> Tls.connect("127.0.0.1", 0, Duration.ofSeconds(1), TlsConfig.client()));
        raises("TcpService.startTls(TcpServer,TlsConfig,TlsHandler)", "a client config",
                IllegalArgumentException.class, "a server TlsConfig", false,
                f -> TcpService.startTls(f.server(), TlsConfig.client(), client -> { }));
        raises("TcpService.startTls(TcpServer,TlsConfig,TlsHandler)", "null handler",
                IllegalArgumentException.class, "a server TlsConfig", false,
                f -> TcpService.startTls(f.server(), TlsConfig.server(certs.serverCert(),
                        certs.serverKey()), null));
        ok("TlsHandler.handle(TlsClient)", "a lambda that throws nothing", f -> {
            TcpService.TlsHandler handler = client -> { };
            handler.handle(null);
            return null;
        });
        // Before the handshake: TLS's accessors say there is nothing yet.
        ok("TlsClient.getpeerchain()", "before the handshake", f -> tlsClient(f).getpeerchain(),
                v -> ((java.util.List<?>) v).isEmpty());
        ok("TlsClient.getpeercertificate()", "before the handshake",
                f -> tlsClient(f).getpeercertificate(), java.util.Objects::isNull);
        ok("TlsClient.getpeerverification()", "before the handshake",
                f -> tlsClient(f).getpeerverification(),
                v -> !((TlsClient.Verification) v).verified());
        ok("TlsClient.getalpn()", "before the handshake", f -> tlsClient(f).getalpn(),
                java.util.Objects::isNull);
        ok("TlsClient.getsniname()", "before the handshake", f -> tlsClient(f).getsniname(),
                "localhost"::equals);
        ok("TlsClient.info()", "before the handshake", f -> tlsClient(f).info(),
                v -> ((TlsClient.Info) v).protocol() == null);
        ok("TlsClient.session()", "before the handshake", f -> tlsClient(f).session());
        fails("TlsClient.dohandshake()", "a peer that says nothing, timeout 0", "wantread", f -> {
            TlsClient tls = tlsClient(f);
            tls.settimeout(0);
            tls.dohandshake();
            return null;
        });
        ok("Info.new(String,String)", "nulls", f -> new TlsClient.Info(null, null));
        ok("Verification.new(boolean,String)", "null reason",
                f -> new TlsClient.Verification(true, null));
    }

    private static TlsClient tlsClient(Fixture f) throws Exception {
        return Tls.wrap(f.client(), TlsConfig.client().serverName("localhost"));
    }

    private static void ok(String method, String input, Call call) {
        ok(method, input, call, v -> true);
    }

    private static void ok(String method, String input, Call call, Predicate<Object> check) {
        CASES.add(new Case(method, input, call, new BadInputTest.Returns("a value", check)));
    }

    private static void fails(String method, String input, String text, Call call) {
        CASES.add(new Case(method, input, call,
                new BadInputTest.Throws(TcpException.class, text, true)));
    }

    private static void raises(String method, String input, Class<? extends Throwable> type,
            String message, Call call) {
        raises(method, input, type, message, true, call);
    }

    private static void raises(String method, String input, Class<? extends Throwable> type,
            String message, boolean exact, Call call) {
        CASES.add(new Case(method, input, call, new BadInputTest.Throws(type, message, exact)));
    }

    private static Object set(Fixture f, String name, Object value) throws TcpException {
        f.master().setoption(name, value);
        return null;
    }

    private static Object timeout(Fixture f, double seconds) throws TcpException {
        f.master().settimeout(seconds);
        return null;
    }

    private static String label(Object value) {
        String text = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        return text.length() > 24 ? text.substring(0, 12) + "...(" + text.length() + ")" : text;
    }

    // ---- objects ----------------------------------------------------------------------------

    /** Fresh objects for one case, made when first asked for, all closed after it. */
    static final class Fixture implements AutoCloseable {
        private final List<AutoCloseable> open = new ArrayList<>();
        private TcpMaster master;
        private TcpMaster unspecified;
        private TcpServer server;
        private Loopback pair;

        <T extends AutoCloseable> T own(T object) {
            open.add(Objects.requireNonNull(object));
            return object;
        }

        /** A {@code tcp4()} master. */
        TcpMaster master() throws TcpException {
            if (master == null) {
                master = own(Tcp.tcp4());
            }
            return master;
        }

        /** A {@code tcp()} master, which has no socket yet. */
        TcpMaster unspecified() {
            if (unspecified == null) {
                unspecified = own(Tcp.tcp());
            }
            return unspecified;
        }

        /** A listening server on 127.0.0.1. */
        TcpServer server() throws TcpException {
            if (server == null) {
                server = own(Tcp.bind("127.0.0.1", 0));
            }
            return server;
        }

        int serverPort() throws TcpException {
            return server().getsockname().port();
        }

        /** A connected client (its peer sends nothing). */
        TcpClient client() throws Exception {
            if (pair == null) {
                pair = own(Loopback.open());
            }
            return pair.client();
        }

        /** The connected client with a block timeout of 0 and nothing to read. */
        TcpClient idle() throws Exception {
            client().settimeout(0);
            return client();
        }

        @Override
        public void close() throws Exception {
            for (AutoCloseable object : open) {
                object.close();
            }
        }
    }
}
