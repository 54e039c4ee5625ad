/**
 * Batching and the Redis output.
 *
 * <p>Contract: batches are sent one at a time, in the order they were built, each retried until Redis accepts
 * it; only then are its offsets given to the registry. At most {@code QUEUED_BATCHES} finished batches wait,
 * so a slow, full or absent Redis stops reading instead of filling memory.
 */
package io.logpipe.shipper.sink;
