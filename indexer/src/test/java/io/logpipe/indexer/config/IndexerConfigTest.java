package io.logpipe.indexer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The public configuration names, their defaults, and that environment variables set them (Kubernetes). */
class IndexerConfigTest {

    private static IndexerConfig load(Map<String, String> env) {
        // As Quarkus builds it: its Duration converter ("30s"), expressions, only the given environment.
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(IndexerConfig.class)
                .withSources(new EnvConfigSource(env, 300))
                .build();
        return config.getConfigMapping(IndexerConfig.class);
    }

    @Test
    void defaultsAreThoseOfTheIssue() {
        IndexerConfig c = load(Map.of());
        assertEquals("logstash", c.redis().key());
        assertEquals(IndexerConfig.DataType.LIST, c.redis().dataType());
        assertEquals(1000, c.batchSize());
        assertEquals(4, c.workers());
        assertEquals(Optional.empty(), c.consumerId());
        assertEquals(Duration.ofSeconds(30), c.consumerTimeout());
        assertEquals(Duration.ofSeconds(5), c.heartbeatInterval());
        assertEquals("logstash-%{+YYYY.MM.dd}", c.index());
        assertEquals(IndexerConfig.Action.CREATE, c.action());
        assertEquals("{logstash}:dead", RedisKeys.of(c).dead());
        assertTrue(c.template().enabled());
        assertEquals(Optional.empty(), c.template().name(), "derived from the index pattern: logstash");
        assertEquals(1, c.template().shards());
        assertEquals(1, c.template().replicas());
        assertEquals("1s", c.template().refreshInterval());
        assertEquals(Duration.ofMillis(100), c.retry().initial());
        assertEquals(Duration.ofSeconds(30), c.retry().max());
        assertEquals(Duration.ofSeconds(30), c.shutdownTimeout());
    }

    @Test
    void environmentVariablesSetEveryProperty() {
        IndexerConfig c = load(Map.ofEntries(
                Map.entry("INDEXER_REDIS_KEY", "applogs"),
                Map.entry("INDEXER_REDIS_DATA_TYPE", "channel"),
                Map.entry("INDEXER_BATCH_SIZE", "250"),
                Map.entry("INDEXER_WORKERS", "4"),
                Map.entry("INDEXER_CONSUMER_ID", "indexer-7f9c"),
                Map.entry("INDEXER_CONSUMER_TIMEOUT", "10s"),
                Map.entry("INDEXER_HEARTBEAT_INTERVAL", "2s"),
                Map.entry("INDEXER_INDEX", "app-%{type}-%{+YYYY.MM}"),
                Map.entry("INDEXER_ACTION", "index"),
                Map.entry("INDEXER_TEMPLATE_ENABLED", "false"),
                Map.entry("INDEXER_TEMPLATE_NAME", "app"),
                Map.entry("INDEXER_TEMPLATE_SHARDS", "3"),
                Map.entry("INDEXER_TEMPLATE_REPLICAS", "0"),
                Map.entry("INDEXER_TEMPLATE_REFRESH_INTERVAL", "30s"),
                Map.entry("INDEXER_RETRY_INITIAL", "250ms"),
                Map.entry("INDEXER_RETRY_MAX", "1m"),
                Map.entry("QUARKUS_SHUTDOWN_TIMEOUT", "45s")));
        assertEquals("applogs", c.redis().key());
        assertEquals(IndexerConfig.DataType.CHANNEL, c.redis().dataType());
        assertEquals(250, c.batchSize());
        assertEquals(4, c.workers());
        assertEquals(List.of("indexer-7f9c-0", "indexer-7f9c-1", "indexer-7f9c-2", "indexer-7f9c-3"),
                ConsumerIds.of(ConsumerIds.base(c.consumerId()), c.workers()));
        assertEquals(Duration.ofSeconds(10), c.consumerTimeout());
        assertEquals(Duration.ofSeconds(2), c.heartbeatInterval());
        assertEquals("app-%{type}-%{+YYYY.MM}", c.index());
        assertEquals("index", c.action().bulkName());
        assertEquals("{applogs}:dead", RedisKeys.of(c).dead());
        assertFalse(c.template().enabled());
        assertEquals(Optional.of("app"), c.template().name());
        assertEquals(3, c.template().shards());
        assertEquals(0, c.template().replicas());
        assertEquals("30s", c.template().refreshInterval());
        assertEquals(Duration.ofMillis(250), c.retry().initial());
        assertEquals(Duration.ofMinutes(1), c.retry().max());
        assertEquals(Duration.ofSeconds(45), c.shutdownTimeout(), "follows quarkus.shutdown.timeout");
    }

    @Test
    void theDeadLetterKeyCanBeSetApartAndKeysDeriveFromTheListKey() {
        IndexerConfig c = load(Map.of("INDEXER_DEAD_LETTER_KEY", "refused", "INDEXER_REDIS_KEY", "q"));
        RedisKeys keys = RedisKeys.of(c);
        assertEquals("refused", keys.dead());
        assertEquals("{q}:consumers", keys.consumers());
        assertEquals("{q}:inflight:web-1-0", keys.inflight("web-1-0"));
    }
}
