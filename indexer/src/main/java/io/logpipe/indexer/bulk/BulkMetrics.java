package io.logpipe.indexer.bulk;

/** What the bulk stage reports; implemented with Micrometer by the worker. */
public interface BulkMetrics {
    BulkMetrics NONE = new BulkMetrics() {
    };

    /** Items Elasticsearch indexed now. */
    default void indexed(int count) {
    }

    /** Items that were already indexed (409 on create: a redelivery). */
    default void alreadyIndexed(int count) {
    }

    /** Items sent again after a backoff (item 429/5xx, or the whole request failed). */
    default void retried(int count) {
    }

    default void deadLettered(int count) {
    }

    /** One HTTP request: how long it took and whether an HTTP answer came back. */
    default void request(long nanos, boolean answered) {
    }
}
