package io.logpipe.indexer.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.logpipe.indexer.index.DocumentBuilder;
import io.logpipe.indexer.index.IndexPattern;

/** {@code stdout { codec => rubydebug }}: what goes to Elasticsearch is printed as Logstash prints it. */
class DebugOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void printsEachDocumentInRubydebugAndNothingForADroppedOne() {
        DocumentBuilder builder = new DocumentBuilder(JSON, IndexPattern.compile("logstash-%{+YYYY.MM.dd}"), "create",
                Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Worker.Documents printing = DebugOutput.printing(builder::build, JSON, out);
        printing.build("{\"message\":\"hello world\",\"@timestamp\":\"2026-12-06T10:00:00.000Z\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals("{\n       \"message\" => \"hello world\",\n    \"@timestamp\" => 2026-12-06T10:00:00.000Z\n}\n",
                bytes.toString(StandardCharsets.UTF_8));

        Worker.Documents dropping = DebugOutput.printing(element -> null, JSON, out);
        bytes.reset();
        assertNull(dropping.build(new byte[] {'x'}));
        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
    }
}
