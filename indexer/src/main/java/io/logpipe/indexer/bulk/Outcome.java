package io.logpipe.indexer.bulk;

/** What happens to one bulk item after Elasticsearch answered it. */
public enum Outcome {
    /** Indexed, or already there (409 on {@code create}: an earlier delivery of the same id succeeded). */
    DONE,
    /** Elasticsearch could not take it now (429, 5xx): send this item again after a backoff. */
    RETRY,
    /** Elasticsearch refused it for good (other 4xx, e.g. a mapping conflict): dead-letter it. */
    DEAD;

    public static Outcome of(int status) {
        if ((status >= 200 && status < 300) || status == 409) {
            return DONE;
        }
        if (status == 429 || status >= 500) {
            return RETRY;
        }
        if (status >= 400) {
            return DEAD;
        }
        // 1xx/3xx for an item is not something Elasticsearch sends; trying again is the safe reading.
        return RETRY;
    }
}
