package io.logpipe.devstack;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * One Redis and one Elasticsearch (and, when asked for, one OpenSearch) per JVM, started on first use and stopped when the JVM exits, so every
 * test class of a module shares them (start-up is paid once, not per Quarkus application restart).
 *
 * <p>One per JVM, not per class loader: Quarkus loads this class again for each application it starts in a test
 * JVM (each test profile) and for its build steps (the logpipe Dev Services in tests). The first copy starts the
 * server and records its port, pid and directory in a system property; the other copies find it there and get a
 * server object attached to it (same address; {@code stop()}, {@code kill()} and {@code start()} work only in the
 * copy that started it and throw in the others). The copy that started it stops it when the JVM exits.
 *
 * <p>A failed start is remembered and rethrown at once to later callers: each test class would otherwise
 * wait out the whole start timeout again.
 */
public final class SharedServers {
    private static final Shared<RedisServer> REDIS = new Shared<>("redis", () -> RedisServer.builder().build().start(),
            (port, dir) -> RedisServer.builder().port(port).dir(dir).build());
    private static final Shared<ElasticsearchServer> ELASTICSEARCH = new Shared<>("elasticsearch",
            () -> ElasticsearchServer.builder().build().start(),
            (port, dir) -> ElasticsearchServer.builder().httpPort(port).dir(dir).build());
    private static final Shared<OpenSearchServer> OPENSEARCH = new Shared<>("opensearch",
            () -> OpenSearchServer.builder().build().start(),
            (port, dir) -> OpenSearchServer.builder().httpPort(port).dir(dir).build());
    /** The system property (or, upper-cased with {@code _}, environment variable) that {@link #search()} reads. */
    public static final String SEARCH = "devstack.search";

    private SharedServers() {
    }

    public static RedisServer redis() {
        return REDIS.get();
    }

    public static ElasticsearchServer elasticsearch() {
        return ELASTICSEARCH.get();
    }

    public static OpenSearchServer openSearch() {
        return OPENSEARCH.get();
    }

    /**
     * The search server of tests that hold for both: Elasticsearch, or OpenSearch when {@code -Ddevstack.search=opensearch}
     * (or {@code DEVSTACK_SEARCH=opensearch}); the indexer's build runs its integration tests once with each.
     */
    public static SearchServer search() {
        String which = searchProduct();
        return switch (which) {
            case "elasticsearch" -> elasticsearch();
            case "opensearch" -> openSearch();
            default -> throw new IllegalArgumentException(SEARCH + " is elasticsearch or opensearch, not " + which);
        };
    }

    /** {@code elasticsearch} or {@code opensearch}: what {@link #search()} starts (not checked). */
    public static String searchProduct() {
        String value = System.getProperty(SEARCH, System.getenv("DEVSTACK_SEARCH"));
        return value == null || value.isBlank() ? "elasticsearch" : value.trim().toLowerCase(Locale.ROOT);
    }

    private static final class Shared<T extends LocalServer> {
        private final String name;
        private final String property;
        private final Supplier<T> starter;
        private final BiFunction<Integer, Path, T> attacher;
        private T server;
        private RuntimeException failure;

        Shared(String name, Supplier<T> starter, BiFunction<Integer, Path, T> attacher) {
            this.name = name;
            this.property = "logpipe.devstack.shared." + name;
            this.starter = starter;
            this.attacher = attacher;
        }

        synchronized T get() {
            if (failure != null) {
                throw new IllegalStateException("the shared " + name + " failed to start earlier in this JVM", failure);
            }
            if (server != null) {
                return server;
            }
            // The system properties are one object per JVM: the monitor every copy of this class agrees on.
            Properties jvmWide = System.getProperties();
            synchronized (jvmWide) {
                String found = jvmWide.getProperty(property);
                if (found != null) {
                    String[] portPidDir = found.split(" ", 3);
                    long pid = Long.parseLong(portPidDir[1]);
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        server = attacher.apply(Integer.parseInt(portPidDir[0]), Path.of(portPidDir[2]));
                        server.attach(pid);
                        return server;
                    }
                }
                try {
                    server = starter.get();
                } catch (RuntimeException e) {
                    failure = e;
                    throw e;
                }
                T started = server;
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "devstack-" + name + "-stop"));
                jvmWide.setProperty(property, started.port() + " " + started.pid() + " " + started.dir());
                System.out.println("[devstack] " + started + " up in " + started.startMillis() + " ms");
                return server;
            }
        }
    }
}
