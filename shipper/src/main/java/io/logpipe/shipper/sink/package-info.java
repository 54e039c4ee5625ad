/**
 * Batching and the Redis output.
 *
 * <p>Contract: batches are sent in the order they were built, on one connection (up to two in flight; for a
 * list on a plain standalone Redis the sink's own socket, {@link io.logpipe.common.resp.RespConnection}, else one
 * of the Quarkus client's), each retried until Redis accepts it; only then are its offsets given to the
 * registry. At most {@code RedisSink.IN_FLIGHT} sent batches wait for their answers besides the one being built,
 * so a slow, full or absent Redis stops reading instead of filling memory.
 */
package io.logpipe.shipper.sink;
