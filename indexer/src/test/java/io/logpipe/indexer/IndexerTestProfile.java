package io.logpipe.indexer;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The indexer under {@code @QuarkusTest}: its own list key and consumer id, short heartbeat and consumer timeout so
 * the reaper acts within seconds, no replicas (one node).
 */
public class IndexerTestProfile implements QuarkusTestProfile {
    public static final String KEY = "qt";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "indexer.redis.key", KEY,
                "indexer.consumer-id", "qt",
                "indexer.heartbeat-interval", "1s",
                "indexer.consumer-timeout", "3s",
                "quarkus.http.test-port", "0",
                "indexer.retry.max", "1s",
                "indexer.template.replicas", "0");
    }
}
