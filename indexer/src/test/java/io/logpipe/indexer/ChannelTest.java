package io.logpipe.indexer;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.logpipe.devstack.Poll;
import io.logpipe.devstack.SharedServers;
import io.logpipe.indexer.testing.Events;
import io.logpipe.indexer.testing.Stores;
import io.logpipe.devstack.quarkus.ElasticsearchTestResource;
import io.logpipe.devstack.quarkus.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** {@code data-type=channel}: messages published while the indexer is subscribed are indexed. */
@QuarkusTest
@TestProfile(ChannelTest.Profile.class)
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ElasticsearchTestResource.class, restrictToAnnotatedClass = true)
class ChannelTest {
    static final String CHANNEL = "ch";

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "indexer.redis.key", CHANNEL,
                    "indexer.redis.data-type", "channel",
                    "indexer.consumer-id", "ch",
                    "indexer.template.replicas", "0",
                    "quarkus.http.test-port", "0");
        }
    }

    private final Stores stores = new Stores(SharedServers.redis(), SharedServers.elasticsearch());

    @Test
    void publishedMessagesAreIndexedWhileSubscribed() {
        Poll.until("the indexer subscribed", Duration.ofSeconds(30), Duration.ofMillis(100),
                () -> ((java.util.List<?>) stores.redis("PUBSUB", "NUMSUB", CHANNEL)).get(1).equals(1L));
        String run = "run" + System.nanoTime();
        for (int i = 0; i < 20; i++) {
            stores.redis("PUBLISH", CHANNEL, Events.event(run, run + "-" + i, "2026-11-24T13:00:00Z", i));
        }
        stores.redis("PUBLISH", CHANNEL, "not json " + run);
        Poll.until("21 messages indexed", Duration.ofSeconds(30), Duration.ofMillis(100),
                () -> stores.count("logstash-2026.11.24", "{\"term\":{\"labels.run\":\"" + run + "\"}}") == 20
                        && stores.count("logstash-*", "{\"match\":{\"message\":\"" + run + "\"}}") == 1);
    }
}
