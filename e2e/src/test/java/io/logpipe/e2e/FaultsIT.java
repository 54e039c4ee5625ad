package io.logpipe.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import io.logpipe.devstack.ElasticsearchServer;
import io.logpipe.devstack.Poll;
import io.logpipe.devstack.RedisServer;
import io.logpipe.devstack.SharedServers;
import io.logpipe.e2e.support.AppLog;
import io.logpipe.e2e.support.LineWriter;
import io.logpipe.e2e.support.Pace;
import io.logpipe.e2e.support.Queues;
import io.logpipe.e2e.support.Search;
import io.logpipe.e2e.support.ServiceProcess;
import io.logpipe.e2e.support.Services;

/**
 * 200,000 lines written while every part of the pipeline fails once: the shipper is killed (-9), an indexer
 * is killed twice (restarted once under its own consumer id, once under a new one, so both recovery paths
 * run), Redis is stopped for 10 s (append-only), Elasticsearch for 20 s. Every line must be indexed exactly
 * once and nothing may be left in flight.
 */
class FaultsIT {
    private static final int LINES = 200_000;
    private static final int LINES_PER_SECOND = 4_000;
    private static final int HEADROOM = 15_000;
    private static final String KEY = "e2e-faults";
    private static final String INDEX = "e2e-faults-%{+YYYY.MM.dd}";
    private static final String PATTERN = "e2e-faults-*";
    private static final Duration START = Duration.ofSeconds(60);

