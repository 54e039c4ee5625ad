package io.logpipe.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.logpipe.devstack.ElasticsearchServer;
import io.logpipe.devstack.RedisServer;

/**
 * The packaged shipper and indexer, located relative to this module (or through
 * {@code -Dlogpipe.e2e.shipper.jar} / {@code -Dlogpipe.e2e.indexer.jar}), with the configuration every
 * end-to-end test starts from. Only documented public configuration names are used.
 */
public final class Services {
    private Services() {
    }

    public static Path shipperJar() {
        return jar("logpipe.e2e.shipper.jar", "../shipper/target/quarkus-app/quarkus-run.jar");
    }

    public static Path indexerJar() {
        return jar("logpipe.e2e.indexer.jar", "../indexer/target/quarkus-app/quarkus-run.jar");
    }

    private static Path jar(String property, String relative) {
        String configured = System.getProperty(property);
        return (configured != null && !configured.isBlank() ? Path.of(configured) : Path.of(relative)).toAbsolutePath().normalize();
    }

    /** A fresh working directory for one test: {@code target/e2e/<name>}, emptied first. */
    public static Path workDir(String name) {
        Path dir = Path.of(System.getProperty("logpipe.e2e.work", "target/e2e")).toAbsolutePath().resolve(name);
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Shipper configuration: Redis address, registry file, quick discovery. Add inputs with {@link #fileInput}. */
    public static Map<String, String> shipperConfig(RedisServer redis, Path work) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.redis.hosts", redis.url());
        config.put("shipper.registry.path", work.resolve("shipper-registry").resolve("registry.json").toString());
        config.put("shipper.scan-interval", "250ms");
        return config;
    }

    /**
     * A file input named {@code name} reading {@code glob} from the beginning, type {@code app}, tags
     * {@code e2e,java}, field {@code team=payments}, and the classic multiline rule for stack traces.
     */
    public static Map<String, String> fileInput(String name, String glob) {
        String p = "shipper.inputs." + name + ".";
        Map<String, String> config = new LinkedHashMap<>();
        config.put(p + "paths", glob);
        config.put(p + "start-position", "beginning");
        config.put(p + "type", "app");
        config.put(p + "tags", "e2e,java");
        config.put(p + "fields.team", "payments");
        config.put(p + "multiline.pattern", AppLog.MULTILINE_PATTERN);
        config.put(p + "multiline.negate", "true");
        config.put(p + "multiline.what", "previous");
        config.put(p + "multiline.flush-interval", "1s");
        return config;
    }

    /**
     * Indexer configuration: Redis and Elasticsearch addresses, its consumer id, the index name pattern, no
     * replicas (one node), and short timeouts so a dead consumer's batch comes back within seconds. A null
     * {@code redis} leaves the Redis client's settings to the caller (a Redis Cluster).
     */
    public static Map<String, String> indexerConfig(RedisServer redis, ElasticsearchServer es, String consumerId, String index) {
        Map<String, String> config = new LinkedHashMap<>();
        if (redis != null) {
            config.put("quarkus.redis.hosts", redis.url());
        }
        config.put("quarkus.elasticsearch.hosts", es.hostPort());
        config.put("indexer.consumer-id", consumerId);
        config.put("indexer.consumer-timeout", "5s");
        config.put("indexer.heartbeat-interval", "1s");
        config.put("indexer.retry.max", "2s");
        config.put("indexer.template.replicas", "0");
        if (index != null) {
            config.put("indexer.index", index);
        }
        return config;
    }

    public static ServiceProcess shipper(String name, Path work, Map<String, String> config, Map<String, String> env) {
        return ServiceProcess.of(name, shipperJar(), work.resolve("logs-of-services"), config, env);
    }

    public static ServiceProcess indexer(String name, Path work, Map<String, String> config, Map<String, String> env) {
        return ServiceProcess.of(name, indexerJar(), work.resolve("logs-of-services"), config, env);
    }

    /** {@code a} then {@code b}, later keys winning. */
    @SafeVarargs
    public static Map<String, String> merge(Map<String, String>... maps) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (Map<String, String> map : maps) {
            merged.putAll(map);
        }
        return merged;
    }
}
