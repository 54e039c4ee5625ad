package io.logpipe.indexer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpipe.devstack.Poll;
import io.logpipe.devstack.SharedServers;
import io.logpipe.devstack.quarkus.ElasticsearchTestResource;
import io.logpipe.devstack.quarkus.RedisTestResource;
import io.logpipe.indexer.testing.Events;
import io.logpipe.indexer.testing.Stores;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * One batch mixing good events with one Elasticsearch refuses (a field conflicting with the template's mapping)
 * and one whose index name is invalid: the good ones are indexed, the bad ones dead-lettered with the reason.
 */
@QuarkusTest
@TestProfile(DeadLetterTest.Profile.class)
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ElasticsearchTestResource.class, restrictToAnnotatedClass = true)
class DeadLetterTest {
    static final String KEY = "dl";

    /** One worker, so one RPUSH is one batch; the index name depends on a field. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "indexer.redis.key", KEY,
                    "indexer.consumer-id", "dl",
                    "indexer.workers", "1",
                    "indexer.index", "logstash-%{[fields][app]}-%{+YYYY.MM.dd}",
                    "indexer.template.replicas", "0",
                    "quarkus.http.test-port", "0");
        }
    }

    private final Stores stores = new Stores(SharedServers.redis(), SharedServers.elasticsearch());

    private static String event(String run, String id, String app, String offset) {
        return Events.event(run, id, "2026-11-24T10:00:00.000Z", 1)
                .replace("\"fields\":{\"team\":\"payments\"}", "\"fields\":{\"team\":\"payments\",\"app\":\"" + app + "\"}")
                .replace("\"offset\":1", "\"offset\":" + offset);
    }

    @Test
    void goodEventsAreIndexedAndTheTwoBadOnesDeadLetteredWithTheReason() throws Exception {
        String run = "run" + System.nanoTime();
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(event(run, run + "-good-" + i, "Shop", Integer.toString(i)));
        }
        batch.add(3, event(run, run + "-conflict", "shop", "\"not-a-number\""));
        batch.add(5, event(run, run + "-badname", "Bad App*", "7"));
        stores.push(KEY, batch);

        Poll.until("2 dead letters", Duration.ofSeconds(30), Duration.ofMillis(100), () -> stores.llen("{" + KEY + "}:dead") >= 2);
        Poll.until("5 good events indexed", Duration.ofSeconds(30), Duration.ofMillis(100),
                () -> stores.countRun("logstash-shop-2026.11.24", run) == 5);
        assertEquals(0, stores.llen(KEY));
        assertEquals(0L, stores.redis("EXISTS", "{" + KEY + "}:inflight:dl-0"), "the batch's in-flight list is deleted");
        assertEquals(List.of(), stores.keys("{" + KEY + "}:inflight:*"));

        Map<String, JsonNode> dead = new HashMap<>();
        for (String entry : stores.range("{" + KEY + "}:dead")) {
            JsonNode node = Stores.JSON.readTree(entry);
            dead.put(node.path("event").path("event").path("id").asText(), node);
        }
        assertEquals(2, dead.size(), dead.toString());
        JsonNode conflict = dead.get(run + "-conflict");
        assertEquals("logstash-shop-2026.11.24", conflict.path("index").asText());
        assertEquals(400, conflict.path("status").asInt());
        assertEquals("document_parsing_exception", conflict.path("error").path("type").asText(), conflict.toString());
        assertTrue(conflict.path("error").toString().contains("log.offset"), conflict.toString());
        assertEquals("\"not-a-number\"", conflict.path("event").path("log").path("offset").toString(), "the event as it was");
        assertTrue(conflict.has("@timestamp"));

        JsonNode badName = dead.get(run + "-badname");
        assertEquals("logstash-bad app*-2026.11.24", badName.path("index").asText());
        assertEquals(400, badName.path("status").asInt());
        assertEquals("invalid_index_name_exception", badName.path("error").path("type").asText());
        assertTrue(badName.path("error").path("reason").asText().contains("must not contain"), badName.toString());
        assertEquals("Bad App*", badName.path("event").path("fields").path("app").asText());
    }
}
