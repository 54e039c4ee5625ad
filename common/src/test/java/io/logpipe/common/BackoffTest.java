package io.logpipe.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesFromInitialUntilTheCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.999999);
        long[] expected = {100, 200, 400, 800, 1000, 1000};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], backoff.ceiling(i + 1).toMillis());
            Duration wait = backoff.next();
            assertTrue(wait.toMillis() >= expected[i] - 1 && wait.toMillis() <= expected[i], "attempt " + (i + 1) + ": " + wait);
        }
        assertEquals(6, backoff.failures());
    }

    @Test
    void jitterStaysWithinTheUpperHalfOfTheCeiling() {
        Backoff low = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), () -> 0.0);
        Backoff high = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), () -> 0.999999);
        for (int i = 1; i <= 20; i++) {
            Duration ceiling = low.ceiling(i);
            Duration a = low.next();
            Duration b = high.next();
            assertEquals(ceiling.dividedBy(2), a, "attempt " + i);
            assertTrue(b.compareTo(ceiling) <= 0 && b.compareTo(ceiling.dividedBy(2)) > 0, "attempt " + i + ": " + b);
        }
    }

    @Test
    void resetStartsOverAndManyFailuresNeverOverflow() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), () -> 0.5);
        for (int i = 0; i < 1000; i++) {
            assertTrue(backoff.next().compareTo(Duration.ofSeconds(30)) <= 0);
        }
        backoff.reset();
        assertEquals(75, backoff.next().toMillis());
    }

    @Test
    void rejectsAMaxBelowInitial() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
    }
}
