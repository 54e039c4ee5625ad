package io.logpipe.indexer.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.logpipe.devstack.Poll;
import io.logpipe.devstack.RedisServer;
import io.logpipe.devstack.SearchServer;
import io.logpipe.devstack.SharedServers;
import io.logpipe.indexer.testing.Events;
import io.logpipe.indexer.testing.Stores;

/**
 * One of two indexers is killed with SIGKILL five times while 100,000 events drain, each time while it holds a
 * batch, and started again with the same consumer id: nothing is lost, nothing indexed twice.
 */
class KillIT {
    private static final int EVENTS = 100_000;
    private static final int PUSH = 5_000;

    @Test
    void killingAnIndexerFiveTimesMidBatchLosesAndDuplicatesNothing() throws Exception {
        RedisServer redis = SharedServers.redis();
        SearchServer es = SharedServers.search();
        Stores stores = new Stores(redis, es);
        String key = "it-kill";
        String index = key + "-2026.11.24";
        List<String> events = Events.many("kill", EVENTS, "2026-11-24");

        try (IndexerProcess steady = IndexerProcess.of("steady", key, redis, es, Map.of()).startReady();
                IndexerProcess victim = IndexerProcess.of("victim", key, redis, es, Map.of()).startReady()) {
            // Events arrive in pushes of 5,000 every 500 ms, more than the steady indexer's 4 workers claim at once
            // (1,000 each): every push leaves the victim batches to hold, however much faster the warm steady
            // indexer claims than a victim just restarted (with pushes of 500, a CI run saw the steady one take
            // them all for 11 s). Pushes stop at an allowance that grows after each restart: the drain outlasts the
            // five kills however slowly the machine restarts a JVM.
            AtomicInteger pushed = new AtomicInteger();
            AtomicInteger allowed = new AtomicInteger(16_000);
            ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor();
            producer.scheduleAtFixedRate(() -> {
                int from = pushed.get();
                if (from < Math.min(allowed.get(), EVENTS)) {
                    stores.push(key, events.subList(from, from + PUSH));
                    pushed.addAndGet(PUSH);
                }
            }, 0, 500, TimeUnit.MILLISECONDS);

            int leftBehind = 0;
            for (int kill = 1; kill <= 5; kill++) {
                // A claimed batch (not just the one element BLMOVE takes before the top-up): killed mid-bulk.
                Poll.until("victim holds a batch", Duration.ofSeconds(60), Duration.ofMillis(5),
                        () -> inFlight(stores, key, "victim") >= 100, () -> "\n" + victim.logTail(30));
                victim.kill9();
                long held = inFlight(stores, key, "victim");
                leftBehind += held > 0 ? 1 : 0;
                System.out.printf("[it] kill %d: victim left %d events in flight; %d pushed so far%n", kill, held, pushed.get());
                victim.startReady();
                allowed.addAndGet(16_000);
            }
            allowed.set(EVENTS);
            Poll.until("all events pushed", Duration.ofSeconds(120), Duration.ofMillis(200), () -> pushed.get() == EVENTS);
            producer.shutdown();
            Drain.awaitComplete(stores, key, index, EVENTS, Duration.ofMinutes(4), steady, victim);
            assertTrue(leftBehind >= 1, "at least one kill left a batch in flight (" + leftBehind + " of 5)");
            String recovered = victim.allLogs() + steady.allLogs();
            System.out.println("[it] reaper returns: " + recovered.lines().filter(l -> l.contains("returned its")).count());
        }
        Drain.assertExactlyOnce(stores, key, index, EVENTS);
    }

    private static long inFlight(Stores stores, String key, String consumer) {
        long sum = 0;
        for (String list : stores.keys("{" + key + "}:inflight:" + consumer + "-*")) {
            sum += stores.llen(list);
        }
        return sum;
    }
}
