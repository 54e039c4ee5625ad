package io.logpipe.indexer.claim;

import java.util.List;

/**
 * Where one worker gets its batches from. One instance per worker, used by that worker's thread only.
 *
 * <p>A worker holds at most one batch: {@link #next} is called again only after {@link #complete}.
 */
public interface BatchSource {
    /**
     * The next batch: what this worker already holds (after a restart), else newly claimed elements, waiting about
     * a second when there are none.
     *
     * @param stopping when true, claim nothing new; only hand back what is already held
     * @return null when nothing came
     * @throws RuntimeException when Redis failed; the caller backs off and calls again
     */
    Batch next(boolean stopping);

    /**
     * The batch is settled: removes it for good and appends its dead-letter entries, atomically.
     *
     * @throws RuntimeException when Redis failed; the caller backs off and calls again (it is idempotent)
     */
    void complete(Batch batch, List<String> deadLetters);

    /** The worker stops; a batch it still holds stays where recovery finds it. */
    void close();
}
