package io.loomsocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * A connect that failed while it was waited for closes its descriptor at once, as close(2)
 * would: the JDK defers the close of a channel still registered with a selector until that
 * selector's next select, so the failed channel must leave its poller before the socket moves on.
 */
class FailedConnectDescriptorTest {
    @RepeatedTest(5)
    @Timeout(10)
    void theFailedSocketIsClosedWhenConnectReturns() throws Exception {
        int port;
        try (TcpServer gone = Tcp.bind("127.0.0.1", 0)) {
            port = gone.getsockname().port();
        }
        List<String> before = NoLeakedSockets.sockets();
        try (TcpMaster master = Tcp.tcp4()) {
            List<String> withMaster = new ArrayList<>(NoLeakedSockets.sockets());
            withMaster.removeAll(before);
            assertEquals(1, withMaster.size(), "the master's socket: " + withMaster);
            master.settimeout(2); // the connect waits for its outcome through the poller
            TcpException refused = assertThrows(TcpException.class,
                    () -> master.connect("127.0.0.1", port));
            assertEquals("connection refused", refused.getMessage());
            List<String> after = NoLeakedSockets.sockets();
            assertTrue(!after.contains(withMaster.get(0)),
                    "the failed socket " + withMaster.get(0) + " is still open: " + after);
        }
    }
}
