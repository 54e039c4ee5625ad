package io.logpipe.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs Redis and Elasticsearch (and, when asked, OpenSearch) by hand until Ctrl-C:
 * {@code java -jar devstack/target/logpipe-devstack-*.jar [--data DIR] [--redis-password PW]
 * [--es-heap 1g] [--no-redis] [--no-elasticsearch] [--opensearch] [--opensearch-heap 1g] [--redis-port N] [--es-port N]
 * [--bind ADDR] [--env-file FILE] [--redis-cluster]}.
 *
 * <p>With {@code --data}, each keeps its data there (Redis append-only) so a second run finds it again.
 * The addresses are printed, and written as shell variables to {@code --env-file} for scripts
 * ({@code REDIS_PORT}, {@code REDIS_URL}, {@code ELASTICSEARCH_PORT}, {@code ELASTICSEARCH_URL},
 * {@code OPENSEARCH_PORT}, {@code OPENSEARCH_URL}). {@code --opensearch --no-elasticsearch} runs OpenSearch
 * instead of Elasticsearch; its heap is {@code --es-heap}'s unless {@code --opensearch-heap} says otherwise.
 *
 * <p>Ports are free ones unless {@code --redis-port} / {@code --es-port} fix them (e.g. 6379 and 9200, the
 * ports Logstash configuration files assume, where nothing else holds them, such as inside a network
 * namespace). Everything listens on loopback only unless {@code --bind ADDR} (e.g. {@code 0.0.0.0}) opens Redis
 * and the HTTP ports of Elasticsearch and OpenSearch to other hosts; Redis's protected mode is then off, so set
 * {@code --redis-password} on any network you do not control. Transports stay on loopback (one node each).
 *
 * <p>{@code --redis-cluster} runs a Redis Cluster of three primaries with a replica each ({@link RedisCluster}) instead
 * of the single Redis: its seed URLs go to {@code REDIS_CLUSTER_URLS} (for {@code quarkus.redis.hosts} with
 * {@code quarkus.redis.client-type=cluster}). It lives for this run only, on loopback, so it refuses {@code --data},
 * {@code --redis-port} and {@code --bind}.
 */
public final class DevStack {
    private DevStack() {
    }

