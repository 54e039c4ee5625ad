package io.logpipe.devstack;

import java.util.function.Supplier;

/**
 * One Redis and one Elasticsearch per JVM, started on first use and stopped when the JVM exits, so every
 * test class of a module shares them (start-up is paid once, not per Quarkus application restart).
 *
 * <p>A failed start is remembered and rethrown at once to later callers: each test class would otherwise
 * wait out the whole start timeout again.
 */
public final class SharedServers {
    private static final Shared<RedisServer> REDIS = new Shared<>("redis", () -> RedisServer.builder().build().start());
    private static final Shared<ElasticsearchServer> ELASTICSEARCH = new Shared<>("elasticsearch",
            () -> ElasticsearchServer.builder().build().start());

    private SharedServers() {
    }

    public static RedisServer redis() {
        return REDIS.get();
    }

    public static ElasticsearchServer elasticsearch() {
        return ELASTICSEARCH.get();
    }

    private static final class Shared<T extends LocalServer> {
        private final String name;
        private final Supplier<T> starter;
        private T server;
        private RuntimeException failure;

        Shared(String name, Supplier<T> starter) {
            this.name = name;
            this.starter = starter;
        }

        synchronized T get() {
            if (failure != null) {
                throw new IllegalStateException("the shared " + name + " failed to start earlier in this JVM", failure);
            }
            if (server == null) {
                try {
                    server = starter.get();
                } catch (RuntimeException e) {
                    failure = e;
                    throw e;
                }
                T started = server;
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "devstack-" + name + "-stop"));
                System.out.println("[devstack] " + started + " up in " + started.startMillis() + " ms");
            }
            return server;
        }
    }
}
