package io.logpipe.shipper;

import static io.logpipe.shipper.FileScenario.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.logpipe.devstack.Poll;
import io.logpipe.devstack.RedisServer;
import io.logpipe.devstack.Resp;

/** Redis goes away or fills up while the packaged shipper ships: reading pauses, nothing is lost. */
class RedisOutageIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void redisStoppedForTenSecondsWhileLinesKeepComingLosesNothing() throws Exception {
        try (RedisServer redis = RedisServer.builder().appendOnly(true).build().start();
                FileScenario s = FileScenario.create("redis-stopped", redis)) {
            s.startProcess();
            AtomicInteger written = new AtomicInteger();
            s.append("app.log", lines("line", 0, written.addAndGet(5_000)));
            s.waitUntilShipped("app.log");
            assertEquals(200, s.health("ready"));

            redis.stop();
            long stopped = System.nanoTime();
            AtomicBoolean sawNotReady = new AtomicBoolean();
            Poll.until("10 s without Redis while the application keeps logging", Duration.ofSeconds(30),
                    Duration.ofMillis(200), () -> {
                        int from = written.getAndAdd(500);
                        s.append("app.log", lines("line", from, from + 500));
                        sawNotReady.compareAndSet(false, s.health("ready") == 503);
                        return System.nanoTime() - stopped >= Duration.ofSeconds(10).toNanos();
                    });
            assertTrue(sawNotReady.get(), "not ready while Redis is down");
            assertEquals(200, s.health("live"), "still live: waiting for Redis is not a failure");
            redis.start();

            s.waitUntilOffset("app.log", s.size("app.log"), Duration.ofSeconds(60));
            assertNothingLost(eventsOf(redis, s.key()), lines("line", 0, written.get()));
            s.waitFor("ready again", Duration.ofSeconds(30), () -> s.health("ready") == 200);
            assertTrue(s.processLog().contains("direct socket to redis://127.0.0.1:"), "the sink's own socket was tested");
            assertTrue(s.processLog().contains("Redis did not take a batch"), "the outage is logged");
            assertTrue(s.processLog().contains("reading resumes"), "the recovery is logged");
        }
    }

    @Test
    void sigtermWhileRedisIsDownStopsWithinTheGracePeriodAndTheRestIsShippedAfterRestart() throws Exception {
        try (RedisServer redis = RedisServer.builder().appendOnly(true).build().start();
                FileScenario s = FileScenario.create("redis-down-at-stop", redis)) {
            s.startProcess();
            s.append("app.log", lines("line", 0, 1_000));
            s.waitUntilShipped("app.log");
            long shipped = s.size("app.log");

            redis.stop();
            s.append("app.log", lines("line", 1_000, 3_000));
            s.waitFor("the shipper to find Redis gone", Duration.ofSeconds(30),
                    () -> s.processLog().contains("Redis did not take a batch"));
            long stopping = System.nanoTime();
            int exit = s.stopProcess();
            Duration took = Duration.ofNanos(System.nanoTime() - stopping);
            assertTrue(exit == 0 || exit == 143, "SIGTERM is a clean stop, exit " + exit + "\n" + s.processLog());
            assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "stopped after " + took + " (grace 10 s)");
            assertTrue(s.processLog().contains("read again after restart"), s.processLog());
            assertTrue(s.processLog().contains("shipper stopped; registry written"), s.processLog());
            long stored = s.registryOffset("app.log");
            assertTrue(stored >= shipped && stored < s.size("app.log"),
                    "the registry holds what Redis acknowledged: " + stored + " of " + s.size("app.log"));

            redis.start();
            s.startProcess();
            s.waitUntilOffset("app.log", s.size("app.log"), Duration.ofSeconds(60));
            assertNothingLost(eventsOf(redis, s.key()), lines("line", 0, 3_000));
        }
    }

    @Test
    void redisAtMaxmemoryWithNoevictionLosesNothingOnceThereIsRoomAgain() throws Exception {
        try (RedisServer redis = RedisServer.builder().config("maxmemory", "3mb")
                .config("maxmemory-policy", "noeviction").build().start();
                FileScenario s = FileScenario.create("redis-full", redis)) {
            s.startProcess();
            List<String> all = lines("a-line-long-enough-to-fill-redis-quickly", 0, 40_000);
            s.append("app.log", all);
            s.waitFor("Redis to answer OOM", Duration.ofSeconds(60), () -> s.processLog().contains("OOM"));
            long full = s.llen();
            assertTrue(full < all.size(), "Redis filled up after " + full + " events");

            // An indexer takes what is there; the shipper goes on into the room it made, and fills Redis again.
            List<JsonNode> taken = new ArrayList<>();
            try (Resp r = redis.connect()) {
                drain(r, s.key(), taken);
                s.waitFor("the shipper to fill the room", Duration.ofSeconds(60), () -> s.llen() > full / 2);
                drain(r, s.key(), taken);
                r.call("CONFIG", "SET", "maxmemory", "0");
            }
            s.waitUntilOffset("app.log", s.size("app.log"), Duration.ofSeconds(60));
            taken.addAll(eventsOf(redis, s.key()));
            assertNothingLost(taken, all);
            String metrics = s.metricsText();
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("shipper_redis_failures_total") && !l.endsWith(" 0.0")),
                    metrics);
        }
    }

    private static void drain(Resp r, String key, List<JsonNode> into) throws IOException {
        while (true) {
            Object popped = r.call("LPOP", key, "1000");
            if (!(popped instanceof List<?> items) || items.isEmpty()) {
                return;
            }
            for (Object o : items) {
                into.add(JSON.readTree((String) o));
            }
        }
    }

    private static List<JsonNode> eventsOf(RedisServer redis, String key) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        try (Resp r = redis.connect()) {
            drain(r, key, events);
        }
        return events;
    }

    /** Every line arrived; a line pushed twice (a batch in flight when Redis went away) kept its event id. */
    private static void assertNothingLost(List<JsonNode> events, List<String> expected) {
        Map<String, Set<String>> ids = new HashMap<>();
        for (JsonNode e : events) {
            ids.computeIfAbsent(e.get("message").asText(), m -> new HashSet<>()).add(e.at("/event/id").asText());
        }
        assertEquals(new HashSet<>(expected), ids.keySet(), "every line in Redis, no other");
        ids.forEach((message, set) -> assertEquals(1, set.size(), message + " has ids " + set));
        System.out.printf("%d lines, %d events (%d duplicates with the same id)%n", expected.size(), events.size(),
                events.size() - expected.size());
    }
}
