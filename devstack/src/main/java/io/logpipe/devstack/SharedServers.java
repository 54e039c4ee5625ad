package io.logpipe.devstack;

/**
 * One Redis and one Elasticsearch per JVM, started on first use and stopped when the JVM exits, so every
 * test class of a module shares them (start-up is paid once, not per Quarkus application restart).
 */
public final class SharedServers {
    private static RedisServer redis;
    private static ElasticsearchServer elasticsearch;

    private SharedServers() {
    }

    public static synchronized RedisServer redis() {
        if (redis == null) {
            redis = RedisServer.builder().build().start();
            RedisServer started = redis;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "devstack-redis-stop"));
            System.out.println("[devstack] " + started + " up in " + started.startMillis() + " ms");
        }
        return redis;
    }

    public static synchronized ElasticsearchServer elasticsearch() {
        if (elasticsearch == null) {
            elasticsearch = ElasticsearchServer.builder().build().start();
            ElasticsearchServer started = elasticsearch;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "devstack-elasticsearch-stop"));
            System.out.println("[devstack] " + started + " up in " + started.startMillis() + " ms");
        }
        return elasticsearch;
    }
}
