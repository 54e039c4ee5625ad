package io.logpipe.indexer.bulk;

import java.time.Duration;

/** How a retry loop waits, and when it must stop trying (shutdown past its grace period). */
public interface Pacing {
    /** Waits {@code wait} (or less when giving up); returns false when the caller must give up. */
    boolean pause(Duration wait);

    /** True when the caller must give up now and leave its batch for recovery. */
    boolean giveUp();

    /** Called at every step, so liveness can tell a working loop from a stuck one. */
    default void step() {
    }
}
