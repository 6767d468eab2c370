package io.loomsocket.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * LuaSec's lost close, and loomsocket's that loses nothing. A client sends 8 MiB (the send
 * reports every byte sent) and closes at once, while the server is still reading. A LuaSec
 * client never read the server's TLS 1.3 session tickets, so its close(2) finds them unread,
 * the kernel resets the connection, and the server's kernel drops what the server had not read
 * yet: its receive(8388608) fails "closed" short of the whole. A loomsocket client reads and
 * drops what is queued before closing, sends its close_notify and FIN, and keeps reading until
 * the server answers: the server receives every byte.
 */
class TlsCloseLosesNothingTest {
    private static final int SIZE = 8 * 1024 * 1024;
    private static final String WHOLE = Canonical.values(new Object[] {bytes()});

    private static byte[] bytes() {
        byte[] data = new byte[SIZE];
        java.util.Arrays.fill(data, (byte) 'x');
        return data;
    }

    static TlsDifferential.Scenario scenario() {
        List<TlsDifferential.Step> steps = new ArrayList<>();
        steps.add(new TlsDifferential.Step('S', false, "settimeout(10)"));
        steps.add(new TlsDifferential.Step('C', false, "settimeout(10)"));
        steps.add(new TlsDifferential.Step('S', true, "dohandshake()"));
        steps.add(new TlsDifferential.Step('C', false, "dohandshake()"));
        steps.add(new TlsDifferential.Step('S', true, "sleep(0.2)"));
        steps.add(new TlsDifferential.Step('S', true, "receive(" + SIZE + ")"));
        steps.add(new TlsDifferential.Step('C', false, "send(rep(\"x\", " + SIZE + "))"));
        steps.add(new TlsDifferential.Step('C', false, "close()"));
        return new TlsDifferential.Scenario("close after 8 MiB", TlsDifferential.DEFAULT_SERVER,
                TlsDifferential.DEFAULT_CLIENT, steps, List.of());
    }

    /** What the server's receive gave, with the client's send result. */
    private static String[] run(TlsDifferential.Impl server, TlsDifferential.Impl client)
            throws Exception {
        List<TlsDifferential.Line> lines = TlsDifferential.run(scenario(), server, client);
        return new String[] {lines.get(5).result(), lines.get(6).result()};
    }

    @Test
    @Timeout(120)
    void aLoomsocketClientsCloseLosesNothingWhereLuaSecsLosesTheTail() throws Exception {
        Oracle.require();
        var L = TlsDifferential.Impl.LUASEC;
        var J = TlsDifferential.Impl.LOOMSOCKET;
        List<String> luasec = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String[] run = run(L, L);
            assertEquals(String.valueOf(SIZE), run[1], "LuaSec's send reports every byte");
            luasec.add(run[0]);
        }
        System.out.println("TLS close, LuaSec client against a LuaSec server: " + luasec);
        for (TlsDifferential.Impl server : new TlsDifferential.Impl[] {L, J}) {
            for (int i = 0; i < 3; i++) {
                String[] run = run(server, J);
                assertEquals(String.valueOf(SIZE), run[1]);
                assertEquals(WHOLE, run[0], "the " + server + " server's receive, run " + i);
            }
        }
        assertTrue(luasec.stream().anyMatch(r -> r.startsWith("nil, \"closed\"")),
                "LuaSec's close lost nothing in 3 runs this time: " + luasec);
    }
}
