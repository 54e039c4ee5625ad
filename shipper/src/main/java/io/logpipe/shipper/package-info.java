/**
 * The shipper: files (and optionally stdin) into a Redis list, nothing lost, nothing read twice without a crash.
 *
 * <p>Threads: one pipeline thread (discover, read, frame, join, batch, then serialize, send in order, retry and
 * acknowledge through the Redis sink), one registry flusher. Offsets move only on Redis's acknowledgement.
 */
package io.logpipe.shipper;
