package io.loomsocket.differential;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces the values that differ between any two runs, and so between the two implementations,
 * by names: the port in a getsockname or getpeername result becomes {@code PEER}, {@code
 * PEERSIDE}, {@code BUSY} or {@code CLOSED} when it is one of the test's own ports, and {@code
 * P1}, {@code P2}, ... in the order ports first appear otherwise. Port 0 stays 0.
 */
final class Normalizer {
    private static final Pattern ADDRESS = Pattern.compile("(\"[^\"]*\"), (\\d+), (\"[^\"]*\")");

    private Normalizer() {}

    static Transcript ports(Transcript transcript) {
        Map<Integer, String> names = new HashMap<>();
        transcript.ports().forEach((name, port) -> names.putIfAbsent(port, name));
        List<Transcript.Entry> entries = new ArrayList<>();
        for (Transcript.Entry e : transcript.entries()) {
            Matcher m = ADDRESS.matcher(e.result());
            if (e.bySubject() && isAddressMethod(e.method()) && m.matches()) {
                int port = Integer.parseInt(m.group(2));
                String name = port == 0 ? "0"
                        : names.computeIfAbsent(port, p -> "P" + (names.size() + 1));
                e = e.withResult(m.group(1) + ", " + name + ", " + m.group(3));
            }
            entries.add(e);
        }
        return transcript.withEntries(entries);
    }

    private static boolean isAddressMethod(String method) {
        return method.equals("getsockname") || method.equals("getpeername");
    }
}
