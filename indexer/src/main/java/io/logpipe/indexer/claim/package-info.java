/**
 * Claim: how a worker takes a batch from Redis and gives it back settled.
 *
 * <p>Contract ({@link io.logpipe.indexer.claim.BatchSource}): with {@code data-type=list}, an element leaves the
 * main list only into this worker's in-flight list (atomically, by Lua), and leaves the in-flight list only when
 * the worker completes the batch, together with writing its dead-letter entries. A worker holds at most one
 * batch, and first gets back what its consumer id already holds. With {@code data-type=channel} there is no such
 * guarantee: messages are best-effort pub/sub.
 *
 * <p>A queue may be several lists (shards, {@link io.logpipe.indexer.claim.Shards}); the contract holds per shard,
 * and every worker drains every shard in turn ({@link io.logpipe.indexer.claim.ShardedClaimer}). All the keys one
 * script touches share the shard's Redis Cluster slot ({@link io.logpipe.indexer.config.RedisKeys}).
 */
package io.logpipe.indexer.claim;
