package io.logpipe.indexer.filter.plugin;

import java.lang.ref.WeakReference;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.joni.Matcher;
import org.joni.Option;

/**
 * grok's {@code timeout_millis}: stops a search that runs too long, for one pattern or for one event
 * ({@code timeout_scope}). Not the grok library's {@code MatcherWatchdog}: that one puts every search in a map
 * shared by all workers (two contended writes per search) and knows only the per-pattern scope. Here each worker
 * thread has its own slot, written by that thread alone; one daemon thread for all grok filters looks at the slots
 * every tick and interrupts the joni matcher of a section (a pattern, or an event) it has seen running for the
 * timeout. So a search is never stopped early and at most one tick late.
 */
final class GrokWatchdog {
    /** Thrown out of a search the watchdog stopped; carries no stack (it is an expected outcome). */
    static final class Timeout extends RuntimeException {
        static final Timeout INSTANCE = new Timeout();

        private Timeout() {
            super("grok timed out", null, false, false);
        }
    }

    /** One worker's state. A section is open while {@code epoch} is odd. */
    static final class Slot {
        private final Thread owner = Thread.currentThread();
        private final boolean eventScope;
        private volatile long epoch;
        private volatile Matcher matcher;
        // read and written by the checking thread only
        private long seenEpoch = -1;
        private long ticks;

        private Slot(boolean eventScope) {
            this.eventScope = eventScope;
        }

        /** Runs the search under the watchdog; returns joni's result ({@link Matcher#INTERRUPTED} when stopped). */
        int search(Matcher search, int end) {
            // the matcher is published before the epoch opens, and cleared before it closes
            matcher = search;
            if (!eventScope) {
                epoch++;
            }
            try {
                return search.search(0, end, Option.NONE);
            } finally {
                matcher = null;
                if (!eventScope) {
                    epoch++;
                }
            }
        }

        void beginEvent() {
            if (eventScope) {
                epoch++;
            }
        }

        void endEvent() {
            if (eventScope) {
                epoch++;
            }
        }
    }

    private static final class Timer {
        static final ScheduledExecutorService INSTANCE = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "grok-watchdog");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Holds the watchdog weakly, so a discarded filter's checks stop with it. */
    private static final class Check implements Runnable {
        private final WeakReference<GrokWatchdog> watchdog;
        private volatile ScheduledFuture<?> future;

        Check(GrokWatchdog watchdog) {
            this.watchdog = new WeakReference<>(watchdog);
        }

        @Override
        public void run() {
            GrokWatchdog w = watchdog.get();
            if (w != null) {
                w.check();
            } else if (future != null) {
                future.cancel(false);
            }
        }
    }

    private final long timeoutMillis;
    private final long tickMillis;
    private final boolean eventScope;
    private final Set<Slot> slots = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<Slot> local = ThreadLocal.withInitial(this::newSlot);

    GrokWatchdog(long timeoutMillis, boolean eventScope) {
        this.timeoutMillis = timeoutMillis;
        this.tickMillis = Math.max(1, Math.min(1000, timeoutMillis / 4));
        this.eventScope = eventScope;
        Check check = new Check(this);
        check.future = Timer.INSTANCE.scheduleWithFixedDelay(check, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    /** The calling thread's slot. */
    Slot slot() {
        return local.get();
    }

    private Slot newSlot() {
        Slot slot = new Slot(eventScope);
        slots.add(slot);
        return slot;
    }

    /**
     * A section seen open at the same epoch for {@code n} ticks (fixed delay between ticks) has run for at least
     * {@code n * tick}: it opened before the first of them.
     */
    private void check() {
        for (Slot slot : slots) {
            if (!slot.owner.isAlive()) {
                slots.remove(slot);
                continue;
            }
            long epoch = slot.epoch;
            if ((epoch & 1) == 0 || epoch != slot.seenEpoch) {
                slot.seenEpoch = epoch;
                slot.ticks = 0;
                continue;
            }
            if (++slot.ticks * tickMillis >= timeoutMillis) {
                Matcher running = slot.matcher;
                if (running != null && slot.epoch == epoch) {
                    running.interrupt();
                }
            }
        }
    }
}
