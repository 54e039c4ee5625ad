package io.logpipe.indexer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpipe.devstack.Poll;
import io.logpipe.devstack.SharedServers;
import io.logpipe.devstack.quarkus.ElasticsearchTestResource;
import io.logpipe.devstack.quarkus.RedisTestResource;
import io.logpipe.indexer.config.IndexerConfig;
import io.logpipe.indexer.template.IndexTemplate;
import io.logpipe.indexer.testing.Events;
import io.logpipe.indexer.testing.Stores;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The indexer draining the real Redis into the real Elasticsearch, inside the test JVM. */
@QuarkusTest
@TestProfile(IndexerTestProfile.class)
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ElasticsearchTestResource.class, restrictToAnnotatedClass = true)
class IndexingTest {
    private static final String KEY = IndexerTestProfile.KEY;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration EVERY = Duration.ofMillis(100);

    @Inject
    RestClient elasticsearch;
    @Inject
    ObjectMapper json;

    private final Stores stores = new Stores(SharedServers.redis(), SharedServers.elasticsearch());

    @TestHTTPResource("/q/health/ready")
    URI ready;
    @TestHTTPResource("/q/health/live")
    URI live;
    @TestHTTPResource("/q/metrics")
    URI metrics;

    private static String run() {
        return "run" + System.nanoTime();
    }

    private void awaitNothingInFlight() {
        Poll.until("main and in-flight lists empty", WAIT, EVERY,
                () -> stores.llen(KEY) == 0 && stores.keys("{" + KEY + "}:inflight:*").isEmpty(),
                () -> " main=" + stores.llen(KEY) + " in-flight=" + stores.keys("{" + KEY + "}:inflight:*"));
    }

    @Test
    void eventsLandInTheDailyIndexOfTheirUtcTimestamp() {
        String run = run();
        stores.push(KEY, List.of(
                Events.event(run, run + "-a", "2026-11-23T23:59:59.999Z", 1),
                Events.event(run, run + "-b", "2026-11-24T00:00:00.000Z", 2),
                Events.event(run, run + "-c", "2026-11-24T00:30:00.000+01:00", 3),
                Events.event(run, run + "-d", "2026-11-24T18:00:00Z", 4)));
        Poll.until("4 events indexed", WAIT, EVERY, () -> stores.countRun("logstash-*", run) == 4);
        assertEquals(2, stores.countRun("logstash-2026.11.23", run), "23:59:59.999Z and 00:30+01:00 are the 23rd in UTC");
        assertEquals(2, stores.countRun("logstash-2026.11.24", run));
        JsonNode doc = stores.es("GET", "/logstash-2026.11.24/_doc/" + run + "-b", null);
        assertTrue(doc.path("found").asBoolean(), "the document id is event.id");
        assertEquals("2026-11-24T00:00:00.000Z", doc.path("_source").path("@timestamp").asText());
        awaitNothingInFlight();
    }

    @Test
    void eventsWrittenByOthersAreAllIndexed() {
        String run = run();
        String legacy = "{\"@timestamp\":\"2026-11-24T09:00:00.000Z\",\"@version\":\"1\",\"host\":\"web-1\","
                + "\"path\":\"/var/log/nginx/access.log\",\"type\":\"nginx\",\"message\":\"legacy " + run + "\"}";
        String filebeat = "{\"@timestamp\":\"2026-11-24T09:00:01.000Z\",\"@metadata\":{\"beat\":\"filebeat\",\"type\":\"_doc\","
                + "\"version\":\"8.19.0\"},\"log\":{\"offset\":77,\"file\":{\"path\":\"/var/log/syslog\"}},\"message\":\"filebeat " + run
                + "\",\"input\":{\"type\":\"filestream\"},\"ecs\":{\"version\":\"8.0.0\"},\"host\":{\"name\":\"web-2\"},"
                + "\"agent\":{\"type\":\"filebeat\",\"version\":\"8.19.0\"}}";
        String hello = "{\"message\":\"hello world " + run + "\"}";
        String bare = "bare string " + run;
        String invalid = "{\"message\":\"invalid json " + run + "\",";
        stores.push(KEY, List.of(legacy, filebeat, hello, bare, invalid));
        String query = "{\"match\":{\"message\":\"" + run + "\"}}";
        Poll.until("5 foreign events indexed", WAIT, EVERY, () -> stores.count("logstash-*", query) == 5,
                () -> " found " + stores.count("logstash-*", query) + "; dead letters " + stores.range("{" + KEY + "}:dead"));
        Map<String, JsonNode> byKind = new java.util.HashMap<>();
        for (JsonNode doc : stores.search("logstash-*", query, 10)) {
            byKind.put(doc.path("message").asText().split(" ")[0], doc);
        }
        assertEquals("web-1", byKind.get("legacy").path("host").path("name").asText());
        assertEquals("/var/log/nginx/access.log", byKind.get("legacy").path("log").path("file").path("path").asText());
        assertEquals("[\"_legacy_renamed\"]", byKind.get("legacy").path("tags").toString());
        assertFalse(byKind.get("filebeat").has("@metadata"));
        assertEquals(77, byKind.get("filebeat").path("log").path("offset").asInt());
        assertTrue(byKind.get("hello").has("@timestamp"));
        assertEquals("[\"_jsonparsefailure\"]", byKind.get("bare").path("tags").toString());
        assertEquals("[\"_jsonparsefailure\"]", byKind.get("{\"message\":\"invalid").path("tags").toString());
        awaitNothingInFlight();
    }

