package io.logpipe.common.redistls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RedisTlsTest {
    private static Optional<String> problem(Map<String, String> properties) {
        return RedisTls.problem(name -> Optional.ofNullable(properties.get(name)));
    }

    @Test
    void aPlainUrlWithTlsEnabledIsRefusedNamingTheRedissUrl() {
        String message = problem(Map.of("quarkus.redis.hosts", "redis://redis.internal:6380/2",
                "quarkus.redis.tls.enabled", "true")).orElseThrow();
        assertTrue(message.contains("write rediss://redis.internal:6380/2"), message);
        assertTrue(message.contains("Pool initialized with SSL but connection requested plain socket"), message);
    }

    @Test
    void aPlainUrlWithANamedTlsConfigurationIsRefusedToo() {
        String message = problem(Map.of("quarkus.redis.hosts", "rediss://a:6380, redis://b:6380",
                "quarkus.redis.tls-configuration-name", "redis")).orElseThrow();
        assertTrue(message.contains("redis://b:6380 (plain TCP)"), message);
        assertTrue(message.contains("write rediss://b:6380"), message);
        assertTrue(message.contains("quarkus.redis.tls-configuration-name is redis"), message);
    }

    @Test
    void theMessageNeverShowsCredentials() {
        String message = problem(Map.of("quarkus.redis.hosts", "redis://indexer:s3cr@t@redis.internal:6380",
                "quarkus.redis.tls.enabled", "true")).orElseThrow();
        assertFalse(message.contains("s3cr"), message);
        assertFalse(message.contains("indexer:"), message);
        assertTrue(message.contains("write rediss://…@redis.internal:6380"), message);
    }

    @Test
    void whatTheClientHonoursPasses() {
        assertEquals(Optional.empty(), problem(Map.of()));
        assertEquals(Optional.empty(), problem(Map.of("quarkus.redis.hosts", "redis://localhost:6379")));
        assertEquals(Optional.empty(), problem(Map.of("quarkus.redis.hosts", "redis://localhost:6379",
                "quarkus.redis.tls.enabled", "false", "quarkus.redis.tls-configuration-name", " ")));
        assertEquals(Optional.empty(), problem(Map.of("quarkus.redis.hosts", "rediss://localhost:6380",
                "quarkus.redis.tls.enabled", "true", "quarkus.redis.tls.trust-all", "true")));
        assertEquals(Optional.empty(), problem(Map.of("quarkus.redis.hosts", "REDISS://localhost:6380",
                "quarkus.redis.tls-configuration-name", "redis")));
        assertEquals(Optional.empty(), problem(Map.of("quarkus.redis.tls.enabled", "true")),
                "no hosts: Dev Services or the default, nothing to say about a scheme");
    }
}
