package io.logpipe.shipper;

import static io.logpipe.shipper.FileScenario.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.logpipe.devstack.Poll;

/**
 * The packaged shipper's counters miss nothing read in its first moments: it starts reading on StartupEvent, before
 * Quarkus has attached the Prometheus registry (in @QuarkusTest the order differs, so only the packaged service
 * shows it).
 */
class StartUpCountingIT {
    @Test
    void linesReadAndShippedRightAfterStartUpAreCounted() throws Exception {
        try (FileScenario s = FileScenario.create("start-up-counting")) {
            s.append("app.log", lines("early", 0, 60));
            s.startProcess();
            s.waitUntilShipped("app.log");
            assertCounted(s, 60, s.size("app.log"));

            s.append("app.log", lines("later", 0, 5));
            s.waitUntilShipped("app.log");
            assertCounted(s, 65, s.size("app.log"));
        }
    }

    private static void assertCounted(FileScenario s, int lines, long bytes) {
        assertEquals(lines, s.llen(), "the premise: every line is one event in Redis");
        // Shipped is counted just after Redis acknowledged, the offset stored a little later: the counter may trail.
        Poll.until(lines + " events shipped in /q/metrics", Duration.ofSeconds(10), Duration.ofMillis(20),
                () -> metric(s, "shipper_events_shipped_total") >= lines,
                () -> " (/q/metrics has " + metric(s, "shipper_events_shipped_total") + ")");
        assertEquals(lines, metric(s, "shipper_events_shipped_total"));
        assertEquals(lines, metric(s, "shipper_lines_read_total"));
        assertEquals(bytes, metric(s, "shipper_bytes_read_total"));
    }

    /** An unlabelled sample of the process's Prometheus text; -1 when absent. */
    private static double metric(FileScenario s, String name) {
        try {
            return s.metricsText().lines().filter(l -> l.startsWith(name + " "))
                    .mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1).trim())).findFirst().orElse(-1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
