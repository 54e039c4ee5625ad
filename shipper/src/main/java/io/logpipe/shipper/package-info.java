/**
 * The shipper: files (and optionally stdin) into a Redis list, nothing lost, nothing read twice without a crash.
 *
 * <p>Threads: one pipeline thread (discover, read, frame, join, serialize, batch), one Redis sink thread
 * (send in order, retry, acknowledge), one registry flusher. Offsets move only on Redis's acknowledgement.
 */
package io.logpipe.shipper;
