/**
 * Recovery: heartbeats of this process's consumers and the reaper that returns dead consumers' in-flight lists.
 *
 * <p>Contract: an in-flight list is moved back to the head of the main list only when its consumer's heartbeat
 * (Redis time) is older than {@code consumer-timeout}, atomically with forgetting that consumer; nothing else
 * here writes to the main or in-flight lists.
 */
package io.logpipe.indexer.recovery;
