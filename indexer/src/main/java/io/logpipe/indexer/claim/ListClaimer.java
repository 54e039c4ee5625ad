package io.logpipe.indexer.claim;

import java.util.ArrayList;
import java.util.List;

import io.logpipe.indexer.config.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

/**
 * Reliable claiming from a Redis list (DESIGN.md, "Claim").
 *
 * <p>{@code claim.lua} atomically moves up to batch-size elements from the head of the main list to this
 * consumer's in-flight list {@code <key>:inflight:<consumer-id>} and records a heartbeat; in the same call it
 * first deletes the in-flight list of the batch just settled and appends its dead letters. It answers with the
 * in-flight list's length, and the elements are read with {@code LRANGE}: returning them from Lua cost Redis
 * more than the claim itself. When nothing waits,
 * the worker blocks on {@code BLMOVE} (one element, at most {@link #IDLE_WAIT_SECONDS}) and then tops the batch
 * up. An element therefore always sits in exactly one list: the main list, one in-flight list, or (once
 * refused) the dead-letter list.
 */
public final class ListClaimer implements BatchSource {
    /** How long an idle worker blocks on BLMOVE; also how soon it notices a shutdown. */
    static final String IDLE_WAIT_SECONDS = "1";

    private static final LuaScript CLAIM = LuaScript.load("claim");
    private static final LuaScript RELEASE = LuaScript.load("release");

    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final String consumerId;
    private final String inflight;
    private final String batchSize;

    public ListClaimer(RedisDataSource redis, RedisKeys keys, String consumerId, int batchSize) {
        this.redis = redis;
        this.keys = keys;
        this.consumerId = consumerId;
        this.inflight = keys.inflight(consumerId);
        this.batchSize = Integer.toString(batchSize);
    }

    @Override
    public Batch next(Settled settled, boolean stopping) {
        List<byte[]> held = claim(settled, stopping ? "0" : batchSize);
        if (!held.isEmpty() || stopping) {
            return held.isEmpty() ? null : new Batch(held);
        }
        Response moved = redis.execute("BLMOVE", keys.main(), inflight, "LEFT", "RIGHT", IDLE_WAIT_SECONDS);
        if (moved == null) {
            return null;
        }
        held = claim(null, batchSize);
        return held.isEmpty() ? null : new Batch(held);
    }

    private List<byte[]> claim(Settled settled, String upTo) {
        List<String> args = new ArrayList<>(3 + (settled == null ? 0 : settled.deadLetters().size()));
        args.add(upTo);
        args.add(consumerId);
        args.add(settled == null ? "0" : "1");
        if (settled != null) {
            args.addAll(settled.deadLetters());
        }
        Response held = CLAIM.run(redis, List.of(keys.main(), inflight, keys.consumers(), keys.dead()), args);
        if (held == null || held.toLong() == 0) {
            return List.of();
        }
        // Not atomic with the claim, and need not be: only this consumer writes its in-flight list, and the reaper
        // empties it only once the heartbeat just written is consumer-timeout old (the elements are then back in
        // the main list, to be indexed again under the same ids).
        Response reply = redis.execute("LRANGE", inflight, "0", "-1");
        List<byte[]> elements = new ArrayList<>(reply.size());
        for (Response element : reply) {
            elements.add(element.toBytes());
        }
        return elements;
    }

    @Override
    public void close() {
        RELEASE.run(redis, List.of(inflight, keys.consumers()), List.of(consumerId));
    }
}
