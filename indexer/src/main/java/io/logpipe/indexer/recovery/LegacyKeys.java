package io.logpipe.indexer.recovery;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.jboss.logging.Logger;

import io.logpipe.common.resp.RedisErrors;
import io.logpipe.indexer.claim.LuaScript;
import io.logpipe.indexer.config.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

/**
 * Recovers what an indexer of logpipe 0.1 left under the key names without a hash tag ({@code logstash:inflight:*},
 * {@code logstash:dead}, {@code logstash:consumers}), once at start-up, on a standalone Redis (a Redis Cluster could
 * never run those names: their slots differ). In-flight events go back to the head of the queue, to be indexed (again,
 * under the same ids); dead letters join the new list. An old indexer still running during a rolling upgrade may
 * write under the old names until it stops; the next start of any indexer recovers that too.
 */
public final class LegacyKeys {
    private static final Logger LOG = Logger.getLogger(LegacyKeys.class);
    private static final LuaScript LEGACY = LuaScript.load("legacy");

    private final RedisDataSource redis;

    public LegacyKeys(RedisDataSource redis) {
        this.redis = redis;
    }

    public void recover(RedisKeys keys, BooleanSupplier stopping) {
        List<String> old = keys.legacy();
        try {
            List<String> inflight = scan(old.get(0) + "*", stopping);
            List<String> scriptKeys = new ArrayList<>(4 + inflight.size());
            scriptKeys.add(keys.main());
            scriptKeys.add(keys.dead());
            scriptKeys.add(old.get(2));
            scriptKeys.add(old.get(1));
            scriptKeys.addAll(inflight);
            Response moved = LEGACY.run(redis, scriptKeys, List.of());
            long events = moved.get(0).toLong();
            long dead = moved.get(1).toLong();
            if (events > 0 || dead > 0) {
                LOG.infof("recovered keys of logpipe 0.1: %d in-flight events from %s back to the head of %s, %d dead "
                        + "letters from %s to %s", events, inflight, keys.main(), dead, old.get(2), keys.dead());
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not look for keys of logpipe 0.1 (%s*, %s): %s; start the indexer again once Redis answers, "
                    + "or see the README's upgrade note", old.get(0), old.get(2), RedisErrors.brief(e));
        }
    }

    private List<String> scan(String pattern, BooleanSupplier stopping) {
        List<String> found = new ArrayList<>();
        String cursor = "0";
        do {
            Response page = redis.execute("SCAN", cursor, "MATCH", pattern, "COUNT", "1000");
            cursor = page.get(0).toString();
            for (Response key : page.get(1)) {
                found.add(key.toString());
            }
        } while (!cursor.equals("0") && !stopping.getAsBoolean());
        return found;
    }
}
