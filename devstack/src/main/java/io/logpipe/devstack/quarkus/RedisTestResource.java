package io.logpipe.devstack.quarkus;

import java.util.Map;

import io.logpipe.devstack.RedisServer;
import io.logpipe.devstack.SharedServers;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points {@code quarkus.redis.hosts} at the JVM's shared devstack Redis. */
public class RedisTestResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        RedisServer redis = SharedServers.redis();
        return Map.of("quarkus.redis.hosts", redis.url(), "quarkus.redis.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        // Shared for the whole test JVM; stopped by SharedServers' shutdown hook.
    }
}
