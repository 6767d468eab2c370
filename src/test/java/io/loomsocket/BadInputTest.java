package io.loomsocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * Every public method and constructor of the API, called with null, negative, zero, NaN,
 * infinite, huge, empty and malformed values ({@link BadInputCases}): each call either gives
 * LuaSocket's result or throws the documented exception, whose message is LuaSocket's text
 * where LuaSocket raises, and otherwise names the bad value. {@link #everyPublicMethodHasCases}
 * keeps the table complete. Host strings are loopback literals, names of the tests' hosts file
 * or strings that cannot parse, so nothing reaches another machine.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BadInputTest {
    /** The public types of the API package. */
    static final List<Class<?>> API = List.of(Tcp.class, TcpSocket.class, TcpMaster.class,
            TcpClient.class, TcpServer.class, TcpException.class, ReceiveException.class,
            SendException.class, Address.class, Linger.class, Stats.class, Timeouts.class,
            TcpException.Kind.class, TcpException.Limit.class, TcpService.class,
            TcpService.Handler.class, Selected.class, TcpService.TlsHandler.class, Tls.class,
            TlsClient.class, TlsClient.Info.class, TlsClient.Verification.class, TlsConfig.class);

    @TestFactory
    Stream<DynamicTest> eachCase() {
        return BadInputCases.all().stream().map(c -> DynamicTest.dynamicTest(
                c.method() + " " + c.input(), () -> run(c)));
    }

    private static void run(BadInputCases.Case c) throws Exception {
        try (BadInputCases.Fixture fixture = new BadInputCases.Fixture()) {
            Object value;
            try {
                value = c.call().call(fixture);
            } catch (Throwable t) {
                c.outcome().threw(t);
                return;
            }
            c.outcome().returned(value);
        }
    }

    /** The table names every public method and constructor of every public API type. */
    @Test
    void everyPublicMethodHasCases() {
        Set<String> covered = BadInputCases.all().stream().map(BadInputCases.Case::method)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> missing = new TreeSet<>();
        for (Class<?> type : API) {
            for (Executable member : members(type)) {
                String name = signature(member);
                if (!covered.remove(name)) {
                    missing.add(name);
                }
            }
        }
        assertEquals(Set.of(), missing, "public methods without bad-input cases");
        assertEquals(Set.of(), covered, "cases naming no public method");
    }

    /** No public type of the package is left out of {@link #API}. */
    @Test
    void theListNamesEveryPublicType() throws Exception {
        Path classes = Path.of(Tcp.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).resolve("io/loomsocket");
        Set<String> publicTypes = new TreeSet<>();
        try (Stream<Path> files = Files.list(classes)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(".class") && !name.equals("package-info.class")) {
                    Class<?> type = Class.forName("io.loomsocket."
                            + name.substring(0, name.length() - 6).replace('/', '.'));
                    if (Modifier.isPublic(type.getModifiers()) && !type.isAnonymousClass()) {
                        publicTypes.add(type.getName());
                    }
                }
            }
        }
        Set<String> listed = API.stream().map(Class::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(publicTypes, listed);
    }

    /** Methods and constructors a caller can pass a value to, as declared by the type. */
    private static List<Executable> members(Class<?> type) {
        Stream<Executable> methods = Arrays.stream(type.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !m.isSynthetic())
                .filter(m -> !generated(type, m))
                .map(Executable.class::cast);
        Stream<Executable> constructors = Arrays.stream(type.getDeclaredConstructors())
                .filter(c -> Modifier.isPublic(c.getModifiers()))
                .map(Executable.class::cast);
        return Stream.concat(constructors, methods).toList();
    }

    /** What the compiler writes for records and enums, which takes no input of ours. */
    private static boolean generated(Class<?> type, Method method) {
        if (type.isEnum()) {
            return method.getName().equals("values") || method.getName().equals("valueOf");
        }
        if (!type.isRecord()) {
            return false;
        }
        Predicate<String> accessor = name -> Arrays.stream(type.getRecordComponents())
                .map(RecordComponent::getName).anyMatch(name::equals);
        return accessor.test(method.getName()) || method.getName().equals("equals")
                || method.getName().equals("hashCode") || method.getName().equals("toString");
    }

    static String signature(Executable member) {
        String owner = member.getDeclaringClass().getSimpleName();
        String name = member instanceof Constructor<?> ? "new" : member.getName();
        String parameters = Arrays.stream(member.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(","));
        return owner + "." + name + "(" + parameters + ")";
    }

    // ---- outcomes -----------------------------------------------------------------------------

    /** What a case expects. */
    sealed interface Outcome {
        void returned(Object value);

        void threw(Throwable t);
    }

    /** Returns, and the value passes the check. */
    record Returns(String what, Predicate<Object> check) implements Outcome {
        @Override
        public void returned(Object value) {
            assertTrue(check.test(value), "returned " + shown(value) + ", expected " + what);
        }

        @Override
        public void threw(Throwable t) {
            throw new AssertionError("expected " + what + ", threw " + t, t);
        }
    }

    /**
     * Throws {@code type}; the message is exactly {@code message} (LuaSocket's text) or, when
     * {@code exact} is false, contains it (the bad value).
     */
    record Throws(Class<? extends Throwable> type, String message, boolean exact)
            implements Outcome {
        @Override
        public void returned(Object value) {
            fail("returned " + shown(value) + ", expected " + type.getSimpleName() + ": "
                    + message);
        }

        @Override
        public void threw(Throwable t) {
            if (type == TcpException.class && t instanceof TcpException) {
                assertEquals(message, t.getMessage(), "returned error text");
                return;
            }
            assertInstanceOf(type, t);
            assertEquals(type, t.getClass(), "exact type");
            if (exact) {
                assertEquals(message, t.getMessage());
            } else {
                assertTrue(t.getMessage() != null && t.getMessage().contains(message),
                        "message \"" + t.getMessage() + "\" should name " + message);
            }
        }
    }

    static String shown(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes.length > 40 ? "byte[" + bytes.length + "]" : LoopbackSupport.text(bytes);
        }
        String text = String.valueOf(value);
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
