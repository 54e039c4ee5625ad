package io.logpipe.indexer.recovery;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.logpipe.common.resp.RedisErrors;
import io.logpipe.indexer.claim.LuaScript;
import io.logpipe.indexer.config.IndexerConfig;
import io.logpipe.indexer.config.RedisKeys;
import io.logpipe.indexer.worker.Indexer;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.redis.client.Response;

/**
 * Liveness of consumers, as other consumers see it (DESIGN.md, "Liveness").
 *
 * <p>Every {@code indexer.heartbeat-interval}: the heartbeat refreshes, with Redis's time, the entry of each of
 * this process's live workers in the sorted set {@code <key>:consumers} (a worker joins it with its first claim,
 * and a stopping one leaves it, so a beat never adds an id back), and the reaper returns the in-flight list of
 * every consumer whose beat is older than {@code indexer.consumer-timeout} to the head of the main list
 * (atomically, in order), then forgets that consumer. Every replica runs the reaper; the Lua script makes concurrent runs harmless.
 * Both run on every shard the process drains; the heartbeat also picks up shards that shippers recorded.
 * A stuck worker (see {@link Indexer#stuckAfter()}) gets no beat, so its batch is reaped too.
 */
@ApplicationScoped
public class Recovery {
    private static final Logger LOG = Logger.getLogger(Recovery.class);
    private static final LuaScript BEAT = LuaScript.load("beat");
    private static final LuaScript REAP = LuaScript.load("reap");

    @Inject
    Indexer indexer;
    @Inject
    RedisDataSource redis;

    private volatile boolean redisFailing;
    private volatile boolean registryFailing;

    @Scheduled(identity = "indexer-heartbeat", every = "${indexer.heartbeat-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        if (!listMode() || !indexer.workersRunning()) {
            return;
        }
        try {
            discoverShards();
            long queued = 0;
            long dead = 0;
            List<String> live = indexer.liveConsumerIds();
            for (RedisKeys keys : indexer.shards().all()) {
                Response lengths = BEAT.run(redis, List.of(keys.consumers(), keys.main(), keys.dead()), live);
                queued += lengths.get(0).toLong();
                dead += lengths.get(1).toLong();
            }
            indexer.metrics().lengths(queued, dead);
            redisFailing = false;
        } catch (RuntimeException e) {
            if (!redisFailing) {
                LOG.warnf("heartbeat failed (%s); the workers retry on their own", RedisErrors.brief(e));
            }
            redisFailing = true;
        }
    }

    /**
     * Shards that shippers with a larger {@code shards} setting recorded: drained (and reaped) here too. A failure
     * here must not cost the beat (the reaper would take live workers for dead): it is logged once and retried.
     */
    private void discoverShards() {
        Response names;
        try {
            names = redis.execute("SMEMBERS", indexer.shards().all().get(0).shardRegistry());
            if (registryFailing) {
                LOG.infof("the shard registry %s can be read again", indexer.shards().all().get(0).shardRegistry());
            }
            registryFailing = false;
        } catch (RuntimeException e) {
            if (!registryFailing) {
                LOG.warnf("cannot read the shard registry %s (%s): shards recorded by shippers with more shards than "
                        + "indexer.redis.shards are not drained until it can be read", indexer.shards().all().get(0)
                        .shardRegistry(), RedisErrors.brief(e));
            }
            registryFailing = true;
            return;
        }
        for (RedisKeys added : indexer.shards().addRecorded(names)) {
            LOG.infof("shard %s recorded by a shipper is drained too (indexer.redis.shards is %d)", added.main(),
                    indexer.config().redis().shards());
        }
    }

    @Scheduled(identity = "indexer-reaper", every = "${indexer.heartbeat-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reap() {
        if (!listMode() || !indexer.workersRunning()) {
            return;
        }
        reapNow();
    }

    /** One reaper pass; returns the number of events returned to the queue. */
    public int reapNow() {
        int total = 0;
        for (RedisKeys keys : indexer.shards().all()) {
            total += reap(keys);
        }
        indexer.metrics().reaped(total);
        return total;
    }

    private int reap(RedisKeys keys) {
        long timeout = indexer.config().consumerTimeout().toMillis();
        Response reaped;
        try {
            reaped = REAP.run(redis, List.of(keys.main(), keys.consumers()),
                    List.of(Long.toString(timeout), keys.inflightPrefix()));
        } catch (RuntimeException e) {
            LOG.debugf("reaper could not run on %s (%s)", keys.main(), RedisErrors.brief(e));
            return 0;
        }
        int total = 0;
        for (int i = 0; reaped != null && i + 1 < reaped.size(); i += 2) {
            String consumer = reaped.get(i).toString();
            int moved = reaped.get(i + 1).toInteger();
            total += moved;
            LOG.warnf("consumer %s sent no heartbeat for %d ms: returned its %d in-flight events to the head of %s",
                    consumer, timeout, moved, keys.main());
        }
        return total;
    }

    private boolean listMode() {
        return indexer.config().redis().dataType() == IndexerConfig.DataType.LIST;
    }
}
