/**
 * A minimal Redis (RESP2) connection of the services' own, for the commands that carry the data: the shipper's
 * {@code RPUSH} of a batch, the indexer's {@code LRANGE} of a claimed one. Everything else goes through the Quarkus
 * Redis client; this path is taken only where a plain {@code redis://} URL says all the connection needs
 * ({@link io.logpipe.common.resp.RedisEndpoint#of}).
 *
 * <p>Contract: blocking calls on one thread, each write and read bounded by a timeout; replies are read in the
 * order the commands were written; an error reply ({@link io.logpipe.common.resp.RespConnection.ErrorReply}) fails
 * that command only, any other failure means the connection is to be dropped.
 */
package io.logpipe.common.resp;
