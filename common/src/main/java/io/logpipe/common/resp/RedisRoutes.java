package io.logpipe.common.resp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import io.logpipe.common.queue.KeySlot;

/**
 * Where the services' own sockets send the commands of a key: the one standalone Redis, or, on a Redis Cluster,
 * the primary that serves the key's hash slot (read from {@code CLUSTER SLOTS} of any seed node when first needed,
 * and again after {@link #invalidate()}, which a caller does when a node answered {@code MOVED} or failed: a
 * failover or a resharding moved the slot). Shared by a process's threads.
 */
public final class RedisRoutes {
    private static final Duration TOPOLOGY_TIMEOUT = Duration.ofSeconds(5);

    private final RedisEndpoint standalone;
    private final List<RedisEndpoint> seeds;
    private volatile RedisEndpoint[] bySlot;

    private RedisRoutes(RedisEndpoint standalone, List<RedisEndpoint> seeds) {
        this.standalone = standalone;
        this.seeds = seeds;
    }

    public static RedisRoutes standalone(RedisEndpoint endpoint) {
        return new RedisRoutes(endpoint, List.of());
    }

    public static RedisRoutes cluster(List<RedisEndpoint> seeds) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("a Redis Cluster needs at least one seed node");
        }
        return new RedisRoutes(null, List.copyOf(seeds));
    }

    /**
     * What the Quarkus Redis client's configuration says, when the services' own sockets can honour all of it: a
     * standalone client with one plain {@code redis://} host, or a cluster client whose seed hosts are all plain
     * {@code redis://} URLs; nothing set that only the client knows how to do (TLS, a proxy, a hosts provider).
     *
     * @param whyNot told why, when the answer is empty
     * @return the routes, or empty: the client carries the data
     */
    public static Optional<RedisRoutes> of(Function<String, Optional<String>> property, Consumer<String> whyNot) {
        String type = property.apply("quarkus.redis.client-type").orElse("standalone");
        if (type.equalsIgnoreCase("standalone")) {
            return RedisEndpoint.of(property, whyNot).map(RedisRoutes::standalone);
        }
        if (!type.equalsIgnoreCase("cluster")) {
            whyNot.accept("quarkus.redis.client-type is " + type);
            return Optional.empty();
        }
        Optional<String> clientOnly = RedisEndpoint.clientOnly(property);
        if (clientOnly.isPresent()) {
            whyNot.accept(clientOnly.get());
            return Optional.empty();
        }
        Optional<String> password = property.apply("quarkus.redis.password");
        List<RedisEndpoint> seeds = new ArrayList<>();
        for (String url : property.apply("quarkus.redis.hosts").orElse("redis://localhost:6379").split(",")) {
            RedisEndpoint e = RedisEndpoint.parse(url.trim());
            if (e == null) {
                whyNot.accept("quarkus.redis.hosts holds " + url.trim() + ", not a plain redis:// URL");
                return Optional.empty();
            }
            seeds.add(password.isPresent() ? new RedisEndpoint(e.host(), e.port(), e.user(), password.get(), 0) : e);
        }
        return Optional.of(cluster(seeds));
    }

    /** Whether the Quarkus Redis client is configured for a Redis Cluster ({@code quarkus.redis.client-type}). */
    public static boolean clusterClient(Function<String, Optional<String>> property) {
        return property.apply("quarkus.redis.client-type").filter("cluster"::equalsIgnoreCase).isPresent();
    }

    public boolean isCluster() {
        return standalone == null;
    }

    /** The node that serves {@code key} now, as last read from the cluster. */
    public RedisEndpoint route(String key) throws IOException {
        if (standalone != null) {
            return standalone;
        }
        RedisEndpoint[] map = bySlot;
        if (map == null) {
            map = load();
        }
        RedisEndpoint node = map[KeySlot.of(key)];
        if (node == null) {
            invalidate();
            throw new IOException("no Redis Cluster node serves the slot of " + key + " (cluster not fully covered)");
        }
        return node;
    }

    /** Forget the slot map: the next {@link #route} reads it again. */
    public void invalidate() {
        bySlot = null;
    }

    private synchronized RedisEndpoint[] load() throws IOException {
        if (bySlot != null) {
            return bySlot;
        }
        IOException last = null;
        for (RedisEndpoint seed : seeds) {
            try (RespConnection c = RespConnection.open(seed, TOPOLOGY_TIMEOUT)) {
                c.write(new RespCommand().start("CLUSTER").arg("SLOTS"));
                RedisEndpoint[] map = parse(c.readValue(), seed);
                bySlot = map;
                return map;
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IOException("no Redis Cluster seed node answered CLUSTER SLOTS"
                + (last == null ? "" : " (" + last.getMessage() + ")"), last);
    }

    /** {@code [[start, end, [host, port, id, ...], replicas...], ...]}: the primary of each range. */
    static RedisEndpoint[] parse(Object reply, RedisEndpoint seed) throws IOException {
        if (!(reply instanceof List<?> ranges)) {
            throw new IOException("CLUSTER SLOTS answered " + reply);
        }
        RedisEndpoint[] map = new RedisEndpoint[KeySlot.SLOTS];
        for (Object item : ranges) {
            if (!(item instanceof List<?> range) || range.size() < 3 || !(range.get(2) instanceof List<?> primary)
                    || primary.size() < 2) {
                throw new IOException("CLUSTER SLOTS answered a malformed range: " + item);
            }
            String host = primary.get(0) instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : "";
            if (host.isEmpty() || host.equals("?")) {
                // A node that does not know its own address answers with an empty host: the seed's.
                host = seed.host();
            }
            RedisEndpoint node = new RedisEndpoint(host, ((Long) primary.get(1)).intValue(), seed.user(),
                    seed.password(), 0);
            for (long slot = (Long) range.get(0); slot <= (Long) range.get(1); slot++) {
                map[(int) slot] = node;
            }
        }
        return map;
    }

    @Override
    public String toString() {
        return standalone != null ? standalone.toString() : "Redis Cluster via " + seeds;
    }
}
