package io.loomsocket.lua;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A port as LuaSocket passes it to getaddrinfo: a string of digits is a number (wrapping above
 * 65535 as glibc does), anything else is a service name looked up in {@code /etc/services} for
 * TCP, as glibc looks it up.
 */
final class Ports {
    /** What LuaSocket says for getaddrinfo's EAI_SERVICE, a service it does not know. */
    static final String UNKNOWN_SERVICE = "service not supported for socket type";

    private Ports() {}

    /** The port number, or -1 for a name that names no TCP service. */
    static int parse(String text) {
        if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long value = 0;
            for (int i = 0; i < text.length(); i++) {
                value = (value * 10 + (text.charAt(i) - '0')) & 0xFFFF_FFFFL;
            }
            return (int) (value & 0xFFFF);
        }
        Integer port = Services.BY_NAME.get(text);
        return port == null ? -1 : port;
    }

    /** getnameinfo's service: the TCP service's name, or the number. */
    static String name(int port) {
        return Services.BY_PORT.getOrDefault(port, Integer.toString(port));
    }

    /** /etc/services, read once when first needed. */
    private static final class Services {
        static final Map<String, Integer> BY_NAME = new HashMap<>();
        static final Map<Integer, String> BY_PORT = new HashMap<>();

        static {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of("/etc/services"), StandardCharsets.ISO_8859_1);
            } catch (IOException | RuntimeException e) {
                lines = List.of();
            }
            for (String line : lines) {
                int hash = line.indexOf('#');
                String[] words = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
                if (words.length < 2 || !words[1].toLowerCase(Locale.ROOT).endsWith("/tcp")) {
                    continue;
                }
                int port;
                try {
                    port = Integer.parseInt(words[1].substring(0, words[1].indexOf('/')));
                } catch (NumberFormatException e) {
                    continue;
                }
                BY_PORT.putIfAbsent(port, words[0]);
                for (int i = 0; i < words.length; i++) {
                    if (i != 1) {
                        BY_NAME.putIfAbsent(words[i], port);
                    }
                }
            }
        }
    }
}
