package io.logpipe.indexer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Nothing configured: Dev Services start Redis and Elasticsearch for the application under test (containers where a
 * container runtime exists, otherwise devstack processes, see devservices/), and it reaches them through the Quarkus
 * clients.
 */
@QuarkusTest
@io.quarkus.test.junit.TestProfile(IndexerTestProfile.class)
class DevServicesTest {

    @Inject
    RedisDataSource redis;

    @Inject
    RestClient elasticsearch;

    @Inject
    ObjectMapper json;

    @Test
    void redisTakesAThousandElementsAndAScript() {
        String key = "devstack-test:" + System.nanoTime();
        String[] elements = IntStream.range(0, 1000).mapToObj(i -> "e" + i).toArray(String[]::new);
        assertEquals(1000L, redis.list(String.class).rpush(key, elements));
        List<String> popped = redis.list(String.class).lpop(key, 1000);
        assertEquals(List.of(elements), popped);
        String[] eval = new String[elements.length + 2];
        eval[0] = "return #ARGV";
        eval[1] = "0";
        System.arraycopy(elements, 0, eval, 2, elements.length);
        assertEquals(1000, redis.execute("EVAL", eval).toInteger());
    }

    @Test
    void elasticsearchCountsAThousandBulkDocuments() throws Exception {
        String run = "run" + System.nanoTime();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            body.append("{\"create\":{\"_index\":\"logstash-2026.11.24\",\"_id\":\"wiring-").append(i).append("\"}}\n")
                    .append("{\"@timestamp\":\"2026-11-24T12:00:00.000Z\",\"labels\":{\"run\":\"").append(run)
                    .append("\"},\"message\":\"hello ").append(i).append("\"}\n");
        }
        Request bulk = new Request("POST", "/_bulk");
        bulk.addParameter("refresh", "true");
        bulk.setJsonEntity(body.toString());
        JsonNode result = read(elasticsearch.performRequest(bulk));
        assertFalse(result.get("errors").asBoolean(), result.toString());
        assertEquals(1000, result.get("items").size());

        Request count = new Request("GET", "/logstash-2026.11.24/_count");
        count.setJsonEntity("{\"query\":{\"match\":{\"labels.run\":\"" + run + "\"}}}");
        assertEquals(1000, read(elasticsearch.performRequest(count)).get("count").asInt());
    }

    private JsonNode read(Response response) throws Exception {
        return json.readTree(EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8));
    }
}
