package io.logpipe.indexer.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Dead letters are logged once per index, status and error type per minute, the quiet ones counted. */
class DeadLetterLogTest {
    private static final String MAPPING = "{\"type\":\"document_parsing_exception\",\"reason\":\"failed to parse field [log.offset]\"}";

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<String> lines = new ArrayList<>();
    private final DeadLetterLog log = new DeadLetterLog(new ObjectMapper().getFactory(), now::get, lines::add);

    @Test
    void theFirstOfAReasonIsLoggedWithIndexStatusAndReason() {
        log.dead("logstash-2026.11.24", 400, MAPPING, null);
        assertEquals(List.of("event dead-lettered: index [logstash-2026.11.24], status 400, document_parsing_exception: "
                + "failed to parse field [log.offset]"), lines);
    }

    @Test
    void theSameReasonWithinAMinuteIsCountedAndReportedOnTheNextLine() {
        for (int i = 0; i < 5; i++) {
            log.dead("logstash-2026.11.24", 400, MAPPING, null);
            now.addAndGet(1_000_000_000L);
        }
        assertEquals(1, lines.size());
        now.addAndGet(DeadLetterLog.WINDOW_NANOS);
        log.dead("logstash-2026.11.24", 400, MAPPING, null);
        assertEquals(2, lines.size());
        assertTrue(lines.get(1).endsWith("(and 4 more for this index, status and error type in the last minute)"), lines.get(1));
    }

    @Test
    void anotherIndexStatusOrErrorTypeIsAnotherReason() {
        log.dead("logstash-2026.11.24", 400, MAPPING, null);
        log.dead("logstash-2026.11.25", 400, MAPPING, null);
        log.dead("logstash-2026.11.24", 409, MAPPING, null);
        log.dead("logstash-2026.11.24", 400, "{\"type\":\"illegal_argument_exception\",\"reason\":\"r\"}", null);
        log.dead("logstash-2026.11.24", 413, null, "HTTP 413");
        log.dead("logstash-2026.11.24", 400, MAPPING, null);
        assertEquals(5, lines.size(), lines.toString());
        assertTrue(lines.get(4).endsWith("status 413: HTTP 413"), lines.get(4));
    }

    @Test
    void withVeryManyReasonsTheQuietOnesAreForgottenAfterTheirCountIsLogged() {
        for (int i = 0; i < 1001; i++) {
            log.dead("logstash-app" + i + "-2026.11.24", 400, MAPPING, null);
            log.dead("logstash-app" + i + "-2026.11.24", 400, MAPPING, null);
        }
        assertEquals(1001, lines.size());
        now.addAndGet(DeadLetterLog.WINDOW_NANOS);
        log.dead("logstash-another-2026.11.24", 400, MAPPING, null);
        assertEquals(1001 + 1 + 1001, lines.size());
        assertEquals("event dead-lettered: index [logstash-app7-2026.11.24], status 400, document_parsing_exception: 1 more "
                + "in the minute after the last line for them", lines.stream().filter(l -> l.contains("app7-")).reduce((a, b) -> b).get());
        log.dead("logstash-app7-2026.11.24", 400, MAPPING, null);
        assertTrue(lines.get(lines.size() - 1).endsWith("failed to parse field [log.offset]"), "a new first line, nothing counted twice");
    }
}
