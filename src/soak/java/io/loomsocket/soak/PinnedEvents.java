package io.loomsocket.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The {@code jdk.VirtualThreadPinned} events of a recording that concern the library: those
 * with a frame of a class in {@code io.loomsocket} (the soak's own classes excepted), or whose
 * pinned reason names such a class (a class initialiser on the stack: JFR's stack trace then
 * ends at the initialiser's call and may hold no frame of the class).
 */
final class PinnedEvents {
    /** JFR settings: the one event, no threshold, with stack traces. */
    static final String SETTINGS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <configuration version="2.0" label="soak" description="Pinned virtual threads">
              <event name="jdk.VirtualThreadPinned">
                <setting name="enabled">true</setting>
                <setting name="stackTrace">true</setting>
                <setting name="threshold">0 ms</setting>
              </event>
            </configuration>
            """;
    private static final String EVENT = "jdk.VirtualThreadPinned";

    /** The library's events and how many pinned events there were in all. */
    record Found(List<String> library, int all) {}

    private PinnedEvents() {}

    static Found read(Path recording) throws IOException {
        List<String> library = new ArrayList<>();
        int all = 0;
        if (!Files.exists(recording)) {
            throw new IOException("no recording at " + recording);
        }
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals(EVENT)) {
                continue;
            }
            all++;
            if (concernsLibrary(event)) {
                library.add(describe(event));
            }
        }
        return new Found(library, all);
    }

    private static boolean concernsLibrary(RecordedEvent event) {
        if (event.getStackTrace() != null) {
            for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                if (isLibrary(frame.getMethod().getType().getName())) {
                    return true;
                }
            }
        }
        return isLibrary(reason(event).replace('/', '.'));
    }

    private static boolean isLibrary(String text) {
        int at = text.indexOf("io.loomsocket.");
        while (at >= 0) {
            if (!text.startsWith("io.loomsocket.soak.", at)) {
                return true;
            }
            at = text.indexOf("io.loomsocket.", at + 1);
        }
        return false;
    }

    private static String reason(RecordedEvent event) {
        return event.hasField("pinnedReason") ? String.valueOf(event.getString("pinnedReason"))
                : "";
    }

    private static String describe(RecordedEvent event) {
        StringBuilder text = new StringBuilder(String.format("pinned %.3f ms, %s",
                event.getDuration().toNanos() / 1e6, reason(event)));
        if (event.getStackTrace() != null) {
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            for (int i = 0; i < Math.min(frames.size(), 12); i++) {
                RecordedFrame frame = frames.get(i);
                text.append("\n      at ").append(frame.getMethod().getType().getName())
                        .append('.').append(frame.getMethod().getName())
                        .append(':').append(frame.getLineNumber());
            }
        }
        return text.toString();
    }
}
