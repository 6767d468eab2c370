package io.loomsocket.timing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The log of the timing misses that were run again, one line each: a {@link TimedTest}'s attempt
 * that came late, or a differential scenario whose times alone disagreed. {@code ./run tests}
 * prints it before the counts, so that a green run still shows what load did to it. The file
 * is {@code -Dloomsocket.timing.log=PATH} (the build names one per test run); without it,
 * misses go to standard error.
 */
public final class TimingMisses {
    private static final String LOG = System.getProperty("loomsocket.timing.log", "");
    private static final ReentrantLock LOCK = new ReentrantLock();

    private TimingMisses() {
    }

    /** Appends one line to the log. */
    public static void record(String line) {
        String oneLine = line.replace('\n', ' ');
        if (LOG.isEmpty()) {
            System.err.println("timing miss: " + oneLine);
            return;
        }
        LOCK.lock();
        try {
            Path log = Path.of(LOG);
            if (log.getParent() != null) {
                Files.createDirectories(log.getParent());
            }
            Files.writeString(log, oneLine + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("timing miss (" + LOG + " not writable: " + e.getMessage() + "): "
                    + oneLine);
        } finally {
            LOCK.unlock();
        }
    }
}
