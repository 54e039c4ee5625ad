package io.logpipe.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpipe.devstack.ElasticsearchServer;
import io.logpipe.devstack.Poll;
import io.logpipe.devstack.RedisServer;
import io.logpipe.devstack.SharedServers;
import io.logpipe.e2e.support.AppLog;
import io.logpipe.e2e.support.LineWriter;
import io.logpipe.e2e.support.LogstashExamples;
import io.logpipe.e2e.support.RubydebugOutput;
import io.logpipe.e2e.support.RubydebugOutput.Event;
import io.logpipe.e2e.support.Search;
import io.logpipe.e2e.support.ServiceProcess;
import io.logpipe.e2e.support.Services;

/**
 * The classic setup's own two Logstash files ({@code examples/logstash/shipper.conf} and {@code indexer.conf}, as
 * that setup prints them but for the log file's path) run by the packaged services with {@code --config FILE}:
 * {@code hello world} typed on the shipper's standard input is printed in rubydebug by the shipper and by the
 * indexer and is searchable in {@code logstash-YYYY.MM.dd}; lines of a Java application's log, stack traces
 * included, arrive as multiline events.
 *
 * <p>The files name {@code localhost} (Redis on 6379, Elasticsearch on 9200); this test's Redis and Elasticsearch
 * are on free ports, so the services get the addresses as {@code -D} properties on top of the files, and the
 * log file's path as an environment variable ({@code SHIPPER_INPUTS_FILE_PATHS}, the file input being
 * {@code shipper.inputs.file.*}): the layering of properties and environment over the file, tested here because
 * nothing would arrive if the file's values won.
 */
