/**
 * Retention: deleting the daily (weekly, monthly, yearly) indices of the indexer's own index pattern once all
 * their events are older than {@code indexer.retention}, on any Elasticsearch or OpenSearch.
 *
 * <p>Contract: only an index whose name matches the pattern's glob and reads back, through the pattern's
 * {@code %{+...}} date, to exactly itself is ever deleted, and only when the whole span its name stands for (a
 * day for {@code %{+YYYY.MM.dd}}) ended more than {@code indexer.retention} ago: today's and yesterday's indices
 * stay under any retention of a day or more, and a name the pattern did not write is left alone. Deletion is by
 * concrete name, one index per request, never by wildcard; a 404 (another replica was first) is success. A
 * pattern whose names do not tell their date stops the start-up with the reason when retention is set.
 */
package io.logpipe.indexer.retention;
