package io.logpipe.e2e.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The reader of rubydebug output must find events between log lines, and refuse what is not rubydebug. */
class RubydebugOutputTest {
    private static final String EVENT = """
            {
                   "message" => "hello world",
                  "@version" => "1",
                "@timestamp" => 2026-12-06T10:00:00.123Z,
                      "host" => {
                    "name" => "vm"
                },
                     "event" => {
                    "id" => "0ceebdc3"
                },
                      "tags" => [
                    [0] "multiline"
                ]
            }
            """;

    @Test
    void findsEventsBetweenLogLines() {
        String output = "2026-12-06 10:00:00,000 INFO  [io.quarkus] started\n" + EVENT
                + "2026-12-06 10:00:01,000 INFO  [x] {not an event}\n"
                + EVENT.replace("hello world", "line 1\\n\\tat x.y(Z.java:1)");
        List<RubydebugOutput.Event> events = RubydebugOutput.events(output);
        assertEquals(2, events.size());
        assertEquals(List.of("message", "@version", "@timestamp", "host", "event", "tags"),
                List.copyOf(events.get(0).fields().keySet()));
        assertEquals(Optional.of("hello world"), events.get(0).string("message"));
        assertEquals("2026-12-06T10:00:00.123Z", events.get(0).fields().get("@timestamp"));
        assertEquals(Optional.of("0ceebdc3"), events.get(0).eventId());
        assertEquals(Optional.of("line 1\n\tat x.y(Z.java:1)"), events.get(1).string("message"));
        assertEquals("\"line 1\\n\\tat x.y(Z.java:1)\"", RubydebugOutput.quote("line 1\n\tat x.y(Z.java:1)"));
    }

    @Test
    void refusesKeysOutOfColumnAndJson() {
        assertThrows(IllegalStateException.class, () -> RubydebugOutput.events(EVENT.replace("      \"host\" =>", "     \"host\" =>")));
        assertThrows(IllegalStateException.class, () -> RubydebugOutput.events("{\n  \"message\" : \"hello world\"\n}\n"));
    }
}
