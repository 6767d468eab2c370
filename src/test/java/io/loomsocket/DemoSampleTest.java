package io.loomsocket;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.samples.Demo;
import io.loomsocket.timing.TimedTest;
import io.loomsocket.timing.TimingMiss;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/** The demo runs to its end; what it prints is captured and checked, not shown. */
class DemoSampleTest {
    @TimedTest
    @Timeout(20)
    void demoShowsATimeoutWithItsPartialAndFinishes() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Demo.main(new String[0]);
        } catch (Exception | AssertionError e) {
            throw new AssertionError("the demo failed after printing:\n"
                    + captured.toString(StandardCharsets.UTF_8), e);
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        if (!output.contains("receive failed") && output.contains("first half, second half")) {
            // The server pauses 0.6 s between the halves; the client's receive has 0.3 s.
            throw new TimingMiss("the client's 0.3 s timeout did not come within the server's"
                    + " pause of 0.6 s:\n" + output);
        }
        assertTrue(output.contains("receive failed with \"timeout\" (BLOCK timeout), partial"
                + " \"first half, \""), output);
        assertTrue(output.contains("client got: first half, second half"), output);
        assertTrue(output.contains("client stats: Stats[received="), output);
        assertTrue(output.trim().endsWith("done"), output);
    }
}
