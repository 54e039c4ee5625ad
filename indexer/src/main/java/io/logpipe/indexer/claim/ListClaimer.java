package io.logpipe.indexer.claim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.logpipe.common.resp.RedisEndpoint;
import io.logpipe.common.resp.RespCommand;
import io.logpipe.common.resp.RespConnection;
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
 * more than the claim itself. On a plain standalone Redis the {@code LRANGE} goes over the worker's own socket
 * ({@link RespConnection}): the elements arrive as the byte arrays the worker indexes, with no event-loop leg. When nothing waits,
 * the worker blocks on {@code BLMOVE} (one element, at most {@link #IDLE_WAIT_SECONDS}) and then tops the batch
 * up. An element therefore always sits in exactly one list: the main list, one in-flight list, or (once
 * refused) the dead-letter list.
 */
public final class ListClaimer implements BatchSource {
    /** How long an idle worker blocks on BLMOVE; also how soon it notices a shutdown. */
    static final String IDLE_WAIT_SECONDS = "1";
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private static final LuaScript CLAIM = LuaScript.load("claim");
    private static final LuaScript RELEASE = LuaScript.load("release");

    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final String consumerId;
    private final String inflight;
    private final String batchSize;
    /** Where the batches are read on this worker's own socket, or null: through the client. */
    private final RedisEndpoint direct;
    private final RespCommand lrange;
    private RespConnection connection;

    /** @param direct where to read the claimed batches on this claimer's own socket; empty: through {@code redis} */
    public ListClaimer(RedisDataSource redis, Optional<RedisEndpoint> direct, RedisKeys keys, String consumerId,
            int batchSize) {
        this.redis = redis;
        this.direct = direct.orElse(null);
        this.keys = keys;
        this.consumerId = consumerId;
        this.inflight = keys.inflight(consumerId);
        this.batchSize = Integer.toString(batchSize);
        this.lrange = this.direct == null ? null : new RespCommand().start("LRANGE").arg(inflight).arg("0").arg("-1");
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
        if (direct != null) {
            return readDirect();
        }
        Response reply = redis.execute("LRANGE", inflight, "0", "-1");
        List<byte[]> elements = new ArrayList<>(reply.size());
        for (Response element : reply) {
            elements.add(element.toBytes());
        }
        return elements;
    }

    /** The in-flight list over the own socket (opened when needed; dropped on any failure, for a new one). */
    private List<byte[]> readDirect() {
        try {
            if (connection == null) {
                connection = RespConnection.open(direct, READ_TIMEOUT);
            }
            connection.write(lrange);
            return connection.readBulks();
        } catch (IOException e) {
            dropConnection();
            throw new UncheckedIOException("reading the claimed batch from " + direct + " failed: " + e.getMessage(), e);
        }
    }

    private void dropConnection() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    @Override
    public void close() {
        dropConnection();
        RELEASE.run(redis, List.of(inflight, keys.consumers()), List.of(consumerId));
    }
}
