package io.logpipe.shipper.metrics;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The shipper's meters (DESIGN.md "Operations"), as Prometheus sees them: {@code shipper_lines_read_total},
 * {@code shipper_bytes_read_total}, {@code shipper_events_shipped_total}, {@code shipper_bytes_shipped_total},
 * {@code shipper_batches_total}, {@code shipper_redis_failures_total},
 * {@code shipper_backpressure_pauses_total{reason="congestion"|"redis"}}, and the gauges
 * {@code shipper_backpressure_paused}, {@code shipper_files_tracked}, {@code shipper_bytes_behind}. Byte meters
 * carry no base unit on purpose: Prometheus would append {@code _bytes} to names that already say bytes.
 */
public final class ShipperMetrics {
    public final Counter linesRead;
    public final Counter bytesRead;
    public final Counter eventsShipped;
    public final Counter bytesShipped;
    public final Counter batches;
    public final Counter redisFailures;
    public final Counter congestionPauses;
    public final Counter redisPauses;
    /** 1 while reading is paused by backpressure (congestion, Redis down or full). */
    public final AtomicInteger paused = new AtomicInteger();
    public final AtomicInteger filesTracked = new AtomicInteger();
    /** Bytes in tracked files past the acknowledged offsets. */
    public final AtomicLong bytesBehind = new AtomicLong();

    public ShipperMetrics(MeterRegistry registry) {
        linesRead = Counter.builder("shipper.lines.read").description("Lines read from files and stdin")
                .register(registry);
        bytesRead = Counter.builder("shipper.bytes.read").description("Bytes read from files and stdin")
                .register(registry);
        eventsShipped = Counter.builder("shipper.events.shipped").description("Events Redis acknowledged")
                .register(registry);
        bytesShipped = Counter.builder("shipper.bytes.shipped")
                .description("Event JSON bytes Redis acknowledged").register(registry);
        batches = Counter.builder("shipper.batches").description("Batches (RPUSH or PUBLISH rounds) Redis acknowledged")
                .register(registry);
        redisFailures = Counter.builder("shipper.redis.failures")
                .description("Redis commands that failed and were retried (down, OOM, timeout)").register(registry);
        congestionPauses = Counter.builder("shipper.backpressure.pauses").tag("reason", "congestion")
                .description("Times reading paused").register(registry);
        redisPauses = Counter.builder("shipper.backpressure.pauses").tag("reason", "redis")
                .description("Times reading paused").register(registry);
        Gauge.builder("shipper.backpressure.paused", paused, AtomicInteger::get)
                .description("1 while reading is paused by backpressure").register(registry);
        Gauge.builder("shipper.files.tracked", filesTracked, AtomicInteger::get).description("Files open for reading")
                .register(registry);
        Gauge.builder("shipper.bytes.behind", bytesBehind, AtomicLong::get)
                .description("Bytes in tracked files not yet acknowledged by Redis").register(registry);
    }
}
