package io.loomsocket.soak;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The soak's sizes, from {@code --name=value} arguments; the defaults are the soak's. Smaller
 * values make a quick check of the soak itself, not a soak.
 */
final class Settings {
    private final Map<String, String> values = new LinkedHashMap<>();

    Settings(String[] args) {
        values.put("cycles", "100000");
        values.put("workers", "64");
        values.put("held", "20000");
        values.put("rounds", "5");
        values.put("echoers", "5000");
        values.put("silent", "100");
        values.put("repeats", "5");
        values.put("pace", "0");
        values.put("waiters", "500");
        values.put("wait-rounds", "6");
        values.put("reopened", "100");
        values.put("nofile", "20000");
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0) {
                throw new IllegalArgumentException("--name=value expected, got \"" + arg + "\"");
            }
            String name = arg.substring(2, equals);
            if (!values.containsKey(name) && !name.equals("ports")) {
                throw new IllegalArgumentException("unknown setting \"" + arg + "\"; known: "
                        + String.join(", ", values.keySet()));
            }
            values.put(name, arg.substring(equals + 1));
        }
    }

    String text(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no setting --" + name + " given");
        }
        return value;
    }

    int number(String name) {
        String value = text(name);
        try {
            int number = Integer.parseInt(value);
            if (number < 0) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " needs a count, got \"" + value
                    + "\"");
        }
    }

    /** The sizes as arguments for another JVM of the soak. */
    String[] sizes() {
        return values.entrySet().stream()
                .filter(e -> !e.getKey().equals("ports"))
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
    }
}
