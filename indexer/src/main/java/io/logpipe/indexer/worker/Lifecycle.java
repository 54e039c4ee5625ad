package io.logpipe.indexer.worker;

import java.time.Duration;

/**
 * Running, then stopping with a deadline: work in hand may go on until the deadline, nothing new is started, and
 * after the deadline what is not finished is left for recovery. Thread-safe.
 */
final class Lifecycle {
    private volatile boolean stopping;
    private volatile long deadline;

    void stop(Duration grace) {
        deadline = System.nanoTime() + grace.toNanos();
        stopping = true;
    }

    boolean stopping() {
        return stopping;
    }

    boolean pastDeadline() {
        return stopping && System.nanoTime() - deadline > 0;
    }

    /** Nanoseconds until the deadline (0 when past it); {@link Long#MAX_VALUE} while running. */
    long nanosLeft() {
        return stopping ? Math.max(0, deadline - System.nanoTime()) : Long.MAX_VALUE;
    }
}