    @Test
    void twoHundredThousandLinesSurviveCrashesAndOutagesExactlyOnce() throws Exception {
        ElasticsearchServer es = SharedServers.elasticsearch();
        Search search = new Search(es);
        Path work = Services.workDir("faults");
        Path logs = Files.createDirectories(work.resolve("app-logs"));
        String run = "faults" + System.nanoTime();
        List<String> timeline = new ArrayList<>();
        AtomicBoolean shipperSawRedisGo = new AtomicBoolean();
        AtomicBoolean indexerSawElasticsearchGo = new AtomicBoolean();
        long begin = System.nanoTime();

        try (RedisServer redis = RedisServer.builder().appendOnly(true).dir(work.resolve("redis")).build().start()) {
            Map<String, String> shipperConfig = Services.merge(Services.shipperConfig(redis, work),
                    Services.fileInput("app", logs + "/*.log"), Map.of("shipper.redis.key", KEY));
            Map<String, String> indexer1Config = Services.merge(Services.indexerConfig(redis, es, "indexer-1", INDEX),
                    Map.of("indexer.redis.key", KEY));
            Map<String, String> indexer1bConfig = Services.merge(indexer1Config, Map.of("indexer.consumer-id", "indexer-1b"));
            Map<String, String> indexer2Config = Services.merge(indexer1Config, Map.of("indexer.consumer-id", "indexer-2"));
            Queues queues = new Queues(redis, KEY);
            AtomicLong written = new AtomicLong();
            // The writer stays at most HEADROOM lines ahead of the last fault, so every fault hits a running
            // stream however slowly services restart on a loaded machine.
            AtomicLong allowed = new AtomicLong(20_000 + HEADROOM);
            AtomicBoolean stopWriting = new AtomicBoolean();

            try (ServiceProcess indexer1 = Services.indexer("indexer-1", work, indexer1Config, Map.of());
                    ServiceProcess indexer1b = Services.indexer("indexer-1b", work, indexer1bConfig, Map.of());
                    ServiceProcess indexer2 = Services.indexer("indexer-2", work, indexer2Config, Map.of());
                    ServiceProcess shipper = Services.shipper("shipper", work, shipperConfig, Map.of())) {
                indexer1.startReady(START);
                indexer2.startReady(START);
                shipper.startReady(START);

                // The application: single-line events at a steady rate, whatever happens downstream.
                LineWriter app = LineWriter.append(logs.resolve("app.log"));
                CompletableFuture<Void> writer = Pace.start(LINES, LINES_PER_SECOND, 20,
                        () -> stopWriting.get() ? -1 : allowed.get(), (first, count) -> {
                            List<String> lines = new ArrayList<>(count);
                            for (int i = first; i < first + count; i++) {
                                lines.add(AppLog.line(run, i));
                            }
                            app.write(lines);
                            written.addAndGet(count);
                        }).whenComplete((done, failed) -> app.close());
                try {
                    Pace.awaitWritten(written, 20_000, List.of(writer));
                    shipper.kill();
                    allowed.set(50_000 + HEADROOM);
                    timeline.add(Pace.at(begin) + " kill -9 shipper at line " + written.get());
                    shipper.startReady(START);
                    timeline.add(Pace.at(begin) + " shipper ready again");

                    Pace.awaitWritten(written, 50_000, List.of(writer));
                    indexer1.kill();
                    allowed.set(80_000 + HEADROOM);
                    timeline.add(Pace.at(begin) + " kill -9 indexer-1 at line " + written.get() + ", in flight " + queues.inflight());
                    indexer1.startReady(START);
                    timeline.add(Pace.at(begin) + " indexer-1 ready again (same consumer id)");

                    Pace.awaitWritten(written, 80_000, List.of(writer));
                    redis.stop();
                    allowed.set(110_000 + HEADROOM);
                    timeline.add(Pace.at(begin) + " Redis stopped at line " + written.get());
                    boolean shipperNotReady = holdFor(Duration.ofSeconds(10), () -> shipper.readyStatus() != 200);
                    redis.start();
                    timeline.add(Pace.at(begin) + " Redis started again; shipper was seen not ready: " + shipperNotReady);
                    shipperSawRedisGo.set(shipperNotReady);

                    Pace.awaitWritten(written, 110_000, List.of(writer));
                    indexer1.kill();
                    allowed.set(140_000 + HEADROOM);
                    timeline.add(Pace.at(begin) + " kill -9 indexer-1 again at line " + written.get() + ", in flight " + queues.inflight());
                    indexer1b.startReady(START);
                    timeline.add(Pace.at(begin) + " indexer-1b ready (new consumer id: indexer-1's batch must come back by the reaper)");

                    Pace.awaitWritten(written, 140_000, List.of(writer));
                    es.stop();
                    allowed.set(LINES);
                    timeline.add(Pace.at(begin) + " Elasticsearch stopped at line " + written.get());
                    boolean indexerNotReady = holdFor(Duration.ofSeconds(20), () -> indexer2.readyStatus() != 200);
                    es.start();
                    timeline.add(Pace.at(begin) + " Elasticsearch started again; indexer was seen not ready: " + indexerNotReady);
                    indexerSawElasticsearchGo.set(indexerNotReady);

                    writer.get(5, TimeUnit.MINUTES);
                    timeline.add(Pace.at(begin) + " all " + written.get() + " lines written");
                } finally {
                    stopWriting.set(true);
                }

                Poll.until(LINES + " documents in " + PATTERN, Duration.ofMinutes(5), Duration.ofSeconds(1),
                        () -> search.countOrUnavailable(PATTERN) >= LINES && queues.pendingOrUnavailable() == 0,
                        () -> " (have " + search.countOrUnavailable(PATTERN) + ", Redis holds " + queues.pendingOrUnavailable()
                                + ", in flight " + queues.inflight() + ")\n" + timeline + "\n" + shipper.logTail(40) + "\n"
                                + indexer2.logTail(40));
                timeline.add(Pace.at(begin) + " drained: " + search.count(PATTERN) + " searchable");
                assertEquals(Map.of(), queues.inflight(), "in-flight lists left");
                assertEquals(0, queues.waiting(), "main list");
                assertEquals(0, queues.dead(), () -> "dead letters: " + queues.peek("{" + KEY + "}:dead", 5));
            }
        } finally {
            timeline.forEach(t -> System.out.println("faults: " + t));
        }

        search.assertEveryLineOnce(PATTERN, LINES, "faults");
        // Checked last: losing or doubling data is the worse failure and must be reported first.
        assertTrue(shipperSawRedisGo.get(), "shipper readiness goes down while Redis is away");
        assertTrue(indexerSawElasticsearchGo.get(), "indexer readiness goes down while Elasticsearch is away");
    }

    /**
     * Keeps an outage going for {@code duration} (the outage is the point, so this waits the whole time) while
     * watching {@code observed}; returns whether it was ever seen to hold.
     */
    private static boolean holdFor(Duration duration, BooleanSupplier observed) {
        long end = System.nanoTime() + duration.toNanos();
        AtomicBoolean seen = new AtomicBoolean();
        Poll.until("outage of " + duration, duration.plusSeconds(5), Duration.ofMillis(250), () -> {
            if (observed.getAsBoolean()) {
                seen.set(true);
            }
            return System.nanoTime() - end >= 0;
        });
        return seen.get();
    }
}
