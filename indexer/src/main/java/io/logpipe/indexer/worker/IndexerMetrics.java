package io.logpipe.indexer.worker;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.logpipe.indexer.bulk.BulkMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The indexer's Micrometer meters (Prometheus names in brackets): events indexed
 * ({@code indexer_events_indexed_total}, {@code result=created|already_indexed}), retried
 * ({@code indexer_events_retried_total}), dead-lettered ({@code indexer_events_dead_lettered_total}), dropped
 * ({@code indexer_events_dropped_total}, {@code reason=channel} in channel mode, {@code reason=filter} by a
 * {@code drop} filter), returned from dead consumers
 * ({@code indexer_events_reaped_total}), bulk latency ({@code indexer_bulk_seconds}, {@code answered=true|false}),
 * queue length ({@code indexer_queue_length}), dead-letter list length ({@code indexer_dead_letter_length}) and
 * events in flight in this process ({@code indexer_inflight_events}).
 */
public final class IndexerMetrics implements BulkMetrics {
    private final Counter created;
    private final Counter already;
    private final Counter retried;
    private final Counter dead;
    private final Counter dropped;
    private final Counter droppedByFilter;
    private final Counter reaped;
    private final Timer answered;
    private final Timer unanswered;
    private volatile double queueLength = Double.NaN;
    private volatile double deadLength = Double.NaN;

    public IndexerMetrics(MeterRegistry registry, Supplier<Number> inflight) {
        created = Counter.builder("indexer.events.indexed").tag("result", "created")
                .description("Events Elasticsearch indexed").register(registry);
        already = Counter.builder("indexer.events.indexed").tag("result", "already_indexed")
                .description("Events Elasticsearch indexed").register(registry);
        retried = Counter.builder("indexer.events.retried").description("Events sent again after a backoff")
                .register(registry);
        dead = Counter.builder("indexer.events.dead.lettered").description("Events written to the dead-letter list")
                .register(registry);
        dropped = Counter.builder("indexer.events.dropped").tag("reason", "channel")
                .description("Events not indexed: channel messages the indexer could not keep up with (reason=channel), "
                        + "events a filter dropped (reason=filter)")
                .register(registry);
        droppedByFilter = Counter.builder("indexer.events.dropped").tag("reason", "filter")
                .description("Events not indexed: channel messages the indexer could not keep up with (reason=channel), "
                        + "events a filter dropped (reason=filter)")
                .register(registry);
        reaped = Counter.builder("indexer.events.reaped")
                .description("Events this process returned from dead consumers' in-flight lists to the queue")
                .register(registry);
        answered = Timer.builder("indexer.bulk").tag("answered", "true").description("Bulk request latency")
                .register(registry);
        unanswered = Timer.builder("indexer.bulk").tag("answered", "false").description("Bulk request latency")
                .register(registry);
        Gauge.builder("indexer.queue.length", () -> queueLength).description("Events waiting in the Redis list")
                .register(registry);
        Gauge.builder("indexer.dead.letter.length", () -> deadLength).description("Entries in the dead-letter list")
                .register(registry);
        Gauge.builder("indexer.inflight.events", inflight).description("Events this process holds, claimed and not yet settled")
                .register(registry);
    }

    @Override
    public void indexed(int count) {
        created.increment(count);
    }

    @Override
    public void alreadyIndexed(int count) {
        already.increment(count);
    }

    @Override
    public void retried(int count) {
        retried.increment(count);
    }

    @Override
    public void deadLettered(int count) {
        dead.increment(count);
    }

    @Override
    public void request(long nanos, boolean gotAnswer) {
        (gotAnswer ? answered : unanswered).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void dropped(int count) {
        dropped.increment(count);
    }

    /** Events a {@code drop} filter removed (their elements are settled like indexed ones). */
    public void droppedByFilter(int count) {
        droppedByFilter.increment(count);
    }

    public void reaped(int count) {
        reaped.increment(count);
    }

    /** Lengths as last read by the heartbeat. */
    public void lengths(long queue, long deadLetters) {
        queueLength = queue;
        deadLength = deadLetters;
    }
}
