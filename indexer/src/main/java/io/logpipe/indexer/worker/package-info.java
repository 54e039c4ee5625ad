/**
 * The workers: claim, build, bulk, complete, in a loop per consumer id; the process lifecycle (start after the
 * template, graceful stop), liveness and metrics.
 *
 * <p>Contract: a worker completes a batch (removes it from Redis) only after the bulk stage settled every
 * document; on any failure it backs off and tries again; at shutdown it claims nothing new and gives up only at the
 * deadline, leaving its batch in its in-flight list.
 */
package io.logpipe.indexer.worker;
