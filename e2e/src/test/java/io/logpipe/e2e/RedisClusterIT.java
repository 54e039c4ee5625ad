package io.logpipe.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.logpipe.common.queue.ShardNames;
import io.logpipe.devstack.ElasticsearchServer;
import io.logpipe.devstack.Poll;
import io.logpipe.devstack.RedisCluster;
import io.logpipe.devstack.Resp;
import io.logpipe.devstack.SharedServers;
import io.logpipe.e2e.support.AppLog;
import io.logpipe.e2e.support.LineWriter;
import io.logpipe.e2e.support.Pace;
import io.logpipe.e2e.support.Search;
import io.logpipe.e2e.support.ServiceProcess;
import io.logpipe.e2e.support.Services;

/**
 * The queue on a real Redis Cluster (3 primaries, one replica each) as three shards: two shippers write 200,000
 * lines, two indexers drain them; one indexer is killed (-9) and restarted, and the primary of one shard fails over
 * to its replica mid-run, with {@code wait-replicas=1} on both sides. Every line must be indexed exactly once, and
 * nothing may be left in any list of any shard.
 */
class RedisClusterIT {
    private static final int LINES_PER_SHIPPER = 100_000;
    private static final int LINES = 2 * LINES_PER_SHIPPER;
    private static final int LINES_PER_SECOND = 2_000;
    private static final String KEY = "e2e-cluster";
    private static final String PATTERN = "e2e-cluster-*";
    private static final Duration START = Duration.ofSeconds(90);

    @Test
    void twoHundredThousandLinesOverThreeShardsSurviveAKilledIndexerAndAFailoverExactlyOnce() throws Exception {
        ElasticsearchServer es = SharedServers.elasticsearch();
        Search search = new Search(es);
        Path work = Services.workDir("redis-cluster");
        String run = "cluster" + System.nanoTime();
        List<String> shards = ShardNames.of(KEY, 3);
        List<String> timeline = new ArrayList<>();
        long begin = System.nanoTime();

        try (RedisCluster cluster = RedisCluster.builder().primaries(3).replicasPerPrimary(1)
                .dir(work.resolve("redis-cluster")).build().start()) {
            Map<String, String> redis = Map.of("quarkus.redis.client-type", "cluster",
                    "quarkus.redis.hosts", cluster.seedUrls());
            Map<String, String> indexerConfig = Services.merge(Services.indexerConfig(null, es, "indexer-1",
                    "e2e-cluster-%{+YYYY.MM.dd}"), redis, Map.of("indexer.redis.key", KEY, "indexer.redis.shards", "3",
                    "indexer.redis.wait-replicas", "1"));
            List<ServiceProcess> services = new ArrayList<>();
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            AtomicLong written = new AtomicLong();
            try {
                ServiceProcess indexer1 = add(services, Services.indexer("indexer-1", work, indexerConfig, Map.of()));
                ServiceProcess indexer2 = add(services, Services.indexer("indexer-2", work,
                        Services.merge(indexerConfig, Map.of("indexer.consumer-id", "indexer-2")), Map.of()));
                indexer1.startReady(START);
                indexer2.startReady(START);
                for (int s = 0; s < 2; s++) {
                    Path logs = Files.createDirectories(work.resolve("app-logs-" + s));
                    Path registry = work.resolve("shipper-registry-" + s).resolve("registry.json");
                    Map<String, String> shipperConfig = Services.merge(
                            Map.of("shipper.registry.path", registry.toString(), "shipper.scan-interval", "250ms"),
                            Services.fileInput("app", logs + "/*.log"), redis,
                            Map.of("shipper.redis.key", KEY, "shipper.redis.shards", "3", "shipper.redis.wait-replicas", "1"));
                    add(services, Services.shipper("shipper-" + s, work, shipperConfig, Map.of())).startReady(START);
                    int first = s * LINES_PER_SHIPPER;
                    LineWriter app = LineWriter.append(logs.resolve("app.log"));
                    writers.add(Pace.start(LINES_PER_SHIPPER, LINES_PER_SECOND, 20, () -> LINES_PER_SHIPPER,
                            (from, count) -> {
                                List<String> lines = new ArrayList<>(count);
                                for (int i = from; i < from + count; i++) {
                                    lines.add(AppLog.line(run, first + i));
                                }
                                app.write(lines);
                                written.addAndGet(count);
                            }).whenComplete((done, failed) -> app.close()));
                }

                Pace.awaitWritten(written, 60_000, writers);
                indexer1.kill();
                timeline.add(Pace.at(begin) + " kill -9 indexer-1 at line " + written.get() + ", in flight " + inflight(cluster));
                indexer1.startReady(START);
                timeline.add(Pace.at(begin) + " indexer-1 ready again (same consumer id)");

                Pace.awaitWritten(written, 120_000, writers);
                String primary = cluster.primaryFor(shards.get(1));
                String promoted = cluster.failover(primary);
                timeline.add(Pace.at(begin) + " failover of " + shards.get(1) + "'s primary " + primary + " to " + promoted
                        + " at line " + written.get());

                for (CompletableFuture<Void> writer : writers) {
                    writer.get(5, TimeUnit.MINUTES);
                }
                timeline.add(Pace.at(begin) + " all " + written.get() + " lines written");

                Poll.until(LINES + " documents in " + PATTERN, Duration.ofMinutes(5), Duration.ofSeconds(1),
                        () -> search.countOrUnavailable(PATTERN) >= LINES && pending(cluster, shards) == 0,
                        () -> " (have " + search.countOrUnavailable(PATTERN) + ", lists hold " + pending(cluster, shards)
                                + ", in flight " + inflight(cluster) + ")\n" + timeline + "\n"
                                + services.get(2).logTail(30) + "\n" + indexer2.logTail(30));
                timeline.add(Pace.at(begin) + " drained: " + search.count(PATTERN) + " searchable");
                assertEquals(Map.of(), inflight(cluster), "in-flight lists left");
                assertEquals(0, cluster.llen(shards), "main lists");
                assertEquals(0, cluster.llen(shards.stream().map(s -> ShardNames.tag(s) + ":dead").toList()), "dead letters");
                for (ServiceProcess shipper : services.subList(2, 4)) {
                    assertEquals(LINES_PER_SHIPPER, shipper.metric("shipper_events_shipped_total"), 0.0,
                            shipper.name() + " shipped each of its lines, acknowledged once");
                }
            } finally {
                writers.forEach(w -> w.cancel(true));
                for (ServiceProcess service : services) {
                    service.close();
                }
                timeline.forEach(t -> System.out.println("redis-cluster: " + t));
            }
        }

        search.assertEveryLineOnce(PATTERN, LINES, "redis-cluster");
    }

    private static ServiceProcess add(List<ServiceProcess> services, ServiceProcess service) {
        services.add(service);
        return service;
    }

    /** Every in-flight list on every primary, with its length. */
    private static Map<String, Long> inflight(RedisCluster cluster) {
        Map<String, Long> lists = new TreeMap<>();
        for (String primary : cluster.primaries()) {
            try (Resp resp = cluster.node(primary).connect()) {
                for (Object name : (List<?>) resp.call("KEYS", "*:inflight:*")) {
                    lists.put((String) name, (Long) resp.call("LLEN", (String) name));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return lists;
    }

    /** Waiting in the shards and in flight, or -1 while the cluster does not answer. */
    private static long pending(RedisCluster cluster, List<String> shards) {
        try {
            return cluster.llen(shards) + inflight(cluster).values().stream().mapToLong(Long::longValue).sum();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
