package io.loomsocket.internal.socket;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads and initialises every class of the library when the library is first used, if the
 * classes come from a directory (an IDE, {@code mvn exec}, an exploded module). Loading a class
 * from a directory opens a file, so a class first needed on a failure path (an error text, the
 * deadline timer at a socket's close) would fail to load exactly when descriptors have run out,
 * and the JVM would remember that failure for ever: every later close would throw and leak its
 * socket. From a jar, classes load through the jar the class loader holds open, with no new
 * descriptor, so nothing is done then.
 */
final class ClassPreload {
    private ClassPreload() {}

    /** Loads the library's classes if they live in a directory; never fails the caller. */
    static void ifExploded() {
        try {
            CodeSource source = ClassPreload.class.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            if (location == null || !"file".equals(location.getProtocol())) {
                return;
            }
            Path root = Path.of(location.toURI());
            if (Files.isDirectory(root)) {
                load(root, ClassPreload.class.getClassLoader());
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            // Only a safeguard: the classes still load on demand.
        }
    }

    private static void load(Path root, ClassLoader loader) throws IOException {
        Path library = root.resolve("io").resolve("loomsocket");
        List<Path> classes;
        try (Stream<Path> files = Files.walk(library)) {
            classes = files.filter(file -> file.toString().endsWith(".class"))
                    .filter(file -> !file.getFileName().toString().endsWith("-info.class"))
                    .toList();
        }
        for (Path file : classes) {
            String relative = root.relativize(file).toString();
            String name = relative.substring(0, relative.length() - ".class".length())
                    .replace(file.getFileSystem().getSeparator(), ".");
            try {
                Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // A class that cannot load now would not have loaded later either.
            }
        }
    }
}
