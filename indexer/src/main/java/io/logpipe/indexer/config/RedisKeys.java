package io.logpipe.indexer.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.logpipe.common.queue.KeySlot;
import io.logpipe.common.queue.ShardNames;

/**
 * The Redis keys of one shard of a queue: the main list, the in-flight list of each consumer, the heartbeat set and
 * the dead-letter list. The auxiliary keys carry the main list's name as a hash tag ({@code {logstash}:dead}), so
 * that every key one script touches hashes to the main list's Redis Cluster slot; the main list keeps its plain
 * name, which Logstash shippers and indexers use.
 */
public final class RedisKeys {
    private final String main;
    private final String dead;

    public RedisKeys(String main, String dead) {
        this.main = Objects.requireNonNull(main);
        this.dead = Objects.requireNonNull(dead);
    }

    /** The first (or only) shard's keys. */
    public static RedisKeys of(IndexerConfig config) {
        return shards(config, false).get(0);
    }

    /**
     * Every configured shard's keys.
     *
     * @param cluster the keys must work on a Redis Cluster: a configured dead-letter list must share the key's slot
     * @throws IllegalArgumentException when the keys cannot work, with the reason
     */
    public static List<RedisKeys> shards(IndexerConfig config, boolean cluster) {
        String key = config.redis().key();
        List<String> names = ShardNames.of(key, config.redis().shards());
        if (config.deadLetterKey().isPresent()) {
            String dead = config.deadLetterKey().get();
            if (names.size() > 1) {
                throw new IllegalArgumentException("indexer.dead-letter-key cannot be set with indexer.redis.shards="
                        + names.size() + ": each shard keeps its dead letters in {<shard>}:dead, in its own slot");
            }
            if (cluster && KeySlot.of(dead) != KeySlot.of(key)) {
                throw new IllegalArgumentException("indexer.dead-letter-key " + dead + " hashes to Redis Cluster slot "
                        + KeySlot.of(dead) + ", the key " + key + " to " + KeySlot.of(key) + ": one script writes both, so "
                        + "they must share a slot; name it {" + key + "}:<anything>, or leave it unset");
            }
            return List.of(new RedisKeys(key, dead));
        }
        List<RedisKeys> shards = new ArrayList<>(names.size());
        for (String name : names) {
            shards.add(forShard(name));
        }
        return shards;
    }

    /** The keys of a shard found in the registry: default names only. */
    public static RedisKeys forShard(String name) {
        ShardNames.check(name);
        return new RedisKeys(name, ShardNames.tag(name) + ":dead");
    }

    /** The list the shippers push to. */
    public String main() {
        return main;
    }

    /** Where refused events go. */
    public String dead() {
        return dead;
    }

    /** Sorted set: consumer id to the Redis time (ms) of its last heartbeat. */
    public String consumers() {
        return ShardNames.tag(main) + ":consumers";
    }

    /** Prefix of every in-flight list; the consumer id follows. */
    public String inflightPrefix() {
        return ShardNames.tag(main) + ":inflight:";
    }

    /** The in-flight list of one consumer. */
    public String inflight(String consumerId) {
        return inflightPrefix() + consumerId;
    }

    /** Where shippers with more shards record theirs (kept in the first shard's slot). */
    public String shardRegistry() {
        return ShardNames.registry(main);
    }

    /** Names up to version 0.1 used, without the hash tag; recovered on start-up ({@code Recovery}). */
    public List<String> legacy() {
        return List.of(main + ":inflight:", main + ":consumers", main + ":dead");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RedisKeys k && k.main.equals(main) && k.dead.equals(dead);
    }

    @Override
    public int hashCode() {
        return main.hashCode() * 31 + dead.hashCode();
    }

    @Override
    public String toString() {
        return main;
    }
}
