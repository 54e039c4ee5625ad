package io.logpipe.indexer.filter;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One plugin's counts, kept in adders (every worker updates them for every event, so no lock and no Micrometer
 * call on that path) and read by Prometheus through function counters: {@code indexer_filter_events_in_total},
 * {@code indexer_filter_events_out_total} (not dropped), {@code indexer_filter_failures_total} (did not match,
 * or failed) and {@code indexer_filter_seconds_total} (time inside the plugin), each with label {@code id}.
 */
public final class FilterStats {
    final LongAdder in = new LongAdder();
    final LongAdder out = new LongAdder();
    final LongAdder failures = new LongAdder();
    final LongAdder nanos = new LongAdder();
    private final String id;
    private final String plugin;

    FilterStats(String id, String plugin) {
        this.id = id;
        this.plugin = plugin;
    }

    public String id() {
        return id;
    }

    public long in() {
        return in.sum();
    }

    public long out() {
        return out.sum();
    }

    public long failures() {
        return failures.sum();
    }

    public long nanos() {
        return nanos.sum();
    }

    void register(MeterRegistry registry) {
        FunctionCounter.builder("indexer.filter.events.in", in, LongAdder::sum).tag("id", id).tag("plugin", plugin)
                .description("Events that reached this filter").register(registry);
        FunctionCounter.builder("indexer.filter.events.out", out, LongAdder::sum).tag("id", id).tag("plugin", plugin)
                .description("Events that left this filter (not dropped)").register(registry);
        FunctionCounter.builder("indexer.filter.failures", failures, LongAdder::sum).tag("id", id).tag("plugin", plugin)
                .description("Events this filter did not match or failed on (tagged)").register(registry);
        FunctionCounter.builder("indexer.filter.seconds", nanos, n -> n.sum() / (double) TimeUnit.SECONDS.toNanos(1))
                .tag("id", id).tag("plugin", plugin).description("Time spent inside this filter").register(registry);
    }
}
