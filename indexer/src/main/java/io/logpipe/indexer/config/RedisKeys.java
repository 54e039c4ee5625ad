package io.logpipe.indexer.config;

import java.util.Objects;

/**
 * The Redis keys of one queue: the main list, the in-flight list of each consumer, the heartbeat set and the
 * dead-letter list. All derive from {@code indexer.redis.key}, so two queues never share state.
 */
public final class RedisKeys {
    private final String main;
    private final String dead;

    public RedisKeys(String main, String dead) {
        this.main = Objects.requireNonNull(main);
        this.dead = Objects.requireNonNull(dead);
    }

    public static RedisKeys of(IndexerConfig config) {
        String key = config.redis().key();
        return new RedisKeys(key, config.deadLetterKey().orElse(key + ":dead"));
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
        return main + ":consumers";
    }

    /** Prefix of every in-flight list; the consumer id follows. */
    public String inflightPrefix() {
        return main + ":inflight:";
    }

    /** The in-flight list of one consumer. */
    public String inflight(String consumerId) {
        return inflightPrefix() + consumerId;
    }
}