    public static void main(String[] args) throws Exception {
        Path data = null;
        Path envFile = null;
        String password = null;
        String heap = "512m";
        String openSearchHeap = null;
        boolean redisWanted = true;
        boolean elasticsearch = true;
        boolean openSearch = false;
        int redisPort = 0;
        int esPort = 0;
        String bind = null;
        boolean redisCluster = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]).toAbsolutePath();
                case "--env-file" -> envFile = Path.of(args[++i]).toAbsolutePath();
                case "--redis-password" -> password = args[++i];
                case "--es-heap" -> heap = args[++i];
                case "--no-elasticsearch" -> elasticsearch = false;
                case "--no-redis" -> redisWanted = false;
                case "--redis-port" -> redisPort = Integer.parseInt(args[++i]);
                case "--es-port" -> esPort = Integer.parseInt(args[++i]);
                case "--bind" -> bind = args[++i];
                case "--opensearch" -> openSearch = true;
                case "--redis-cluster" -> redisCluster = true;
                case "--opensearch-heap" -> openSearchHeap = args[++i];
                default -> {
                    System.err.println("unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (redisCluster && (data != null || redisPort > 0 || bind != null || !redisWanted)) {
            System.err.println("--redis-cluster runs a throw-away cluster on loopback: it cannot be combined with "
                    + "--data, --redis-port, --bind or --no-redis");
            System.exit(2);
        }
        RedisServer.Builder redisBuilder = RedisServer.builder().password(password);
        ElasticsearchServer.Builder esBuilder = ElasticsearchServer.builder().heap(heap);
        OpenSearchServer.Builder osBuilder = OpenSearchServer.builder().heap(openSearchHeap != null ? openSearchHeap : heap);
        if (data != null) {
            redisBuilder.dir(data.resolve("redis")).appendOnly(true).port(savedPort(data, "redis.port"));
            esBuilder.dir(data.resolve("elasticsearch")).httpPort(savedPort(data, "elasticsearch.port"));
            osBuilder.dir(data.resolve("opensearch")).httpPort(savedPort(data, "opensearch.port"));
        }
        if (redisPort > 0) {
            redisBuilder.port(redisPort);
        }
        if (esPort > 0) {
            esBuilder.httpPort(esPort);
        }
        if (bind != null) {
            redisBuilder.config("bind", bind);
            if (password == null) {
                // Without a password, protected mode refuses every client that is not on loopback.
                redisBuilder.config("protected-mode", "no");
            }
            esBuilder.httpHost(bind);
            osBuilder.httpHost(bind);
        }
        List<AutoCloseable> running = new ArrayList<>();
        // Registered first: a failed start (an exception out of main) still stops what already runs.
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (running) {
                for (int i = running.size() - 1; i >= 0; i--) {
                    try {
                        running.get(i).close();
                    } catch (Exception e) {
                        System.err.println("stopping: " + e);
                    }
                }
            }
            stopped.countDown();
        }));
        String bound = bind == null ? "" : ", bound to " + bind;
        RedisServer redis = null;
        RedisCluster cluster = null;
        if (redisCluster) {
            cluster = RedisCluster.builder().password(password).build();
            closedAtExit(running, cluster).start();
            System.out.println("Redis Cluster " + cluster.seedUrls() + " (" + cluster.binary() + ", dir " + cluster.dir()
                    + "): primaries " + cluster.primaries() + ", replicas " + cluster.replicas());
        } else if (redisWanted) {
            redis = redisBuilder.build();
            closedAtExit(running, redis).start();
            System.out.println("Redis         " + redis.url() + " (" + redis.binary() + ", dir " + redis.dir() + ") up in "
                    + redis.startMillis() + " ms" + bound);
        }
        ElasticsearchServer es = null;
        if (elasticsearch) {
            es = closedAtExit(running, esBuilder.build()).start();
            System.out.println("Elasticsearch " + es.url() + " (data " + es.dir() + ") up in " + es.startMillis() + " ms" + bound);
        }
        OpenSearchServer os = null;
        if (openSearch) {
            os = closedAtExit(running, osBuilder.build()).start();
            System.out.println("OpenSearch    " + os.url() + " (data " + os.dir() + ") up in " + os.startMillis() + " ms" + bound);
        }
        if (data != null) {
            if (redis != null) {
                Files.writeString(data.resolve("redis.port"), Integer.toString(redis.port()));
            }
            if (es != null) {
                Files.writeString(data.resolve("elasticsearch.port"), Integer.toString(es.port()));
            }
            if (os != null) {
                Files.writeString(data.resolve("opensearch.port"), Integer.toString(os.port()));
            }
        }
        if (envFile != null) {
            StringBuilder env = new StringBuilder();
            if (redis != null) {
                env.append("REDIS_PORT=").append(redis.port()).append('\n');
                env.append("REDIS_URL=").append(redis.url()).append('\n');
            }
            if (cluster != null) {
                env.append("REDIS_CLUSTER_URLS=").append(cluster.seedUrls()).append('\n');
            }
            if (es != null) {
                env.append("ELASTICSEARCH_PORT=").append(es.port()).append('\n');
                env.append("ELASTICSEARCH_URL=").append(es.url()).append('\n');
            }
            if (os != null) {
                env.append("OPENSEARCH_PORT=").append(os.port()).append('\n');
                env.append("OPENSEARCH_URL=").append(os.url()).append('\n');
            }
            Path tmp = envFile.resolveSibling(envFile.getFileName() + ".tmp");
            Files.writeString(tmp, env);
            Files.move(tmp, envFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        System.out.println("READY");
        stopped.await();
    }

    /** Adds the server to what the shutdown hook closes, before it starts (a start that fails half-way too). */
    private static <T extends AutoCloseable> T closedAtExit(List<AutoCloseable> running, T server) {
        synchronized (running) {
            running.add(server);
        }
        return server;
    }
    /** The port a previous run with the same data folder used, so clients' saved addresses stay right. */
    private static int savedPort(Path data, String name) throws IOException {
        Path file = data.resolve(name);
        if (Files.exists(file)) {
            int port = Integer.parseInt(Files.readString(file).trim());
            return Ports.accepting(port) ? Ports.free() : port;
        }
        return 0;
    }
}
