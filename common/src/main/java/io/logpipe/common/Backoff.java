package io.logpipe.common;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with full jitter, the one retry policy of logpipe (Redis down or full, Elasticsearch
 * down, items answered 429/5xx).
 *
 * <p>The n-th consecutive failure waits a uniformly random time in {@code [cap_n / 2, cap_n]} where
 * {@code cap_n = min(max, initial * 2^(n-1))}: jitter spreads replicas that failed together apart, and the lower
 * half-bound keeps the wait from collapsing to zero. {@link #reset()} after a success.
 *
 * <p>Not thread-safe: one instance per retry loop.
 */
public final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final DoubleSupplier random;
    private int failures;

    /** @param random uniform in [0, 1); inject a fixed one in tests */
    public Backoff(Duration initial, Duration max, DoubleSupplier random) {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial backoff must be positive: " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max backoff " + max + " is below initial " + initial);
        }
        this.initial = initial;
        this.max = max;
        this.random = Objects.requireNonNull(random);
    }

    public Backoff(Duration initial, Duration max) {
        this(initial, max, () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
    }

    /** Records one more failure and returns how long to wait before the next attempt. */
    public Duration next() {
        failures = Math.min(failures + 1, 62);
        long cap = ceiling(failures).toNanos();
        long half = cap / 2;
        return Duration.ofNanos(half + (long) (random.getAsDouble() * (cap - half)));
    }

    /** The upper bound of the wait after {@code failures} consecutive failures. */
    public Duration ceiling(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        long initialNanos = initial.toNanos();
        int shift = Math.min(failures - 1, 62);
        long scaled = shift >= Long.numberOfLeadingZeros(initialNanos) - 1 ? Long.MAX_VALUE : initialNanos << shift;
        return Duration.ofNanos(Math.min(scaled, max.toNanos()));
    }

    /** Consecutive failures since the last {@link #reset()}. */
    public int failures() {
        return failures;
    }

    /** A success: the next failure waits about {@code initial} again. */
    public void reset() {
        failures = 0;
    }
}
