package io.loomsocket.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A process's open descriptors and its limit, from Linux's {@code /proc}. */
final class Descriptors {
    private Descriptors() {}

    /** How many descriptors process {@code pid} has open. */
    static int count(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) fds.count();
        }
    }

    /**
     * The open descriptors of {@code pid} by kind ({@code socket}, {@code pipe},
     * {@code anon_inode:[eventpoll]}, a file's path), to show what a leak is made of.
     */
    static Map<String, Integer> kinds(long pid) throws IOException {
        Map<String, Integer> kinds = new TreeMap<>();
        List<Path> fds;
        try (Stream<Path> listing = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds = listing.toList();
        }
        for (Path fd : fds) {
            String target;
            try {
                target = Files.readSymbolicLink(fd).toString();
            } catch (IOException e) {
                continue; // closed meanwhile
            }
            String kind = target.replaceFirst("^(socket|pipe):\\[\\d+\\]$", "$1");
            kinds.merge(kind, 1, Integer::sum);
        }
        return kinds;
    }

    /** What {@code after} has more (or fewer, negative) of than {@code before}, by kind. */
    static Map<String, Integer> difference(Map<String, Integer> before,
            Map<String, Integer> after) {
        Map<String, Integer> difference = new TreeMap<>();
        after.forEach((kind, n) -> difference.merge(kind, n, Integer::sum));
        before.forEach((kind, n) -> difference.merge(kind, -n, Integer::sum));
        difference.values().removeIf(n -> n == 0);
        return difference;
    }

    /** This process's limit on open descriptors: "soft/hard", as {@code /proc} says it. */
    static String limit() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String[] fields = line.substring("Max open files".length()).trim().split("\\s+");
                return fields[0] + "/" + fields[1];
            }
        }
        throw new IOException("no \"Max open files\" in /proc/self/limits");
    }

    /** The soft limit alone. */
    static int softLimit() throws IOException {
        String soft = limit().split("/")[0];
        return soft.equals("unlimited") ? Integer.MAX_VALUE : Integer.parseInt(soft);
    }
}
