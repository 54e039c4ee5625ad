/**
 * The names of one logical queue's Redis lists, shared by the shipper and the indexer so that both compute the
 * same ones without talking to each other (DESIGN.md, "Redis keys and Redis Cluster").
 *
 * <p>Contract: shard 0 is the configured key itself (so Logstash shippers and indexers, and logpipe with
 * {@code shards=1}, use the list they always did); with N shards the others are {@code <key>:<s>}, chosen so that
 * the N lists fall into N different equal ranges of Redis Cluster's 16384 hash slots (one per primary when the
 * slots are split evenly, as {@code redis-cli --cluster create} does). The names depend only on the key and N. Every
 * auxiliary key of a shard carries the shard's name as a hash tag ({@code {<shard>}:...}), so one script's keys
 * always share a slot. A key with braces would make those tags ambiguous and is refused.
 */
package io.logpipe.common.queue;
