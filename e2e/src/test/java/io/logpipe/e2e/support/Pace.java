package io.logpipe.e2e.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.logpipe.devstack.Poll;

/**
 * An application under steady load: {@code total} lines at {@code perSecond}, written in small batches on a
 * fixed schedule (so a slow batch is caught up, not added to every later one), on its own thread.
 */
public final class Pace {
    /** Writes lines {@code first} to {@code first + count - 1}. */
    public interface Batch {
        void write(int first, int count) throws InterruptedException;
    }

    private Pace() {
    }

    /**
     * Starts writing. {@code allowed} caps how far the writer may go for now (it waits, polling, until the cap
     * moves), and a negative cap stops it; pass {@code () -> Long.MAX_VALUE} for no cap. Completes when all
     * lines are written or it was stopped.
     */
    public static CompletableFuture<Void> start(int total, int perSecond, int batchesPerSecond, LongSupplier allowed, Batch batch) {
        int size = Math.max(1, perSecond / batchesPerSecond);
        long tick = TimeUnit.SECONDS.toNanos(1) / batchesPerSecond;
        return CompletableFuture.runAsync(() -> {
            try {
                long next = System.nanoTime();
                for (int first = 0; first < total; first += size) {
                    long cap;
                    while (first >= (cap = allowed.getAsLong()) && cap >= 0) {
                        TimeUnit.MILLISECONDS.sleep(10);
                        next = System.nanoTime();
                    }
                    if (cap < 0) {
                        return;
                    }
                    batch.write(first, Math.min(size, total - first));
                    next += tick;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("writer interrupted", e);
            }
        });
    }

    /**
     * Waits until the writers wrote {@code lines} in all (a fault is injected at that point), failing at once with
     * a writer's own failure.
     */
    public static void awaitWritten(AtomicLong written, long lines, List<CompletableFuture<Void>> writers) {
        Poll.until(lines + " lines written", Duration.ofMinutes(3), Duration.ofMillis(50), () -> {
            for (CompletableFuture<Void> writer : writers) {
                if (writer.isCompletedExceptionally()) {
                    writer.join();
                }
            }
            return written.get() >= lines;
        });
    }

    /** Seconds since {@code begin}, for a test's timeline. */
    public static String at(long begin) {
        return String.format("%6.1fs", (System.nanoTime() - begin) / 1e9);
    }
}
