/**
 * Configuration of the indexer: the one {@code @ConfigMapping} ({@link io.logpipe.indexer.config.IndexerConfig})
 * and the names derived from it.
 *
 * <p>Contract: every Redis key the indexer touches comes from {@link io.logpipe.indexer.config.RedisKeys}, and
 * every consumer id from {@link io.logpipe.indexer.config.ConsumerIds}; nothing else builds these names.
 */
package io.logpipe.indexer.config;
