package io.loomsocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every Java example of README.md compiles against the library with {@code -Xlint:all -Werror},
 * so that none warns (a resource never referenced, say) or goes stale. An example is a method
 * body; an HTML comment just before it, {@code <!-- java: PARAMETERS [-> RETURN] [; in SAMPLE]
 * -->}, gives the variables a fragment uses, the type it returns, and the sample whose code it
 * is (the example's lines must appear there in order, so that the sample's test, which runs
 * it, runs what the README shows). Imports: {@code io.loomsocket.*}, {@code java.time.Duration},
 * {@code java.nio.charset.StandardCharsets} and {@code UTF_8} statically. An example of the Lua
 * binding ({@code <!-- java: in the Lua binding ... -->}) needs LuaJ and the binding, which the
 * core's tests do not have, and is left out.
 */
class ReadmeExamplesTest {
    private static final Path README = Path.of("README.md");
    private static final Pattern BLOCK = Pattern.compile(
            "(?:<!-- java: ([^\\n]*?) -->\\n)?```java\\n(.*?)```", Pattern.DOTALL);

    /** One example: its code, its parameters and return type, its sample (or null). */
    record Example(int line, String code, String parameters, String returns, String sample) {}

    static List<Example> examples() throws IOException {
        String text = Files.readString(README, StandardCharsets.UTF_8);
        List<Example> examples = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String parameters = "";
            String returns = "void";
            String sample = null;
            if (m.group(1) != null && m.group(1).startsWith("in the Lua binding")) {
                continue; // LuaJ's and the binding's classes are not on the core's class path
            }
            if (m.group(1) != null) {
                String spec = m.group(1);
                int in = spec.indexOf("; in ");
                if (in >= 0) {
                    sample = spec.substring(in + 5).trim();
                    spec = spec.substring(0, in);
                }
                int arrow = spec.indexOf("->");
                if (arrow >= 0) {
                    returns = spec.substring(arrow + 2).trim();
                    spec = spec.substring(0, arrow);
                }
                parameters = spec.trim();
            }
            int line = text.substring(0, m.start()).split("\n", -1).length;
            examples.add(new Example(line, m.group(2), parameters, returns, sample));
        }
        return examples;
    }

    @Test
    void theReadmeHasItsExamples() throws IOException {
        List<Example> examples = examples();
        assertEquals(10, examples.size(), "examples found in README.md");
        assertEquals(4, examples.stream().filter(e -> "FourLimits".equals(e.sample())).count());
    }

    @TestFactory
    Stream<DynamicTest> everyExampleCompilesWithoutAWarning() throws IOException {
        return examples().stream().map(e -> DynamicTest.dynamicTest("README.md:" + e.line(),
                () -> compile(e)));
    }

    @TestFactory
    Stream<DynamicTest> anExampleOfASampleIsTheSamplesCode() throws IOException {
        return examples().stream().filter(e -> e.sample() != null)
                .map(e -> DynamicTest.dynamicTest("README.md:" + e.line() + " in " + e.sample(),
                        () -> assertInSample(e)));
    }

    private static void compile(Example e) throws IOException {
        String source = "import io.loomsocket.*;\n"
                + "import java.time.Duration;\n"
                + "import java.nio.charset.StandardCharsets;\n"
                + "import static java.nio.charset.StandardCharsets.UTF_8;\n"
                + "class ReadmeExample {\n"
                + "    static " + e.returns() + " example(" + e.parameters() + ") throws Exception {\n"
                + e.code()
                + "    }\n"
                + "}\n";
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        Path out = Files.createTempDirectory("readme-example");
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///ReadmeExample.java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        boolean ok = javac.getTask(diagnostics, null, null, List.of("-Xlint:all", "-Werror",
                "--release", "21", "-proc:none", "-classpath", classes(), "-d", out.toString()),
                null, List.of(file)).call();
        assertTrue(ok, "README.md:" + e.line() + " does not compile cleanly:\n" + diagnostics
                + "\n" + source);
    }

    private static String classes() {
        return Path.of(Tcp.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .toString();
    }

    /** The example's lines, stripped of their indentation, are lines of the sample, in order. */
    private static void assertInSample(Example e) throws IOException {
        Path sample;
        try (Stream<Path> files = Files.walk(Path.of("samples"))) {
            sample = files.filter(p -> p.getFileName().toString().equals(e.sample() + ".java"))
                    .findFirst().orElseThrow(() -> new AssertionError("no sample " + e.sample()));
        }
        List<String> sampleLines = Files.readAllLines(sample).stream().map(String::strip).toList();
        List<String> exampleLines = e.code().lines().map(String::strip).toList();
        boolean found = false;
        for (int start = 0; start + exampleLines.size() <= sampleLines.size() && !found; start++) {
            found = sampleLines.subList(start, start + exampleLines.size()).equals(exampleLines);
        }
        assertTrue(found, "README.md:" + e.line() + " is not the code of " + sample + ":\n"
                + e.code());
    }
}
