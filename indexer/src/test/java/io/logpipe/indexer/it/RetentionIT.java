package io.logpipe.indexer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpipe.devstack.Poll;
import io.logpipe.devstack.RedisServer;
import io.logpipe.devstack.SearchServer;
import io.logpipe.devstack.SharedServers;
import io.logpipe.indexer.testing.Stores;

/**
 * Retention on the real search server (Elasticsearch, or OpenSearch with {@code -Ddevstack.search=opensearch}), by
 * two indexer replicas at once, with {@code action.destructive_requires_name} on: with {@code indexer.retention=7d}
 * the daily indices of days more than 7 days back are deleted (a closed one too), today's, yesterday's and the one
 * of 6 days ago stay, and indices that match the glob but that the pattern did not write are left alone.
 */
class RetentionIT {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd");
    private static final String KEY = "it-retention";

    @Test
    void twoReplicasDeleteTheDailyIndicesOlderThanSevenDaysAndNothingElse() {
        RedisServer redis = SharedServers.redis();
        SearchServer es = SharedServers.search();
        Stores stores = new Stores(redis, es);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<String> kept = List.of(daily(today), daily(today.minusDays(1)), daily(today.minusDays(6)),
                KEY + "-archive", daily(today.minusDays(30)) + "-restored", KEY + "-2020.1.5");
        List<String> expired = List.of(daily(today.minusDays(8)), daily(today.minusDays(30)), daily(today.minusDays(400)));
        String closed = daily(today.minusDays(10));
        for (String index : concat(kept, expired, List.of(closed))) {
            create(stores, index);
        }
        assertAcknowledged(stores.es("POST", "/" + closed + "/_close", null), "close " + closed);
        setDestructiveRequiresName(stores, "true");
        try (IndexerProcess alpha = IndexerProcess.of("retention-a", KEY, redis, es, settings()).startReady();
                IndexerProcess bravo = IndexerProcess.of("retention-b", KEY, redis, es, settings()).startReady()) {
            Set<String> gone = new TreeSet<>(expired);
            gone.add(closed);
            Poll.until("the indices older than 7 days deleted", Duration.ofSeconds(60), Duration.ofMillis(200),
                    () -> existing(stores).stream().noneMatch(gone::contains),
                    () -> " (left: " + existing(stores) + ")\n" + alpha.logTail(20) + "\n" + bravo.logTail(20));

            // A check after those deletions, by one of the replicas: the kept indices have been looked at again.
            String later = daily(today.minusDays(9));
            create(stores, later);
            gone.add(later);
            Poll.until(later + " deleted by a later check", Duration.ofSeconds(60), Duration.ofMillis(200),
                    () -> !existing(stores).contains(later));

            Set<String> left = existing(stores);
            for (String index : kept) {
                assertTrue(left.contains(index), index + " must stay; left: " + left);
            }
            String metric = "indexer_retention_deleted_indices_total";
            // The index leaves the cluster's list a moment before the deleting replica has its answer and counts it.
            Poll.until("every deletion counted", Duration.ofSeconds(30), Duration.ofMillis(100),
                    () -> alpha.metric(metric) + bravo.metric(metric) >= gone.size(),
                    () -> " (counted: " + alpha.metric(metric) + " + " + bravo.metric(metric) + " of " + gone.size()
                            + ")\n" + alpha.logTail(20) + "\n" + bravo.logTail(20));
            assertEquals(gone.size(), alpha.metric(metric) + bravo.metric(metric), 0.0,
                    "each deletion counted once, by the replica whose request deleted it");
            String logs = alpha.allLogs() + bravo.allLogs();
            for (String index : gone) {
                assertTrue(logs.contains("retention: deleted index " + index + " "), index + " logged:\n" + logs);
            }
            assertFalse(logs.contains("retention: check failed"), logs);
            assertEquals(143, alpha.stop());
            assertEquals(143, bravo.stop());
        } finally {
            setDestructiveRequiresName(stores, "null");
            stores.es("DELETE", "/" + String.join(",", kept), null);
        }
    }

    @Test
    void retentionWithAnIndexPatternWithoutDateStopsTheStartUpWithTheReason() {
        try (IndexerProcess indexer = IndexerProcess.of("retention-nodate", KEY + "-nodate", SharedServers.redis(),
                SharedServers.search(), Map.of("indexer.index", "it-retention-static", "indexer.retention", "7d")).start()) {
            assertNotEquals(0, indexer.awaitExit(Duration.ofSeconds(60)));
            String log = indexer.allLogs();
            assertTrue(log.contains("indexer.retention=7d cannot work: the index pattern \"it-retention-static\" has no date"),
                    log);
        }
    }

    private static Map<String, String> settings() {
        return Map.of("indexer.retention", "7d", "indexer.retention.check-interval", "1s", "indexer.workers", "1");
    }

    private static String daily(LocalDate day) {
        return KEY + "-" + day.format(DAY);
    }

    private static void create(Stores stores, String index) {
        assertAcknowledged(stores.es("PUT", "/" + index, "{\"settings\":{\"number_of_replicas\":0}}"), "create " + index);
    }

    private static void assertAcknowledged(JsonNode answer, String what) {
        assertTrue(answer.path("acknowledged").asBoolean(), what + ": " + answer);
    }

    /** {@code action.destructive_requires_name}: true makes the server refuse a deletion by wildcard; null resets it. */
    private static void setDestructiveRequiresName(Stores stores, String value) {
        assertAcknowledged(stores.es("PUT", "/_cluster/settings",
                "{\"persistent\":{\"action.destructive_requires_name\":" + value + "}}"), "cluster settings");
    }

    /** The indices whose names start with the key, open or closed. */
    private static Set<String> existing(Stores stores) {
        JsonNode rows = stores.es("GET", "/_cat/indices/" + KEY + "*?format=json&h=index&expand_wildcards=open,closed", null);
        Set<String> names = new TreeSet<>();
        rows.forEach(row -> names.add(row.path("index").asText()));
        return names;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return all;
    }
}
