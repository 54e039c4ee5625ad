package io.logpipe.devstack;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition by polling it until a deadline; the only way devstack (and its tests) wait. */
public final class Poll {
    private Poll() {
    }

    /** Polls {@code condition} every {@code every} until it holds; throws {@link IllegalStateException} at the deadline. */
    public static void until(String what, Duration timeout, Duration every, BooleanSupplier condition) {
        until(what, timeout, every, condition, () -> "");
    }

    /** As {@link #until(String, Duration, Duration, BooleanSupplier)}, adding {@code diagnostics} to the failure. */
    public static void until(String what, Duration timeout, Duration every, BooleanSupplier condition,
            Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("Timed out after " + timeout + " waiting for " + what + diagnostics.get());
            }
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + what, e);
            }
        }
    }
}
