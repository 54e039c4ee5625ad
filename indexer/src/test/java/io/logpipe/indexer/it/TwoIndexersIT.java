package io.logpipe.indexer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.logpipe.devstack.RedisServer;
import io.logpipe.devstack.SearchServer;
import io.logpipe.devstack.SharedServers;
import io.logpipe.indexer.testing.Events;
import io.logpipe.indexer.testing.Stores;

/** Two indexer processes with different consumer ids drain one list: every event indexed exactly once. */
class TwoIndexersIT {
    private static final int EVENTS = 100_000;

    @Test
    void twoProcessesDrainAHundredThousandEventsExactlyOnce() {
        RedisServer redis = SharedServers.redis();
        SearchServer es = SharedServers.search();
        Stores stores = new Stores(redis, es);
        String key = "it-two";
        String index = key + "-2026.11.24";
        stores.push(key, Events.many("two", EVENTS, "2026-11-24"));
        assertEquals(EVENTS, stores.llen(key));

        try (IndexerProcess a = IndexerProcess.of("alpha", key, redis, es, Map.of()).start();
                IndexerProcess b = IndexerProcess.of("bravo", key, redis, es, Map.of()).start()) {
            Drain.awaitComplete(stores, key, index, EVENTS, Duration.ofMinutes(4), a, b);
            String created = "indexer_events_indexed_total{result=\"created\"}";
            double byA = a.metric(created);
            double byB = b.metric(created);
            System.out.printf("[it] alpha indexed %.0f, bravo %.0f%n", byA, byB);
            assertTrue(byA > 0 && byB > 0, "both processes took part: alpha " + byA + ", bravo " + byB);
            assertEquals(EVENTS, byA + byB, 0.0, "each event created once, by one of them");
            assertEquals(143, a.stop(), "exit after the shutdown hooks ran");
            assertEquals(143, b.stop(), "exit after the shutdown hooks ran");
            assertTrue(a.allLogs().contains("indexer stopped; nothing in flight"), a.logTail(10));
        }
        Drain.assertExactlyOnce(stores, key, index, EVENTS);
        assertEquals(0L, stores.redis("ZCARD", "{" + key + "}:consumers"), "stopped consumers leave the heartbeat set");
    }
}
