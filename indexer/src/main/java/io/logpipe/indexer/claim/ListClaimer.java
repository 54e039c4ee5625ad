package io.logpipe.indexer.claim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.logpipe.common.resp.RedisRoutes;
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
 *
 * <p>One claimer serves one shard of the queue ({@link ShardedClaimer} turns several into one source). On a Redis
 * Cluster its own socket goes to the primary of the shard's slot ({@link RedisRoutes}). With {@code wait-replicas}
 * the dead letters of a settled batch are written first on that socket and confirmed by {@code WAIT} before the
 * script deletes the in-flight list: the only data the indexer itself creates in Redis survives a failover; the
 * rest is either in Elasticsearch already or still in a list (then indexed again under the same ids).
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
    private final RedisRoutes direct;
    private final RespCommand lrange;
    private final int waitReplicas;
    private final RespCommand wait;
    private RespConnection connection;

    /**
     * @param direct where to read the claimed batches on this claimer's own socket; empty: through {@code redis}
     * @param waitReplicas replicas that must confirm dead letters before a batch leaves; needs {@code direct}
     */
    public ListClaimer(RedisDataSource redis, Optional<RedisRoutes> direct, RedisKeys keys, String consumerId,
            int batchSize, int waitReplicas, Duration waitTimeout) {
        this.redis = redis;
        this.direct = direct.orElse(null);
        this.keys = keys;
        this.consumerId = consumerId;
        this.inflight = keys.inflight(consumerId);
        this.batchSize = Integer.toString(batchSize);
        this.lrange = this.direct == null ? null : new RespCommand().start("LRANGE").arg(inflight).arg("0").arg("-1");
        if (waitReplicas > 0 && this.direct == null) {
            throw new IllegalArgumentException("indexer.redis.wait-replicas needs the workers' own sockets "
                    + "(indexer.redis.direct-read=true, plain redis:// hosts): WAIT must follow the writes on their connection");
        }
        this.waitReplicas = waitReplicas;
        this.wait = new RespCommand().start("WAIT").arg(Integer.toString(waitReplicas))
                .arg(Long.toString(waitTimeout.toMillis()));
    }

    /** The shard this claimer drains. */
    public RedisKeys keys() {
        return keys;
    }

    @Override
    public Batch next(Settled settled, boolean stopping) {
        Batch batch = claimNow(settled, stopping);
        return batch != null || stopping ? batch : awaitOne();
    }

    /**
     * Settles {@code settled} (when not null) and claims up to a batch without waiting (nothing when
     * {@code stopping}); null when nothing is held or waiting.
     */
    Batch claimNow(Settled settled, boolean stopping) {
        List<byte[]> held = claim(settled, stopping ? "0" : batchSize);
        return held.isEmpty() ? null : new Batch(held);
    }

    /** Waits up to {@link #IDLE_WAIT_SECONDS} for one element, then tops the batch up; null when none came. */
    Batch awaitOne() {
        Response moved = redis.execute("BLMOVE", keys.main(), inflight, "LEFT", "RIGHT", IDLE_WAIT_SECONDS);
        if (moved == null) {
            return null;
        }
        List<byte[]> held = claim(null, batchSize);
        return held.isEmpty() ? null : new Batch(held);
    }

    private List<byte[]> claim(Settled settled, String upTo) {
        List<String> deadLetters = settled == null ? List.of() : settled.deadLetters();
        if (waitReplicas > 0 && !deadLetters.isEmpty()) {
            writeReplicated(deadLetters);
            deadLetters = List.of();
        }
        List<String> args = new ArrayList<>(3 + deadLetters.size());
        args.add(upTo);
        args.add(consumerId);
        args.add(settled == null ? "0" : "1");
        args.addAll(deadLetters);
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
            connection().write(lrange);
            return connection.readBulks();
        } catch (IOException e) {
            dropConnection();
            throw new UncheckedIOException("reading the claimed batch of " + keys.main() + " from " + direct
                    + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Appends dead letters on the own socket and waits until {@code wait-replicas} replicas have them; throws when
     * fewer did in time (the caller then claims again with nothing settled: the batch comes back, is indexed again
     * and its dead letters are written again; repeated, never lost).
     */
    private void writeReplicated(List<String> deadLetters) {
        try {
            RespCommand rpush = new RespCommand().start("RPUSH").arg(keys.dead());
            deadLetters.forEach(rpush::arg);
            connection().write(rpush);
            connection.write(wait);
            connection.readReply();
            long replicas = connection.readReply();
            if (replicas < waitReplicas) {
                throw new UncheckedIOException(new IOException("only " + replicas + " of " + waitReplicas
                        + " replica(s) confirmed the dead letters of " + keys.main() + " within indexer.redis.wait-timeout"));
            }
        } catch (IOException e) {
            dropConnection();
            throw new UncheckedIOException("writing dead letters of " + keys.main() + " failed: " + e.getMessage(), e);
        }
    }

    private RespConnection connection() throws IOException {
        if (connection == null) {
            connection = RespConnection.open(direct.route(keys.main()), READ_TIMEOUT);
        }
        return connection;
    }

    private void dropConnection() {
        if (connection != null) {
            connection.close();
            connection = null;
            // A failover or resharding may be why: read the slots again.
            direct.invalidate();
        }
    }

    @Override
    public void close() {
        dropConnection();
        RELEASE.run(redis, List.of(inflight, keys.consumers()), List.of(consumerId));
    }
}