    @Test
    void theIndexTemplateIsInstalledWithEcsMappings() {
        JsonNode template = stores.es("GET", "/_index_template/logstash", null).path("index_templates").path(0).path("index_template");
        assertEquals("[\"logstash-*\"]", template.path("index_patterns").toString());
        assertEquals(1, template.path("version").asInt());
        JsonNode properties = template.path("template").path("mappings").path("properties");
        assertEquals("date", properties.path("@timestamp").path("type").asText());
        assertEquals("text", properties.path("message").path("type").asText());
        assertEquals("keyword", properties.path("host").path("properties").path("name").path("type").asText());
        assertEquals("keyword", properties.path("log").path("properties").path("file").path("properties").path("path").path("type").asText());
        assertEquals("long", properties.path("log").path("properties").path("offset").path("type").asText());
        assertEquals("keyword", properties.path("event").path("properties").path("id").path("type").asText());
        assertEquals("keyword", properties.path("tags").path("type").asText());
        assertEquals("keyword", properties.path("type").path("type").asText());
        assertEquals("0", template.path("template").path("settings").path("index").path("number_of_replicas").asText());

        String run = run();
        stores.push(KEY, List.of(Events.event(run, run + "-1", "2026-10-01T10:00:00Z", 1)));
        Poll.until("event indexed", WAIT, EVERY, () -> stores.countRun("logstash-2026.10.01", run) == 1);
        JsonNode mapping = stores.es("GET", "/logstash-2026.10.01/_mapping", null).path("logstash-2026.10.01").path("mappings");
        assertEquals("long", mapping.path("properties").path("log").path("properties").path("offset").path("type").asText(),
                "a new daily index takes its mappings from the template");
    }

    @Test
    void theTemplateIsReplacedWhenAbsentOlderOrDifferentAndKeptWhenNewer() throws Exception {
        IndexTemplate template = new IndexTemplate(elasticsearch, json, templateConfig(1), "tpltest-");
        assertEquals("tpltest", template.name());
        stores.es("DELETE", "/_index_template/tpltest", null);
        assertTrue(template.install(), "absent");
        assertFalse(template.install(), "same version, same settings");
        assertTrue(new IndexTemplate(elasticsearch, json, templateConfig(2), "tpltest-").install(), "settings changed");
        assertEquals("2", stores.es("GET", "/_index_template/tpltest", null).path("index_templates").path(0)
                .path("index_template").path("template").path("settings").path("index").path("number_of_shards").asText());

        stores.es("PUT", "/_index_template/tpltest", "{\"index_patterns\":[\"tpltest-*\"],\"priority\":200,\"version\":0}");
        assertTrue(template.install(), "older version");
        stores.es("PUT", "/_index_template/tpltest", "{\"index_patterns\":[\"tpltest-*\"],\"priority\":200,\"version\":"
                + (IndexTemplate.VERSION + 1) + "}");
        assertFalse(template.install(), "a newer indexer's template is left alone");
        assertEquals(IndexTemplate.VERSION + 1, stores.es("GET", "/_index_template/tpltest", null).path("index_templates").path(0)
                .path("index_template").path("version").asInt());
        stores.es("DELETE", "/_index_template/tpltest", null);
    }

    private static IndexerConfig.Template templateConfig(int shards) {
        return new IndexerConfig.Template() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public Optional<String> name() {
                return Optional.empty();
            }

            @Override
            public int shards() {
                return shards;
            }

            @Override
            public int replicas() {
                return 0;
            }

            @Override
            public String refreshInterval() {
                return "1s";
            }
        };
    }

    @Test
    void theReaperReturnsADeadConsumersInFlightListToTheQueue() {
        String run = run();
        String ghost = "ghost-" + run;
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(Events.event(run, run + "-" + i, "2026-11-24T11:00:00Z", i));
        }
        // A consumer that claimed three events and died a minute ago.
        stores.push("{" + KEY + "}:inflight:" + ghost, events);
        stores.redis("ZADD", "{" + KEY + "}:consumers", Long.toString(stores.redisTimeMillis() - 60_000), ghost);
        Poll.until("the ghost's events indexed by the live workers", WAIT, EVERY, () -> stores.countRun("logstash-2026.11.24", run) == 3);
        assertEquals(0L, stores.redis("EXISTS", "{" + KEY + "}:inflight:" + ghost));
        assertEquals(null, stores.redis("ZSCORE", "{" + KEY + "}:consumers", ghost), "the dead consumer is forgotten");
        assertTrue(stores.redis("ZSCORE", "{" + KEY + "}:consumers", "qt-0") != null, "the live workers keep beating");
        awaitNothingInFlight();
    }

    @Test
    void readyAndLiveAreUpAndMetricsAreExposed() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> readiness = http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, readiness.statusCode(), readiness.body());
        assertTrue(readiness.body().contains("Redis"), readiness.body());
        assertTrue(readiness.body().contains("Elasticsearch"), readiness.body());
        HttpResponse<String> liveness = http.send(HttpRequest.newBuilder(live).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, liveness.statusCode(), liveness.body());
        assertTrue(liveness.body().contains("indexer workers"), liveness.body());

        String run = run();
        stores.push(KEY, List.of(Events.event(run, run + "-m", "2026-11-24T12:00:00Z", 1)));
        Poll.until("event indexed", WAIT, EVERY, () -> stores.countRun("logstash-2026.11.24", run) == 1);
        String prometheus = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
        for (String name : new String[] {"indexer_events_indexed_total{result=\"created\"}", "indexer_events_retried_total",
                "indexer_events_dead_lettered_total", "indexer_bulk_seconds_count", "indexer_queue_length",
                "indexer_inflight_events"}) {
            assertTrue(prometheus.contains(name), name + " in\n" + prometheus);
        }
    }
}
