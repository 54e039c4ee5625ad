package io.logpipe.devstack.quarkus;

import java.util.Map;

import io.logpipe.devstack.ElasticsearchServer;
import io.logpipe.devstack.SharedServers;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points {@code quarkus.elasticsearch.hosts} at the JVM's shared devstack Elasticsearch. */
public class ElasticsearchTestResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        ElasticsearchServer elasticsearch = SharedServers.elasticsearch();
        return Map.of("quarkus.elasticsearch.hosts", elasticsearch.hostPort(),
                "quarkus.elasticsearch.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        // Shared for the whole test JVM; stopped by SharedServers' shutdown hook.
    }
}
