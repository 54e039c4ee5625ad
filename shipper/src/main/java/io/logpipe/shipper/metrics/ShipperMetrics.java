package io.logpipe.shipper.metrics;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The shipper's meters (DESIGN.md "Operations"), as Prometheus sees them: {@code shipper_lines_read_total},
 * {@code shipper_bytes_read_total}, {@code shipper_events_shipped_total}, {@code shipper_bytes_shipped_total},
 * {@code shipper_batches_total}, {@code shipper_redis_failures_total},
 * {@code shipper_backpressure_pauses_total{reason="congestion"|"redis"}}, and the gauges
 * {@code shipper_backpressure_paused}, {@code shipper_files_tracked}, {@code shipper_bytes_behind}. Byte meters
 * carry no base unit on purpose: Prometheus would append {@code _bytes} to names that already say bytes.
 *
 * <p>Counts are kept here ({@link Total}) and read by the registry at each scrape ({@link FunctionCounter}),
 * as the gauges are: the packaged service starts the shipper on StartupEvent, before Quarkus adds the Prometheus
 * registry to the global composite registry it injects, and a plain {@code Counter} of a composite with no
 * registry yet drops its increments, so what the first scan read and shipped was never counted.
 */
public final class ShipperMetrics {
    public final Total linesRead = new Total();
    public final Total bytesRead = new Total();
    public final Total eventsShipped = new Total();
    public final Total bytesShipped = new Total();
    public final Total batches = new Total();
    public final Total redisFailures = new Total();
    public final Total congestionPauses = new Total();
    public final Total redisPauses = new Total();
    public final Total replicaShortfalls = new Total();
    /** 1 while reading is paused by backpressure (congestion, Redis down or full). */
    public final AtomicInteger paused = new AtomicInteger();
    public final AtomicInteger filesTracked = new AtomicInteger();
    /** Bytes in tracked files past the acknowledged offsets. */
    public final AtomicLong bytesBehind = new AtomicLong();

    public ShipperMetrics(MeterRegistry registry) {
        counter(registry, "shipper.lines.read", linesRead, "Lines read from files and stdin");
        counter(registry, "shipper.bytes.read", bytesRead, "Bytes read from files and stdin");
        counter(registry, "shipper.events.shipped", eventsShipped, "Events Redis acknowledged");
        counter(registry, "shipper.bytes.shipped", bytesShipped, "Event JSON bytes Redis acknowledged");
        counter(registry, "shipper.batches", batches, "Batches (RPUSH or PUBLISH rounds) Redis acknowledged");
        counter(registry, "shipper.redis.failures", redisFailures,
                "Redis commands that failed and were retried (down, OOM, timeout)");
        counter(registry, "shipper.redis.replica.shortfalls", replicaShortfalls,
                "Batches sent again because WAIT saw fewer replicas than shipper.redis.wait-replicas");
        FunctionCounter.builder("shipper.backpressure.pauses", congestionPauses, Total::count).tag("reason", "congestion")
                .description("Times reading paused").register(registry);
        FunctionCounter.builder("shipper.backpressure.pauses", redisPauses, Total::count).tag("reason", "redis")
                .description("Times reading paused").register(registry);
        Gauge.builder("shipper.backpressure.paused", paused, AtomicInteger::get)
                .description("1 while reading is paused by backpressure").register(registry);
        Gauge.builder("shipper.files.tracked", filesTracked, AtomicInteger::get).description("Files open for reading")
                .register(registry);
        Gauge.builder("shipper.bytes.behind", bytesBehind, AtomicLong::get)
                .description("Bytes in tracked files not yet acknowledged by Redis").register(registry);
    }

    private static void counter(MeterRegistry registry, String name, Total total, String description) {
        FunctionCounter.builder(name, total, Total::count).description(description).register(registry);
    }

    /** A count that only grows; the registry holds it weakly, this object's fields keep it alive. */
    public static final class Total {
        private final LongAdder sum = new LongAdder();

        public void increment() {
            sum.increment();
        }

        public void increment(long n) {
            sum.add(n);
        }

        public long count() {
            return sum.sum();
        }
    }
}
