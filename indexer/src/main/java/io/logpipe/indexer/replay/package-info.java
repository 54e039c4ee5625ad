/**
 * Replay of dead letters: {@code java -jar quarkus-run.jar replay-dead-letters [--limit N] [--dry-run]}.
 *
 * <p>Contract: every entry of a queue's dead-letter list that the replay reaches goes back to the tail of that
 * queue's main list as the element it was, byte for byte (a JSON object however deep or long, or text), and its
 * entry leaves the dead-letter list in the same atomic step; a replay killed at any point loses no element and
 * doubles none, and a second run goes on with the rest. Oldest entries first; at most {@code --limit} of the
 * entries present at the start (those refused again meanwhile wait for the next run). {@code --dry-run} changes
 * nothing and says how many would be replayed, per reason (index, status, error type). An entry whose element
 * cannot be cut out stops the replay and stays where it is.
 *
 * <p>Key names come from {@link io.logpipe.indexer.config.RedisKeys}: one {@link
 * io.logpipe.indexer.replay.DeadLetterReplay} run per queue (per shard).
 */
package io.logpipe.indexer.replay;
