package io.loomsocket;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loomsocket.samples.Demo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The samples run to their end. */
class SamplesTest {
    @Test
    @Timeout(20)
    void demoShowsATimeoutWithItsPartialAndFinishes() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Demo.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        original.print(output);
        assertTrue(output.contains("receive failed with \"timeout\", partial \"first half, \""), output);
        assertTrue(output.contains("client got: first half, second half"), output);
        assertTrue(output.contains("client stats: Stats[received="), output);
        assertTrue(output.trim().endsWith("done"), output);
    }
}
