package io.logpipe.indexer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import io.logpipe.devstack.Poll;
import io.logpipe.indexer.testing.Stores;

/** The checks every drain test ends with: all indexed once, nothing left anywhere in Redis. */
final class Drain {
    private Drain() {
    }

    /** Waits until {@code key} and every in-flight list are empty and {@code index} holds {@code expected} documents. */
    static void awaitComplete(Stores stores, String key, String index, long expected, Duration timeout, IndexerProcess... processes) {
        Poll.until(expected + " documents in " + index + " and nothing left in " + key, timeout, Duration.ofMillis(500), () -> {
            if (stores.llen(key) > 0 || !stores.keys("{" + key + "}:inflight:*").isEmpty()) {
                return false;
            }
            stores.refresh(index);
            return stores.count(index, "{\"match_all\":{}}") >= expected;
        }, () -> {
            StringBuilder s = new StringBuilder("; queue " + stores.llen(key) + ", in-flight " + stores.keys("{" + key + "}:inflight:*")
                    + ", indexed " + stores.count(index, "{\"match_all\":{}}") + ", dead " + stores.llen("{" + key + "}:dead"));
            for (IndexerProcess p : processes) {
                s.append("\n--- ").append(p.logTail(30));
            }
            return s.toString();
        });
    }

    /** Exactly {@code expected} documents, each with its own event.id, none without one; no dead letters. */
    static void assertExactlyOnce(Stores stores, String key, String index, long expected) {
        stores.refresh(index);
        assertEquals(expected, stores.count(index, "{\"match_all\":{}}"), "_count");
        assertEquals(expected, stores.distinctEventIds(index), "distinct event.id (exact, composite aggregation)");
        assertEquals(0, stores.count(index, "{\"bool\":{\"must_not\":{\"exists\":{\"field\":\"event.id\"}}}}"),
                "documents without event.id");
        assertEquals(0, stores.llen(key), "queue");
        assertEquals(List.of(), stores.keys("{" + key + "}:inflight:*"), "in-flight lists");
        assertEquals(0, stores.llen("{" + key + "}:dead"), "dead letters");
    }
}
