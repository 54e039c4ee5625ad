package io.logpipe.indexer.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.logpipe.common.Backoff;
import io.logpipe.common.resp.RedisErrors;
import io.logpipe.indexer.bulk.BulkIndexer;
import io.logpipe.indexer.bulk.Pacing;
import io.logpipe.indexer.claim.Batch;
import io.logpipe.indexer.claim.BatchSource;
import io.logpipe.indexer.index.Document;

/**
 * One claim-and-bulk loop: take a batch, turn it into documents, index it until settled, remove it from Redis.
 * Each worker owns its source, builder, bulk buffer and backoffs: workers share nothing and never wait for each
 * other.
 */
final class Worker implements Runnable, Pacing {
    private static final Logger LOG = Logger.getLogger(Worker.class);
    /** Waits are cut in slices so a stopping or stuck-checking process sees the worker move. */
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final String id;
    private final BatchSource source;
    private final Documents documents;
    private final BulkIndexer bulk;
    private final Backoff redisBackoff;
    private final Lifecycle lifecycle;
    private volatile long lastStep = System.nanoTime();
    /** Since when settle-and-claim has been failing (0: it is not), and why it last failed. */
    private volatile long failingSince;
    private volatile String claimFailure;
    private volatile int held;
    private volatile boolean exited;
    private long claimNanos;

    /** Element to document: the builder's own fast path, or the filter stage (null: a filter dropped it). */
    interface Documents {
        Document build(byte[] element);
    }

    Worker(String id, BatchSource source, Documents documents, java.util.function.Function<Pacing, BulkIndexer> bulk,
            Backoff redisBackoff, Lifecycle lifecycle) {
        this.id = id;
        this.source = source;
        this.documents = documents;
        this.bulk = bulk.apply(this);
        this.redisBackoff = redisBackoff;
        this.lifecycle = lifecycle;
    }

    String id() {
        return id;
    }

    /** Events this worker holds right now (claimed, not yet settled). */
    int held() {
        return held;
    }

    /** Nanoseconds since this worker last moved. */
    long idleNanos() {
        return System.nanoTime() - lastStep;
    }

    /** How long settle-and-claim has been failing; 0 when its last call succeeded. */
    long claimFailingNanos() {
        long since = failingSince;
        return since == 0 ? 0 : System.nanoTime() - since;
    }

    String claimFailure() {
        return claimFailure;
    }

    boolean exited() {
        return exited;
    }

    @Override
    public void run() {
        try {
            loop();
        } finally {
            try {
                source.close();
            } catch (RuntimeException e) {
                LOG.warnf("worker %s: could not leave the heartbeat set (%s); the reaper will", id, e.toString());
            }
            exited = true;
        }
    }

    private void loop() {
        // The batch just indexed: it leaves Redis in the same call that claims the next one.
        BatchSource.Settled settled = null;
        while (!lifecycle.stopping()) {
            step();
            Batch batch;
            long claimStart = System.nanoTime();
            try {
                batch = source.next(settled, false);
                if (failingSince != 0) {
                    failingSince = 0;
                    claimFailure = null;
                }
                redisBackoff.reset();
            } catch (RuntimeException e) {
                // Whether the settled batch left Redis is unknown: claim again; if it is still held it comes back
                // and is indexed again (409 = already there), never removed twice.
                settled = null;
                claimFailure = RedisErrors.brief(e);
                if (failingSince == 0) {
                    failingSince = System.nanoTime() | 1;
                }
                if (!redisFailed("settle and claim", e)) {
                    return;
                }
                continue;
            }
            settled = null;
            held = 0;
            if (batch == null) {
                continue;
            }
            held = batch.size();
            claimNanos = System.nanoTime() - claimStart;
            BulkIndexer.Result result;
            try {
                result = index(batch);
            } catch (RuntimeException e) {
                // A defect, not an outage: the batch stays in-flight and comes back on the next claim.
                LOG.errorf(e, "worker %s: unexpected failure on a batch of %d events", id, batch.size());
                if (!pause(redisBackoff.next())) {
                    return;
                }
                continue;
            }
            if (result.abandoned()) {
                LOG.warnf("worker %s: shutdown grace period over; %d events stay in its in-flight list for recovery",
                        id, batch.size());
                return;
            }
            settled = new BatchSource.Settled(batch, result.deadLetters());
        }
        if (settled != null) {
            settleBeforeExit(settled);
        }
    }

    /** Stopping: removes the last settled batch (claiming nothing, so a failed call may be repeated). */
    private void settleBeforeExit(BatchSource.Settled settled) {
        while (true) {
            step();
            try {
                source.next(settled, true);
                held = 0;
                return;
            } catch (RuntimeException e) {
                if (!redisFailed("settle the last batch", e)) {
                    LOG.warnf("worker %s: %d indexed events stay in its in-flight list; redelivery finds them indexed",
                            id, settled.batch().size());
                    return;
                }
            }
        }
    }

    private BulkIndexer.Result index(Batch batch) {
        long start = System.nanoTime();
        List<Document> docs = new ArrayList<>(batch.size());
        for (byte[] element : batch.elements()) {
            Document doc = documents.build(element);
            if (doc != null) {
                docs.add(doc);
            }
        }
        long built = System.nanoTime();
        BulkIndexer.Result result = bulk.index(docs);
        if (LOG.isDebugEnabled()) {
            LOG.debugf("worker %s: %d events: settle+claim %d ms, build %d ms, bulk %d ms", id, batch.size(),
                    claimNanos / 1_000_000, (built - start) / 1_000_000, (System.nanoTime() - built) / 1_000_000);
        }
        return result;
    }

    /** Logs, waits the backoff; false when the worker must give up instead. */
    private boolean redisFailed(String what, RuntimeException e) {
        Duration wait = redisBackoff.next();
        LOG.warnf("worker %s: Redis failed to %s (%s); retrying in %d ms", id, what, RedisErrors.brief(e), wait.toMillis());
        return pause(wait);
    }

    @Override
    public boolean pause(Duration wait) {
        long end = System.nanoTime() + Math.min(wait.toNanos(), lifecycle.nanosLeft());
        while (true) {
            step();
            if (lifecycle.pastDeadline()) {
                return false;
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, SLICE_NANOS));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    @Override
    public boolean giveUp() {
        return lifecycle.pastDeadline() || Thread.currentThread().isInterrupted();
    }

    @Override
    public void step() {
        lastStep = System.nanoTime();
    }
}
