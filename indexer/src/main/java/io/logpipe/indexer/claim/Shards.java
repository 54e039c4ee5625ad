package io.logpipe.indexer.claim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.logpipe.indexer.config.RedisKeys;

/**
 * The shards this process drains: the configured ones, then any that shippers recorded in the registry set (a
 * shipper with more shards than the indexer must not strand events). Only grows; read by every worker.
 */
public final class Shards {
    private volatile List<RedisKeys> all;

    public Shards(List<RedisKeys> configured) {
        this.all = List.copyOf(configured);
    }

    public List<RedisKeys> all() {
        return all;
    }

    /** {@link #add} of the members of the shard registry as Redis answered {@code SMEMBERS} (null: none). */
    public List<RedisKeys> addRecorded(io.vertx.mutiny.redis.client.Response members) {
        List<String> names = new ArrayList<>(members == null ? 0 : members.size());
        if (members != null) {
            for (io.vertx.mutiny.redis.client.Response name : members) {
                names.add(name.toString());
            }
        }
        return add(names);
    }

    /** Adds the shards named that are not known yet; returns those added. */
    public synchronized List<RedisKeys> add(Collection<String> names) {
        List<RedisKeys> added = new ArrayList<>();
        List<RedisKeys> next = new ArrayList<>(all);
        for (String name : names) {
            if (next.stream().noneMatch(k -> k.main().equals(name))) {
                RedisKeys keys = RedisKeys.forShard(name);
                next.add(keys);
                added.add(keys);
            }
        }
        if (!added.isEmpty()) {
            all = List.copyOf(next);
        }
        return added;
    }
}
