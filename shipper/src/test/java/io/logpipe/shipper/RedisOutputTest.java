package io.logpipe.shipper;

import static io.logpipe.shipper.FileScenario.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.logpipe.common.queue.ShardNames;
import io.logpipe.devstack.Resp;
import io.logpipe.devstack.SharedServers;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;

/** The Redis output's modes: congestion threshold, batches through the Quarkus client, the channel data type. */
class RedisOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readingPausesWhileTheListIsLongerThanTheCongestionThresholdAndResumesWhenItDrains() throws IOException {
        try (FileScenario s = FileScenario.create("congestion")) {
            s.set("redis.congestion-threshold", "1000");
            // Checked before every batch, so the list never grows more than one batch past the threshold.
            s.set("redis.congestion-interval", "0s");
            s.set("redis.batch-size", "100");
            List<String> all = lines("line", 0, 5_000);
            s.append("app.log", all);
            s.start();
            s.waitFor("the list to reach the threshold", Duration.ofSeconds(30), () -> s.llen() >= 1000);
            s.waitFor("a congestion pause", Duration.ofSeconds(30),
                    () -> s.meters().get("shipper.backpressure.pauses").tag("reason", "congestion").functionCounter()
                            .count() > 0);
            long behind = s.size("app.log") - s.registryOffset("app.log");
            assertTrue(behind > 0, "reading paused before the end of the file");
            assertTrue(s.llen() <= 1000 + 100, "at most one batch past the threshold: " + s.llen());
            assertEquals(1, s.meters().get("shipper.backpressure.paused").gauge().value());

            // An indexer drains the list; the shipper goes on, pausing again whenever the list is long.
            List<String> taken = new ArrayList<>();
            try (Resp r = s.redis().connect()) {
                while (taken.size() < all.size()) {
                    Object popped = r.call("LPOP", s.key(), "500");
                    if (popped instanceof List<?> items) {
                        for (Object o : items) {
                            taken.add(JSON.readTree((String) o).get("message").asText());
                        }
                    }
                    s.waitFor("more lines or the end", Duration.ofSeconds(30),
                            () -> s.llen() > 0 || s.registryOffset("app.log") == s.size("app.log"));
                    if (s.llen() == 0 && s.registryOffset("app.log") == s.size("app.log")) {
                        break;
                    }
                    assertTrue(s.llen() <= 1000 + 100, "never more than a batch past the threshold: " + s.llen());
                }
            }
            assertEquals(all, taken);
        }
    }

    @Test
    void withDirectWriteOffTheQuarkusClientCarriesTheBatchesInFileOrder() {
        try (FileScenario s = FileScenario.create("via-client")) {
            s.set("redis.direct-write", "false");
            s.set("redis.batch-size", "100");
            List<String> all = lines("line", 0, 3_000);
            s.append("app.log", all);
            s.start();
            s.waitUntilShipped("app.log");
            assertEquals(all, s.messages());
        }
    }

    @Test
    void theChannelDataTypePublishesEveryEventToSubscribers() {
        Vertx vertx = Vertx.vertx();
        try (FileScenario s = FileScenario.create("channel")) {
            s.set("redis.data-type", "channel");
            List<String> received = new CopyOnWriteArrayList<>();
            RedisConnection subscriber = Redis.createClient(vertx, SharedServers.redis().url()).connect()
                    .await().atMost(Duration.ofSeconds(10));
            subscriber.handler(message -> {
                // Push messages: ["message", channel, payload]
                if (message.size() == 3 && "message".equals(message.get(0).toString())) {
                    received.add(message.get(2).toString());
                }
            });
            subscriber.send(Request.cmd(Command.SUBSCRIBE).arg(s.key())).await().atMost(Duration.ofSeconds(10));
            s.start();
            s.append("app.log", lines("pub", 0, 300));
            s.waitFor("300 published events", Duration.ofSeconds(30), () -> received.size() >= 300);
            assertEquals(lines("pub", 0, 300), received.stream().map(e -> {
                try {
                    return JSON.readTree(e).get("message").asText();
                } catch (IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
            }).toList());
            assertEquals(0, s.llen(), "nothing on a list");
            subscriber.close().await().atMost(Duration.ofSeconds(10));
        } finally {
            vertx.closeAndAwait();
        }
    }

    @ParameterizedTest(name = "direct-write: {0}")
    @ValueSource(booleans = {true, false})
    void withThreeShardsBatchesGoToEachListInTurnAndEachKeepsTheFilesOrder(boolean direct) throws IOException {
        try (FileScenario s = FileScenario.create("shards-" + direct)) {
            s.set("redis.shards", "3");
            s.set("redis.direct-write", Boolean.toString(direct));
            s.set("redis.batch-size", "100");
            List<String> all = lines("line", 0, 3_000);
            s.append("app.log", all);
            s.start();
            List<String> shards = ShardNames.of(s.key(), 3);
            s.waitFor("every line in one of the shards", Duration.ofSeconds(30),
                    () -> shards.stream().mapToLong(k -> llen(s, k)).sum() == all.size());
            List<String> merged = new ArrayList<>();
            try (Resp r = s.redis().connect()) {
                for (String shard : shards) {
                    List<String> lines = new ArrayList<>();
                    for (Object o : (List<?>) r.call("LRANGE", shard, "0", "-1")) {
                        lines.add(JSON.readTree((String) o).get("message").asText());
                    }
                    assertTrue(lines.size() >= 900, "batches spread evenly: " + shard + " has " + lines.size());
                    List<String> sorted = new ArrayList<>(lines);
                    sorted.sort(java.util.Comparator.comparingInt(all::indexOf));
                    assertEquals(sorted, lines, "the file's order within " + shard);
                    merged.addAll(lines);
                }
                assertEquals(new java.util.HashSet<>(shards),
                        new java.util.HashSet<>((List<?>) r.call("SMEMBERS", ShardNames.registry(s.key()))),
                        "the shards are recorded for indexers with another shards setting");
            }
            merged.sort(java.util.Comparator.comparingInt(all::indexOf));
            assertEquals(all, merged, "every line once");
        }
    }

    @Test
    void aBatchNoReplicaConfirmedIsNotAcknowledged() {
        try (FileScenario s = FileScenario.create("wait-replicas")) {
            // The test Redis has no replica: WAIT answers 0, every time.
            s.set("redis.wait-replicas", "1");
            s.set("redis.wait-timeout", "100ms");
            s.append("app.log", lines("line", 0, 10));
            s.start();
            s.waitFor("a batch sent again for want of a replica", Duration.ofSeconds(30),
                    () -> s.meters().get("shipper.redis.replica.shortfalls").functionCounter().count() >= 2);
            assertEquals(0, s.registryOffset("app.log"), "the offset moves only once replicas have the batch");
            assertTrue(s.llen() >= 10, "the primary has the lines (again and again: same ids)");
        }
    }

    private static long llen(FileScenario s, String key) {
        try (Resp r = s.redis().connect()) {
            return ((Number) r.call("LLEN", key)).longValue();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
