package io.logpipe.shipper.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

class ShipperMetricsTest {
    /**
     * What the packaged service does: the meters are registered in the global composite registry at StartupEvent
     * and counting begins, and only then does Quarkus add its Prometheus registry (the one this class it uses).
     */
    @Test
    @SuppressWarnings("deprecation")
    void countsMadeBeforeThePrometheusRegistryIsAttachedAreScraped() {
        CompositeMeterRegistry global = new CompositeMeterRegistry();
        ShipperMetrics metrics = new ShipperMetrics(global);
        metrics.linesRead.increment(60);
        metrics.bytesRead.increment(2_000);
        metrics.eventsShipped.increment(60);
        metrics.bytesShipped.increment(12_000);
        metrics.batches.increment();
        metrics.redisPauses.increment();

        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        global.add(prometheus);
        metrics.linesRead.increment(5);
        metrics.eventsShipped.increment(5);

        List<String> samples = prometheus.scrape().lines().filter(l -> l.startsWith("shipper_")).toList();
        for (String expected : List.of("shipper_lines_read_total 65.0", "shipper_bytes_read_total 2000.0",
                "shipper_events_shipped_total 65.0", "shipper_bytes_shipped_total 12000.0",
                "shipper_batches_total 1.0", "shipper_redis_failures_total 0.0",
                "shipper_backpressure_pauses_total{reason=\"redis\",} 1.0",
                "shipper_backpressure_pauses_total{reason=\"congestion\",} 0.0")) {
            assertTrue(samples.contains(expected), expected + " in " + samples);
        }
        assertEquals(65, metrics.linesRead.count());
    }
}
