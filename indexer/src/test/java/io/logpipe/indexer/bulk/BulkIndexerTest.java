package io.logpipe.indexer.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.logpipe.common.Backoff;
import io.logpipe.indexer.index.Document;
import io.logpipe.indexer.index.DocumentBuilder;
import io.logpipe.indexer.index.IndexPattern;

/**
 * The retry, split and dead-letter rules of one batch, against an Elasticsearch stand-in that answers from a
 * script (the same rules against the real server are in the integration tests).
 */
class BulkIndexerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T08:00:00Z"), ZoneOffset.UTC);

    /** Answers each request with the next scripted function of the request's documents (ids). */
    private static final class ScriptedElasticsearch implements BulkTransport {
        final Deque<Function<List<String>, Object>> answers = new ArrayDeque<>();
        final List<List<String>> requests = new ArrayList<>();

        @Override
        public Reply post(byte[] body, int offset, int length) throws IOException {
            String ndjson = new String(body, offset, length, StandardCharsets.UTF_8);
            assertTrue(ndjson.endsWith("\n"));
            String[] lines = ndjson.split("\n");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < lines.length; i += 2) {
                JsonNode action = JSON.readTree(lines[i]);
                ids.add(action.elements().next().path("_id").asText());
                JSON.readTree(lines[i + 1]); // every source line is one JSON document
            }
            requests.add(ids);
            Object answer = answers.removeFirst().apply(ids);
            if (answer instanceof IOException e) {
                throw e;
            }
            return (Reply) answer;
        }
    }

    /** Records waits instead of sleeping; gives up after {@code giveUpAfter} waits. */
    private static final class RecordedPacing implements Pacing {
        final List<Duration> waits = new ArrayList<>();
        int giveUpAfter = Integer.MAX_VALUE;

        @Override
        public boolean pause(Duration wait) {
            waits.add(wait);
            return waits.size() < giveUpAfter;
        }

        @Override
        public boolean giveUp() {
            return waits.size() >= giveUpAfter;
        }
    }

    private final ScriptedElasticsearch es = new ScriptedElasticsearch();
    private final RecordedPacing pacing = new RecordedPacing();
    private final BulkIndexer bulk = new BulkIndexer(es, JSON.getFactory(),
            new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), () -> 0.0), pacing, BulkMetrics.NONE, CLOCK,
            new DeadLetterLog(JSON.getFactory()));

    private static List<Document> docs(int n) {
        DocumentBuilder builder = new DocumentBuilder(JSON, IndexPattern.compile("logstash-%{+YYYY.MM.dd}"), "create", CLOCK);
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            docs.add(builder.build(("{\"@timestamp\":\"2026-11-24T10:00:00Z\",\"event\":{\"id\":\"e" + i + "\"},\"message\":\"m" + i
                    + "\"}").getBytes(StandardCharsets.UTF_8)));
        }
        return docs;
    }

    /** A 200 bulk answer with one item per id, status from {@code status(id)}. */
    private static BulkTransport.Reply items(List<String> ids, Function<String, Integer> status) {
        StringBuilder body = new StringBuilder("{\"took\":3,\"errors\":true,\"items\":[");
        for (int i = 0; i < ids.size(); i++) {
            int s = status.apply(ids.get(i));
            body.append(i == 0 ? "" : ",").append("{\"create\":{\"_index\":\"logstash-2026.11.24\",\"_id\":\"").append(ids.get(i))
                    .append("\",\"status\":").append(s);
            if (s >= 300) {
                body.append(",\"error\":{\"type\":\"").append(s == 400 ? "document_parsing_exception" : "es_rejected_execution_exception")
                        .append("\",\"reason\":\"because ").append(ids.get(i)).append("\"}");
            }
            body.append("}}");
        }
        return new BulkTransport.Reply(200, body.append("]}").toString().getBytes(StandardCharsets.UTF_8));
    }

    private static BulkTransport.Reply allCreated(List<String> ids) {
        return new BulkTransport.Reply(200, "{\"errors\":false,\"took\":1,\"items\":[]}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void onlyItemsAnswered429Or5xxAreSentAgainAfterABackoff() {
        es.answers.add(ids -> items(ids, id -> id.equals("e1") ? 429 : id.equals("e2") ? 503 : 201));
        es.answers.add(ids -> items(ids, id -> id.equals("e2") ? 500 : 201));
        es.answers.add(BulkIndexerTest::allCreated);
        BulkIndexer.Result result = bulk.index(docs(4));
        assertEquals(List.of(List.of("e0", "e1", "e2", "e3"), List.of("e1", "e2"), List.of("e2")), es.requests);
        assertEquals(List.of(Duration.ofMillis(50), Duration.ofMillis(100)), pacing.waits, "backoff doubles");
        assertEquals(4, result.indexed());
        assertTrue(result.deadLetters().isEmpty());
        assertFalse(result.abandoned());
    }

    @Test
    void aConflictOnCreateMeansAlreadyIndexed() {
        es.answers.add(ids -> items(ids, id -> 409));
        BulkIndexer.Result result = bulk.index(docs(3));
        assertEquals(3, result.indexed());
        assertEquals(1, es.requests.size());
        assertTrue(pacing.waits.isEmpty());
    }

    @Test
    void anItemRefusedWith4xxIsDeadLetteredWithTheEventIndexStatusAndError() throws Exception {
        es.answers.add(ids -> items(ids, id -> id.equals("e1") ? 400 : 201));
        BulkIndexer.Result result = bulk.index(docs(3));
        assertEquals(1, es.requests.size());
        assertEquals(2, result.indexed());
        assertEquals(1, result.deadLetters().size());
        JsonNode dead = JSON.readTree(result.deadLetters().get(0));
        assertEquals("m1", dead.path("event").path("message").asText());
        assertEquals("logstash-2026.11.24", dead.path("index").asText());
        assertEquals(400, dead.path("status").asInt());
        assertEquals("document_parsing_exception", dead.path("error").path("type").asText());
        assertEquals("2026-11-25T08:00:00.000Z", dead.path("@timestamp").asText());
    }

    @Test
    void aRequestWithoutAnswerOr5xxIsSentAgainWhole() {
        es.answers.add(ids -> new ConnectException("Connection refused"));
        es.answers.add(ids -> new BulkTransport.Reply(503, "{\"error\":\"unavailable\"}".getBytes(StandardCharsets.UTF_8)));
        es.answers.add(ids -> new BulkTransport.Reply(429, new byte[0]));
        es.answers.add(BulkIndexerTest::allCreated);
        BulkIndexer.Result result = bulk.index(docs(5));
        assertEquals(4, es.requests.size());
        es.requests.forEach(r -> assertEquals(5, r.size()));
        assertEquals(3, pacing.waits.size());
        assertEquals(5, result.indexed());
    }

    @Test
    void aBatchTooLargeIsSplitUntilItFitsAndADocumentTooLargeAloneIsDeadLettered() throws Exception {
        // Elasticsearch takes at most two documents per request, and never e2.
        Function<List<String>, Object> limit = ids -> ids.size() > 2 || ids.contains("e2")
                ? new BulkTransport.Reply(413, new byte[0]) : allCreated(ids);
        for (int i = 0; i < 10; i++) {
            es.answers.add(limit);
        }
        BulkIndexer.Result result = bulk.index(docs(5));
        assertEquals(List.of(List.of("e0", "e1", "e2", "e3", "e4"), List.of("e0", "e1"), List.of("e2", "e3", "e4"),
                List.of("e2"), List.of("e3", "e4")), es.requests);
        assertEquals(4, result.indexed());
        assertEquals(1, result.deadLetters().size());
        JsonNode dead = JSON.readTree(result.deadLetters().get(0));
        assertEquals(413, dead.path("status").asInt());
        assertEquals("e2", dead.path("event").path("event").path("id").asText());
        assertTrue(pacing.waits.isEmpty());
    }

    @Test
    void aDocumentWithAnInvalidIndexNameIsDeadLetteredWithoutBeingSent() throws Exception {
        DocumentBuilder byApp = new DocumentBuilder(JSON, IndexPattern.compile("logs-%{app}"), "create", CLOCK);
        List<Document> docs = List.of(byApp.build("{\"@timestamp\":\"2026-11-24T10:00:00Z\",\"app\":\"ok\"}".getBytes(StandardCharsets.UTF_8)),
                byApp.build("{\"@timestamp\":\"2026-11-24T10:00:00Z\",\"app\":\"Not OK\"}".getBytes(StandardCharsets.UTF_8)));
        es.answers.add(BulkIndexerTest::allCreated);
        BulkIndexer.Result result = bulk.index(docs);
        assertEquals(1, es.requests.get(0).size());
        JsonNode dead = JSON.readTree(result.deadLetters().get(0));
        assertEquals("logs-not ok", dead.path("index").asText());
        assertEquals("invalid_index_name_exception", dead.path("error").path("type").asText());
        assertEquals("Not OK", dead.path("event").path("app").asText());
    }

    @Test
    void atTheShutdownDeadlineTheBatchIsAbandonedNotSettled() {
        pacing.giveUpAfter = 2;
        for (int i = 0; i < 5; i++) {
            es.answers.add(ids -> new ConnectException("Connection refused"));
        }
        BulkIndexer.Result result = bulk.index(docs(2));
        assertTrue(result.abandoned());
        assertEquals(2, es.requests.size());
        assertTrue(result.deadLetters().isEmpty());
    }

    @Test
    void aPrettyPrintedEventTravelsOnOneLineOfTheBody() {
        DocumentBuilder builder = new DocumentBuilder(JSON, IndexPattern.compile("logstash-%{+YYYY.MM.dd}"), "create", CLOCK);
        Document pretty = builder.build("{\n  \"@timestamp\": \"2026-11-24T10:00:00Z\",\r\n  \"event\": {\"id\": \"p1\"}\n}\n"
                .getBytes(StandardCharsets.UTF_8));
        es.answers.add(BulkIndexerTest::allCreated);
        BulkIndexer.Result result = bulk.index(List.of(pretty, docs(1).get(0)));
        assertEquals(List.of(List.of("p1", "e0")), es.requests, "two documents, four lines, each line JSON");
        assertEquals(2, result.indexed());
    }

    @Test
    void aSuccessfulAnswerWithTheWrongNumberOfItemsIsRetriedNotTrusted() {
        es.answers.add(ids -> items(ids.subList(0, 1), id -> 201));
        es.answers.add(BulkIndexerTest::allCreated);
        BulkIndexer.Result result = bulk.index(docs(2));
        assertEquals(2, es.requests.size());
        assertEquals(2, result.indexed());
    }
}
