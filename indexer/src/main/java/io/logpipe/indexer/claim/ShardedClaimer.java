package io.logpipe.indexer.claim;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.logpipe.indexer.config.RedisKeys;

/**
 * One worker's source over all the queue's shards. With one shard it is that shard's {@link ListClaimer}, call for
 * call (settling and claiming stay one round trip). With several it takes one batch from each shard in turn,
 * starting where the last claim left off, so no shard waits while another has a backlog: the batch held is settled
 * on its own shard first (a claim with nothing to take), then the next shards are asked without waiting, and only
 * when all are empty does the worker block, on the next shard in turn, for about a second.
 */
public final class ShardedClaimer implements BatchSource {
    private final Shards shards;
    private final Function<RedisKeys, ListClaimer> claimerFor;
    private final Map<RedisKeys, ListClaimer> claimers = new HashMap<>();
    /** Where the batch this worker holds came from, or null. */
    private ListClaimer heldFrom;
    private int cursor;

    /** @param start the shard this worker asks first (workers start on different shards) */
    public ShardedClaimer(Shards shards, Function<RedisKeys, ListClaimer> claimerFor, int start) {
        this.shards = shards;
        this.claimerFor = claimerFor;
        this.cursor = start;
    }

    @Override
    public Batch next(Settled settled, boolean stopping) {
        List<RedisKeys> all = shards.all();
        if (all.size() == 1) {
            ListClaimer only = claimer(all.get(0));
            heldFrom = only;
            return only.next(settled, stopping);
        }
        ListClaimer from = heldFrom;
        heldFrom = null;
        if (settled != null && from != null) {
            from.claimNow(settled, true);
        }
        if (stopping) {
            return null;
        }
        int n = all.size();
        for (int k = 0; k < n; k++) {
            ListClaimer claimer = claimer(all.get((cursor + k) % n));
            Batch batch = claimer.claimNow(null, false);
            if (batch != null) {
                cursor = (cursor + k + 1) % n;
                heldFrom = claimer;
                return batch;
            }
        }
        ListClaimer idle = claimer(all.get(cursor % n));
        cursor = (cursor + 1) % n;
        Batch batch = idle.awaitOne();
        heldFrom = batch == null ? null : idle;
        return batch;
    }

    private ListClaimer claimer(RedisKeys keys) {
        return claimers.computeIfAbsent(keys, claimerFor);
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (ListClaimer claimer : claimers.values()) {
            try {
                claimer.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
