package io.logpipe.indexer.claim;

import java.util.List;

/**
 * Where one worker gets its batches from. One instance per worker, used by that worker's thread only.
 *
 * <p>A worker holds at most one batch: it asks for the next one only together with settling the one it holds.
 */
public interface BatchSource {
    /** A batch every element of which is indexed or refused, and the dead-letter entries of the refused. */
    record Settled(Batch batch, List<String> deadLetters) {
    }

    /**
     * Removes {@code settled} (when not null) for good and appends its dead-letter entries, atomically, then
     * returns the next batch: what this worker already holds (after a restart), else newly claimed elements,
     * waiting about a second when there are none.
     *
     * <p>When this throws, the removal may or may not have happened, and when not {@code stopping} a new batch may
     * already be claimed: the caller must not repeat the removal, but call again with {@code null}; whatever it
     * still holds comes back and is indexed again, which the document ids make harmless. When {@code stopping},
     * nothing is claimed, so a failed call may be repeated as is.
     *
     * @param stopping claim nothing new; only settle, and hand back what is already held
     * @return null when nothing came
     * @throws RuntimeException when Redis failed
     */
    Batch next(Settled settled, boolean stopping);

    /** The worker stops; a batch it still holds stays where recovery finds it. */
    void close();
}
