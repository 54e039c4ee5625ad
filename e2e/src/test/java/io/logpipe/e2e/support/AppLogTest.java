package io.logpipe.e2e.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The expectations the end-to-end tests compare against must themselves be right. */
class AppLogTest {

    @Test
    void sampleLogIsThirtyEventsFourOfThemStackTraces() throws Exception {
        String sample;
        try (InputStream in = AppLogTest.class.getResourceAsStream("/sample/app.log")) {
            sample = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> events = AppLog.events(sample);
        assertEquals(30, events.size());
        assertEquals(4, events.stream().filter(e -> e.contains("\n\tat ")).count());
        assertTrue(events.get(11).startsWith("2026-11-24 10:00:07.552 ERROR"), events.get(11));
        assertTrue(events.get(11).endsWith("\t... 5 more"), events.get(11));
        assertEquals(sample, String.join("\n", events) + "\n", "the events are the whole file");
    }

    @Test
    void errorEventsAreOneLineStartingWithADigitFollowedByLinesThatDoNot() {
        List<String> lines = AppLog.event("r", 42, true);
        assertTrue(Character.isDigit(lines.get(0).charAt(0)));
        lines.subList(1, lines.size()).forEach(l -> assertTrue(!Character.isDigit(l.charAt(0)), l));
        assertEquals(List.of(AppLog.message(lines)), AppLog.events(String.join("\n", lines) + "\n"));
        assertEquals(42, AppLog.seq(AppLog.message(lines)));
        assertEquals(7, AppLog.seq(AppLog.line("r", 7)));
    }

    @Test
    void prometheusSeriesOfAMetricAreSummedAcrossLabels() {
        String text = """
                # HELP logpipe_lines_read_total Lines read
                # TYPE logpipe_lines_read_total counter
                logpipe_lines_read_total{input="app"} 10.0
                logpipe_lines_read_total{input="web"} 5.0
                logpipe_lines_read_other 99.0
                """;
        assertEquals(15.0, ServiceProcess.sumMetric(text, "logpipe_lines_read_total"));
        assertEquals(-1.0, ServiceProcess.sumMetric(text, "absent"));
    }
}
