package io.logpipe.indexer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpipe.devstack.Poll;
import io.logpipe.devstack.RedisServer;
import io.logpipe.devstack.SearchServer;
import io.logpipe.devstack.SharedServers;
import io.logpipe.indexer.testing.Stores;

/**
 * The filter stage in the packaged indexer, on real Redis and Elasticsearch: conditionals route access lines to
 * grok + date + mutate and JSON lines to json; the documents carry the fields and types the filters give and
 * land in the daily index of the event's own time; a dropped event is acknowledged; a broken file stops the
 * start-up with its line and column.
 */
class FiltersIT {
    private static final String FILTERS = """
            # the classic indexer's filter block, routed by type
            filter {
              if [type] == "access" {
                grok { match => { "message" => "%{COMBINEDAPACHELOG}" } }
                date { match => [ "timestamp", "dd/MMM/yyyy:HH:mm:ss Z" ] }
                mutate { convert => { "bytes" => "integer" } }
              } else if [message] =~ /^\\{/ {
                json { source => "message" remove_field => [ "message" ] }
              }
              if [level] == "debug" {
                drop { }
              }
            }
            """;

    private static String event(String id, String type, String message) {
        return "{\"@timestamp\":\"2026-12-06T00:00:05.000Z\",\"message\":" + Stores.JSON.valueToTree(message)
                + ",\"host\":{\"name\":\"web-1\"},\"event\":{\"id\":\"" + id + "\"},\"type\":\"" + type + "\"}";
    }

    @Test
    void accessLinesAndJsonLinesAreParsedIntoTheirOwnDaysIndex(@TempDir Path dir) throws Exception {
        RedisServer redis = SharedServers.redis();
        SearchServer es = SharedServers.search();
        Stores stores = new Stores(redis, es);
        String key = "it-filters";
        Path file = dir.resolve("filters.conf");
        Files.writeString(file, FILTERS);

        List<String> elements = new ArrayList<>();
        elements.add(event("access-1", "access", "203.0.113.9 - frank [05/Dec/2026:23:59:30 +0000] "
                + "\"GET /apache_pb.gif HTTP/1.0\" 200 2326 \"http://www.example.com/start.html\" \"Mozilla/4.08\""));
        elements.add(event("access-2", "access", "not an access line"));
        elements.add(event("app-1", "app", "{\"level\":\"error\",\"user\":\"alice\",\"took_ms\":12}"));
        elements.add(event("app-2", "app", "{\"level\":\"debug\",\"user\":\"bob\"}"));
        elements.add("a line that is not JSON at all");
        stores.push(key, elements);

        try (IndexerProcess indexer = IndexerProcess.of("filters", key, redis, es,
                Map.of("indexer.filter.path", file.toString())).startReady()) {
            Poll.until("the list drained", Duration.ofSeconds(60), Duration.ofMillis(200),
                    () -> stores.llen(key) == 0 && stores.keys("{" + key + "}:inflight:*").isEmpty());
            assertEquals(1.0, indexer.metric("indexer_events_dropped_total{reason=\"filter\"}"), "the debug line");
            assertEquals(2.0, indexer.metric("indexer_filter_events_in_total{id=\"grok_1\",plugin=\"grok\"}"),
                    "both access lines");
            assertEquals(1.0, indexer.metric("indexer_filter_failures_total{id=\"grok_1\",plugin=\"grok\"}"));
            assertEquals(143, indexer.stop());
        }

        stores.refresh(key + "-*");
        JsonNode access = only(stores, key + "-2026.12.05", "access-1");
        assertEquals("2026-12-05T23:59:30.000Z", access.get("@timestamp").asText(), "the line's own time");
        assertEquals("203.0.113.9", access.get("clientip").asText());
        assertEquals("GET", access.get("verb").asText());
        assertTrue(access.get("bytes").isIntegralNumber(), "bytes converted: " + access.get("bytes"));
        assertEquals(2326, access.get("bytes").asInt());
        assertEquals("200", access.get("response").asText());

        JsonNode failed = only(stores, key + "-2026.12.06", "access-2");
        assertEquals("[\"_grokparsefailure\"]", failed.get("tags").toString());
        assertEquals("not an access line", failed.get("message").asText());

        JsonNode app = only(stores, key + "-2026.12.06", "app-1");
        assertEquals("error", app.get("level").asText());
        assertEquals(12, app.get("took_ms").asInt());
        assertTrue(app.get("took_ms").isIntegralNumber());
        assertTrue(!app.has("message"), "removed after a successful parse");

        assertEquals(0, stores.count(key + "-*", "{\"term\":{\"event.id\":\"app-2\"}}"), "dropped");
        List<JsonNode> text = stores.search(key + "-*", "{\"term\":{\"tags\":\"_jsonparsefailure\"}}", 10);
        assertEquals(1, text.size());
        assertEquals("a line that is not JSON at all", text.get(0).get("message").asText());
        assertEquals(4, stores.count(key + "-*", "{\"match_all\":{}}"));
        assertEquals(0, stores.llen("{" + key + "}:dead"));
    }

    @Test
    void aBrokenFilterFileStopsTheStartUpWithItsLineAndColumn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.conf");
        Files.writeString(file, "filter {\n  grok {\n    match => { \"message\" => \"%{IP:client}\" }\n    colour => red\n  }\n}\n");
        try (IndexerProcess indexer = IndexerProcess.of("broken-filters", "it-broken-filters", SharedServers.redis(),
                SharedServers.search(), Map.of("indexer.filter.path", file.toString())).start()) {
            assertNotEquals(0, indexer.awaitExit(Duration.ofSeconds(60)));
            String log = indexer.allLogs();
            assertTrue(log.contains(file + ":4:5: grok has no option colour"), log);
        }
    }

    private static JsonNode only(Stores stores, String index, String id) {
        List<JsonNode> hits = stores.search(index, "{\"term\":{\"event.id\":\"" + id + "\"}}", 2);
        assertEquals(1, hits.size(), id + " in " + index);
        return hits.get(0);
    }
}
