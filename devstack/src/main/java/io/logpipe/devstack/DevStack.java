package io.logpipe.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs Redis and Elasticsearch by hand until Ctrl-C:
 * {@code java -jar devstack/target/logpipe-devstack-*.jar [--data DIR] [--redis-password PW]
 * [--es-heap 1g] [--no-redis] [--no-elasticsearch] [--redis-port N] [--es-port N] [--bind ADDR] [--env-file FILE]}.
 *
 * <p>With {@code --data}, both keep their data there (Redis append-only) so a second run finds it again.
 * The addresses are printed, and written as shell variables to {@code --env-file} for scripts.
 *
 * <p>Ports are free ones unless {@code --redis-port} / {@code --es-port} fix them (e.g. 6379 and 9200, the
 * ports Logstash configuration files assume, where nothing else holds them, such as inside a network
 * namespace). Both listen on loopback only unless {@code --bind ADDR} (e.g. {@code 0.0.0.0}) opens Redis and
 * Elasticsearch's HTTP port to other hosts; Redis's protected mode is then off, so set {@code --redis-password}
 * on any network you do not control. Elasticsearch's transport stays on loopback (one node).
 */
public final class DevStack {
    private DevStack() {
    }

    public static void main(String[] args) throws Exception {
        Path data = null;
        Path envFile = null;
        String password = null;
        String heap = "512m";
        boolean redisWanted = true;
        boolean elasticsearch = true;
        int redisPort = 0;
        int esPort = 0;
        String bind = null;
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
                default -> {
                    System.err.println("unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        RedisServer.Builder redisBuilder = RedisServer.builder().password(password);
        ElasticsearchServer.Builder esBuilder = ElasticsearchServer.builder().heap(heap);
        if (data != null) {
            redisBuilder.dir(data.resolve("redis")).appendOnly(true).port(savedPort(data, "redis.port"));
            esBuilder.dir(data.resolve("elasticsearch")).httpPort(savedPort(data, "elasticsearch.port"));
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
        }
        List<AutoCloseable> running = new ArrayList<>();
        RedisServer redis = null;
        if (redisWanted) {
            redis = redisBuilder.build().start();
            running.add(redis);
            System.out.println("Redis         " + redis.url() + " (" + redis.binary() + ", dir " + redis.dir() + ") up in "
                    + redis.startMillis() + " ms" + (bind == null ? "" : ", bound to " + bind));
        }
        ElasticsearchServer es = null;
        if (elasticsearch) {
            es = esBuilder.build().start();
            running.add(es);
            System.out.println("Elasticsearch " + es.url() + " (data " + es.dir() + ") up in " + es.startMillis() + " ms"
                    + (bind == null ? "" : ", HTTP bound to " + bind));
        }
        if (data != null) {
            if (redis != null) {
                Files.writeString(data.resolve("redis.port"), Integer.toString(redis.port()));
            }
            if (es != null) {
                Files.writeString(data.resolve("elasticsearch.port"), Integer.toString(es.port()));
            }
        }
        if (envFile != null) {
            StringBuilder env = new StringBuilder();
            if (redis != null) {
                env.append("REDIS_PORT=").append(redis.port()).append('\n');
                env.append("REDIS_URL=").append(redis.url()).append('\n');
            }
            if (es != null) {
                env.append("ELASTICSEARCH_PORT=").append(es.port()).append('\n');
                env.append("ELASTICSEARCH_URL=").append(es.url()).append('\n');
            }
            Path tmp = envFile.resolveSibling(envFile.getFileName() + ".tmp");
            Files.writeString(tmp, env);
            Files.move(tmp, envFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        System.out.println("READY");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (int i = running.size() - 1; i >= 0; i--) {
                try {
                    running.get(i).close();
                } catch (Exception e) {
                    System.err.println("stopping: " + e);
                }
            }
            stopped.countDown();
        }));
        stopped.await();
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