class LogstashFilesIT {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC);
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration ARRIVE = Duration.ofSeconds(60);
    private static final String HOST = "web-1";

    @Test
    void theClassicFilesRunAsTheyAreHelloWorldIsPrintedByBothAndStackTracesArriveAsMultilineEvents() throws Exception {
        Path shipperConf = LogstashExamples.shipper();
        Path indexerConf = LogstashExamples.indexer();
        String shipperText = LogstashExamples.read(shipperConf);
        String indexerText = LogstashExamples.read(indexerConf);
        assertTrue(shipperText.contains(LogstashExamples.REDIS_HOST_LINE + "\n"), shipperText);
        assertTrue(shipperText.contains("path => \"" + LogstashExamples.LOG_PATH + "\""), shipperText);
        assertTrue(indexerText.contains(LogstashExamples.REDIS_HOST_LINE + "\n"), indexerText);
        assertTrue(indexerText.contains(LogstashExamples.ES_HOSTS_LINE + "\n"), indexerText);

        ElasticsearchServer es = SharedServers.elasticsearch();
        Search search = new Search(es);
        Path work = Services.workDir("logstash-files");
        Path log = work.resolve("app-logs").resolve("access.log");
        String run = "lsfiles" + System.nanoTime();

        try (RedisServer redis = RedisServer.builder().build().start()) {
            // What the files say (localhost:6379, localhost:9200) is not where this test's servers are.
            assertNotEquals(6379, redis.port(), "devstack's Redis happened to get 6379; the layering would not show");
            assertNotEquals(9200, es.port(), "devstack's Elasticsearch happened to get 9200; the layering would not show");

            // There before the shipper starts: start_position => beginning reads it from its first line.
            List<List<String>> written = new ArrayList<>();
            try (LineWriter app = LineWriter.append(log)) {
                for (int seq = 0; seq < 3; seq++) {
                    List<String> lines = AppLog.event(run, seq, seq == 1);
                    app.write(lines);
                    written.add(lines);
                }
            }

            try (ServiceProcess indexer = Services.indexer("indexer", work,
                    Map.of("quarkus.redis.hosts", redis.url(), "quarkus.elasticsearch.hosts", es.hostPort()), Map.of())
                    .withArgs("--config", indexerConf.toString());
                    ServiceProcess shipper = Services.shipper("shipper", work, Map.of("quarkus.redis.hosts", redis.url()),
                            Map.of("SHIPPER_INPUTS_FILE_PATHS", log.toString(), "HOSTNAME", HOST))
                            .withArgs("--config", shipperConf.toString())) {
                long started = System.nanoTime();
                indexer.startReady(START);
                shipper.startReady(START);
                System.out.printf("logstash-files: both services ready in %d ms%n", (System.nanoTime() - started) / 1_000_000);

                // The classic walkthrough: type hello world into the shipper.
                shipper.stdin().write("hello world\n".getBytes(StandardCharsets.UTF_8));
                shipper.stdin().flush();
                Event shipped = awaitPrinted(shipper, "hello world");
                String id = shipped.eventId().orElseThrow(() -> new AssertionError("no [event][id] in\n" + shipped.text()));
                assertTrue(shipped.fields().get("@timestamp").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
                        "the timestamp bare, as Logstash prints it:\n" + shipped.text());
                assertEquals("\"1\"", shipped.fields().get("@version"), shipped.text());
                Event indexed = awaitPrinted(indexer, "hello world");
                assertEquals(Optional.of(id), indexed.eventId(), "the indexer prints the event the shipper printed");
                assertEquals("\"redis\"", indexed.fields().get("type"), "the indexer's file: type => \"redis\"\n" + indexed.text());
                assertEquals(shipped.fields().get("@timestamp"), indexed.fields().get("@timestamp"));

                AtomicReference<JsonNode> hit = new AtomicReference<>();
                Poll.until("hello world searchable by its id " + id, ARRIVE, Duration.ofMillis(250), () -> {
                    search.refresh("logstash-*");
                    JsonNode hits = search.hitsOrNoneYet("logstash-*", "{\"query\":{\"ids\":{\"values\":[\"" + id + "\"]}}}");
                    hit.set(hits.size() == 1 ? hits.get(0) : null);
                    return hit.get() != null;
                }, () -> "\n" + shipper.logTail(30) + "\n" + indexer.logTail(30));
                JsonNode source = hit.get().path("_source");
                assertEquals("hello world", source.path("message").asText());
                String today = "logstash-" + DAY.format(Instant.parse(source.path("@timestamp").asText()));
                assertEquals(today, hit.get().path("_index").asText(), "index => \"logstash-%{+YYYY.MM.dd}\"");
                assertEquals(HOST, source.path("host").path("name").asText());
                assertEquals("redis", source.path("type").asText());

                // The application goes on writing: an error with its stack trace, then a line.
                try (LineWriter app = LineWriter.append(log)) {
                    for (int seq = 3; seq < 6; seq++) {
                        List<String> lines = AppLog.event(run, seq, seq == 4);
                        app.write(lines);
                        written.add(lines);
                    }
                }
                Set<String> expected = written.stream().map(AppLog::message).collect(Collectors.toCollection(TreeSet::new));
                String query = "{\"size\":100,\"query\":{\"match\":{\"message\":\"" + run + "\"}}}";
                AtomicReference<JsonNode> docs = new AtomicReference<>();
                // The last event waits for a next line or the multiline flush interval (logpipe's 5 s default:
                // the file sets no auto_flush_interval).
                Poll.until(expected.size() + " events of " + log, ARRIVE, Duration.ofMillis(500), () -> {
                    search.refresh("logstash-*");
                    docs.set(search.hitsOrNoneYet("logstash-*", query));
                    return docs.get().size() >= expected.size();
                }, () -> " (have " + docs.get() + ")\n" + shipper.logTail(30) + "\n" + indexer.logTail(30));
                Set<String> messages = new TreeSet<>();
                for (JsonNode doc : docs.get()) {
                    JsonNode s = doc.path("_source");
                    String message = s.path("message").asText();
                    messages.add(message);
                    boolean multiline = message.contains("\n");
                    List<String> tags = new ArrayList<>();
                    s.path("tags").forEach(t -> tags.add(t.asText()));
                    assertEquals(multiline ? List.of("multiline") : List.of(), tags, () -> "tags of " + doc);
                    assertEquals(log.toString(), s.path("log").path("file").path("path").asText(), () -> "path of " + doc);
                    assertEquals("logstash-" + DAY.format(Instant.parse(s.path("@timestamp").asText())), doc.path("_index").asText());
                    assertEquals("redis", s.path("type").asText());
                }
                assertEquals(expected, messages, "every event of the file, stack traces joined with \\n");
                assertEquals(2, messages.stream().filter(m -> m.contains("\n\tat ")).count(), "two stack traces");

                // The shipper printed the stack traces too, one event each, in rubydebug's quoting.
                for (List<String> event : written) {
                    String message = AppLog.message(event);
                    Event printed = awaitPrinted(shipper, message);
                    assertTrue(printed.text().contains("\"message\" => " + RubydebugOutput.quote(message)), printed.text());
                }
                System.out.printf("logstash-files: hello world printed by both services and indexed as %s in %s; %d file events "
                        + "(2 stack traces) indexed%n", id, today, expected.size());
            }
        }
    }

    /** Waits until {@code service} has printed an event whose message is {@code message}, in rubydebug. */
    private static Event awaitPrinted(ServiceProcess service, String message) {
        AtomicReference<Event> found = new AtomicReference<>();
        Poll.until(service.name() + " to print [" + message.lines().findFirst().orElse("") + "] in rubydebug", ARRIVE,
                Duration.ofMillis(200), () -> {
                    for (Event event : RubydebugOutput.events(service.logText())) {
                        if (event.string("message").equals(Optional.of(message))) {
                            found.set(event);
                            return true;
                        }
                    }
                    return false;
                }, () -> "\n" + service.logTail(60));
        assertFalse(found.get().text().isEmpty());
        return found.get();
    }
}
