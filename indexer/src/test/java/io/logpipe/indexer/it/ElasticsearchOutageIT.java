package io.logpipe.indexer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.logpipe.devstack.Poll;
import io.logpipe.devstack.RedisServer;
import io.logpipe.devstack.SearchServer;
import io.logpipe.devstack.SharedServers;
import io.logpipe.indexer.testing.Events;
import io.logpipe.indexer.testing.Stores;

/** Elasticsearch goes away for 20 s mid-drain: the indexer backs off, the queue grows, nothing is lost. */
class ElasticsearchOutageIT {
    private static final int EVENTS = 100_000;
    private static final int WORKERS = 4;

    @Test
    void aTwentySecondOutageMidDrainLosesNothing() {
        RedisServer redis = SharedServers.redis();
        SearchServer es = SharedServers.search();
        Stores stores = new Stores(redis, es);
        String key = "it-outage";
        String index = key + "-2026.11.24";
        List<String> events = Events.many("outage", EVENTS, "2026-11-24");

        try (IndexerProcess indexer = IndexerProcess.of("outage", key, redis, es, Map.of("indexer.workers", Integer.toString(WORKERS))).startReady()) {
            stores.push(key, events.subList(0, EVENTS / 2));
            Poll.until("part of the first half indexed", Duration.ofSeconds(60), Duration.ofMillis(50),
                    () -> indexer.metric("indexer_events_indexed_total{result=\"created\"}") >= 5_000);

            es.stop();
            long down = System.nanoTime();
            long queueAtStop = stores.llen(key);
            stores.push(key, events.subList(EVENTS / 2, EVENTS));
            Poll.until("the indexer sees Elasticsearch gone", Duration.ofSeconds(30), Duration.ofMillis(200),
                    () -> indexer.status("/q/health/ready") == 503);
            Poll.until("20 s of outage", Duration.ofSeconds(40), Duration.ofMillis(500),
                    () -> System.nanoTime() - down >= Duration.ofSeconds(20).toNanos());
            long queueAtEnd = stores.llen(key);
            assertTrue(queueAtEnd > queueAtStop, "the queue grew: " + queueAtStop + " -> " + queueAtEnd);
            assertEquals(200, indexer.status("/q/health/live"), "backing off is alive, not stuck");
            assertTrue(indexer.alive());
            double failed = indexer.metric("indexer_bulk_seconds_count{answered=\"false\"}");
            assertTrue(failed >= 2, "requests were retried with backoff: " + failed + " without an answer");
            // Each worker retries on its own backoff: a few quick attempts, then ever longer waits. A busy loop would
            // make thousands.
            assertTrue(failed < 30 * WORKERS, "backoff, not a busy loop: " + failed + " attempts by " + WORKERS
                    + " workers in 20 s");

            es.start();
            Drain.awaitComplete(stores, key, index, EVENTS, Duration.ofMinutes(4), indexer);
            assertTrue(indexer.metric("indexer_events_retried_total") > 0);
            assertEquals(143, indexer.stop());
            assertTrue(indexer.allLogs().contains("indexer stopped; nothing in flight"), indexer.logTail(10));
        } finally {
            if (!es.running()) {
                es.start(); // the other tests of this JVM share it: a failure here must not fail them too
            }
        }
        Drain.assertExactlyOnce(stores, key, index, EVENTS);
    }
}
