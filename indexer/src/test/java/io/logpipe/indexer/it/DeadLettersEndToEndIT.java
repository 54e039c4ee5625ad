package io.logpipe.indexer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.logpipe.devstack.SearchServer;
import io.logpipe.devstack.Poll;
import io.logpipe.devstack.RedisServer;
import io.logpipe.devstack.SharedServers;
import io.logpipe.indexer.testing.Events;
import io.logpipe.indexer.testing.Stores;

/**
 * The operator's story: events refused for good are logged (once for the kind, not once per event), the cause is
 * fixed, {@code replay-dead-letters} sends them back, and the indexer indexes them, each once.
 */
class DeadLettersEndToEndIT {
    @Test
    void refusedEventsAreLoggedOncePerReasonAndIndexedAfterTheFixAndAReplay() throws Exception {
        RedisServer redis = SharedServers.redis();
        SearchServer es = SharedServers.search();
        Stores stores = new Stores(redis, es);
        String key = "it-dl-e2e";
        String dead = key + ":dead";
        stores.redis("DEL", key, dead);
        String run = "run" + System.nanoTime();
        List<String> refused = new ArrayList<>();
        List<String> good = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            refused.add(withApp(Events.event(run, run + "-bad-" + i, "2026-11-24T10:00:00.000Z", i), "Bad App*"));
            good.add(withApp(Events.event(run, run + "-good-" + i, "2026-11-24T10:00:00.000Z", i), "shop"));
        }
        List<String> all = new ArrayList<>(good);
        all.addAll(refused);

        Map<String, String> byApp = Map.of("indexer.index", key + "-%{[fields][app]}-%{+YYYY.MM.dd}", "indexer.dead-letter-key", dead);
        try (IndexerProcess indexer = IndexerProcess.of("dl-e2e", key, redis, es, byApp).startReady()) {
            stores.push(key, all);
            Poll.until("30 dead letters and 30 documents", Duration.ofSeconds(60), Duration.ofMillis(200), () -> {
                stores.refresh(key + "-shop-2026.11.24");
                return stores.llen(dead) == 30 && stores.countRun(key + "-shop-2026.11.24", run) == 30;
            }, () -> "\n" + indexer.logTail(30));
            String line = "event dead-lettered: index [" + key + "-bad app*-2026.11.24], status 400, invalid_index_name_exception";
            Poll.until("the log line", Duration.ofSeconds(10), Duration.ofMillis(100), () -> indexer.allLogs().contains(line));
            assertEquals(1, indexer.allLogs().lines().filter(l -> l.contains("event dead-lettered")).count(),
                    "30 refused for one reason within a minute: one line\n" + indexer.logTail(30));
            assertEquals(143, indexer.stop());
        }

        // The fix: an index name that does not depend on the field (a pattern of its own, so that its template does
        // not overlap the first one's). Then the replay, while the indexer runs.
        String fixedIndex = "it-dlfixed-2026.11.24";
        Map<String, String> fixed = Map.of("indexer.index", "it-dlfixed-%{+YYYY.MM.dd}", "indexer.dead-letter-key", dead);
        try (IndexerProcess indexer = IndexerProcess.of("dl-e2e-fixed", key, redis, es, fixed).startReady()) {
            int code;
            try (ReplayProcess replay = ReplayProcess.start("dl-e2e-replay", Map.of("quarkus.redis.hosts", redis.url(),
                    "indexer.redis.key", key, "indexer.dead-letter-key", dead), "replay-dead-letters")) {
                code = replay.awaitExit(Duration.ofMinutes(2));
                System.out.println("[it] replay:\n" + replay.output());
            }
            assertEquals(0, code);
            Drain.awaitComplete(stores, key, fixedIndex, 30, Duration.ofSeconds(60), indexer);
        }
        Drain.assertExactlyOnce(stores, key, fixedIndex, 30);
        assertEquals(30, stores.countRun(fixedIndex, run));
    }

    private static String withApp(String event, String app) {
        return event.replace("\"fields\":{\"team\":\"payments\"}", "\"fields\":{\"team\":\"payments\",\"app\":\"" + app + "\"}");
    }
}
