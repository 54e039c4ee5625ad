package io.logpipe.indexer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.logpipe.common.queue.ShardNames;
import io.logpipe.common.resp.RedisEndpoint;
import io.logpipe.common.resp.RedisRoutes;
import io.logpipe.devstack.SharedServers;
import io.logpipe.devstack.quarkus.ElasticsearchTestResource;
import io.logpipe.devstack.quarkus.RedisTestResource;
import io.logpipe.indexer.claim.Batch;
import io.logpipe.indexer.claim.BatchSource;
import io.logpipe.indexer.claim.ListClaimer;
import io.logpipe.indexer.claim.LuaScript;
import io.logpipe.indexer.claim.ShardedClaimer;
import io.logpipe.indexer.claim.Shards;
import io.logpipe.indexer.recovery.LegacyKeys;
import io.logpipe.indexer.config.RedisKeys;
import io.logpipe.indexer.testing.Stores;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The list claimer on the real Redis, on a queue of its own (the running indexer's workers drain another key):
 * which elements a claim takes, where they wait, and what settling removes.
 */
@QuarkusTest
@TestProfile(IndexerTestProfile.class)
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ElasticsearchTestResource.class, restrictToAnnotatedClass = true)
class ClaimTest {
    @Inject
    RedisDataSource redis;

    private final Stores stores = new Stores(SharedServers.redis(), SharedServers.elasticsearch());

    private static RedisKeys keys() {
        return RedisKeys.forShard("claimtest-" + System.nanoTime());
    }

    /** Consumer c1 of {@code keys}, reading its batches on its own socket or through the Quarkus client. */
    private ListClaimer claimer(boolean direct, RedisKeys keys, int batchSize) {
        return claimer(direct, keys, batchSize, 0);
    }

    private ListClaimer claimer(boolean direct, RedisKeys keys, int batchSize, int waitReplicas) {
        return new ListClaimer(redis, direct ? Optional.of(routes()) : Optional.empty(), keys, "c1", batchSize,
                waitReplicas, Duration.ofMillis(200));
    }

    private static RedisRoutes routes() {
        return RedisRoutes.standalone(RedisEndpoint.parse(SharedServers.redis().url()));
    }

    /** Three shards of a queue of this test's own, c1's claimer over them. */
    private ShardedClaimer sharded(List<RedisKeys> shards, int batchSize) {
        return new ShardedClaimer(new Shards(shards),
                k -> new ListClaimer(redis, Optional.of(routes()), k, "c1", batchSize, 0, Duration.ofSeconds(1)), 0);
    }

    private static List<RedisKeys> shards(int n) {
        return ShardNames.of("claimtest-" + System.nanoTime(), n).stream().map(RedisKeys::forShard).toList();
    }

    private static List<String> elements(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + "-" + i + " {\"x\":\"" + "y".repeat(i % 300) + "\"}")
                .toList();
    }

    private static List<String> strings(Batch batch) {
        return batch.elements().stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    @ParameterizedTest(name = "own socket: {0}")
    @ValueSource(booleans = {true, false})
    void aClaimTakesABatchFromTheHeadInOrderAndHoldsItInTheInFlightListUntilSettled(boolean direct) {
        RedisKeys keys = keys();
        List<String> all = elements("e", 2500);
        stores.push(keys.main(), all);
        ListClaimer claimer = claimer(direct, keys, 1000);

        Batch first = claimer.next(null, false);
        assertEquals(all.subList(0, 1000), strings(first));
        assertEquals(all.subList(0, 1000), stores.range(keys.inflight("c1")), "held in Redis while indexed");
        assertEquals(all.subList(1000, 2500), stores.range(keys.main()));
        assertTrue(stores.redis("ZSCORE", keys.consumers(), "c1") != null, "the claim beats");

        Batch second = claimer.next(new BatchSource.Settled(first, List.of("{\"dead\":1}")), false);
        assertEquals(all.subList(1000, 2000), strings(second), "settling the first batch claims the next");
        assertEquals(all.subList(1000, 2000), stores.range(keys.inflight("c1")), "the settled batch is gone");
        assertEquals(List.of("{\"dead\":1}"), stores.range(keys.dead()));

        Batch third = claimer.next(new BatchSource.Settled(second, List.of()), false);
        assertEquals(all.subList(2000, 2500), strings(third), "a short last batch");
        assertEquals(0L, stores.llen(keys.main()));

        assertNull(claimer.next(new BatchSource.Settled(third, List.of()), true), "stopping claims nothing");
        assertEquals(0L, stores.redis("EXISTS", keys.inflight("c1")));
        assertEquals(List.of("{\"dead\":1}"), stores.range(keys.dead()), "dead letters written once");
    }

    @ParameterizedTest(name = "own socket: {0}")
    @ValueSource(booleans = {true, false})
    void aConsumerRestartedWithItsIdGetsItsHeldBatchBackToppedUpFromTheList(boolean direct) {
        RedisKeys keys = keys();
        List<String> left = elements("left", 3);
        List<String> waiting = elements("waiting", 10);
        // A worker of an earlier life held three elements when it was killed.
        stores.push(keys.inflight("c1"), left);
        stores.push(keys.main(), waiting);

        Batch batch = claimer(direct, keys, 5).next(null, false);
        List<String> expected = new ArrayList<>(left);
        expected.addAll(waiting.subList(0, 2));
        assertEquals(expected, strings(batch), "what it held first, then the head of the list, up to batch-size");
        assertEquals(expected, stores.range(keys.inflight("c1")));
        assertEquals(waiting.subList(2, 10), stores.range(keys.main()));
    }

    @ParameterizedTest(name = "own socket: {0}")
    @ValueSource(booleans = {true, false})
    void anIdleConsumerGetsNothingAfterItsWaitThenClaimsWhatArrived(boolean direct) {
        RedisKeys keys = keys();
        ListClaimer claimer = claimer(direct, keys, 100);
        assertNull(claimer.next(null, false), "nothing waits: about a second's wait, then nothing");
        List<String> arrived = elements("late", 7);
        stores.push(keys.main(), arrived);
        assertEquals(arrived, strings(claimer.next(null, false)));
        assertEquals(arrived, stores.range(keys.inflight("c1")));
    }

    @Test
    void aHeartbeatRefreshesAConsumerButDoesNotBringBackOneThatLeft() {
        RedisKeys keys = keys();
        stores.push(keys.main(), elements("e", 3));
        ListClaimer claimer = claimer(true, keys, 10);
        LuaScript beat = LuaScript.load("beat");
        List<String> beatKeys = List.of(keys.consumers(), keys.main(), keys.dead());

        Batch batch = claimer.next(null, false);
        stores.redis("ZADD", keys.consumers(), "0", "c1");
        beat.run(redis, beatKeys, List.of("c1", "never-claimed"));
        Object score = stores.redis("ZSCORE", keys.consumers(), "c1");
        assertTrue(score != null && Long.parseLong(score.toString()) > 0, "a consumer that claimed is refreshed: " + score);
        assertNull(stores.redis("ZSCORE", keys.consumers(), "never-claimed"), "only a claim joins the set");

        assertNull(claimer.next(new BatchSource.Settled(batch, List.of()), true));
        claimer.close();
        assertNull(stores.redis("ZSCORE", keys.consumers(), "c1"), "a stopped consumer with nothing held leaves");
        // The heartbeat read the live ids just before the worker left: its beat must not add the id back.
        beat.run(redis, beatKeys, List.of("c1"));
        assertNull(stores.redis("ZSCORE", keys.consumers(), "c1"), "a late beat does not bring it back");
    }

    @Test
    void everyKeyOfAShardSharesTheMainListsClusterSlot() {
        RedisKeys keys = RedisKeys.forShard("logstash");
        assertEquals("{logstash}:inflight:web-1", keys.inflight("web-1"));
        assertEquals("{logstash}:consumers", keys.consumers());
        assertEquals("{logstash}:dead", keys.dead());
    }

    @Test
    void aWorkerTakesOneBatchFromEachShardInTurnSoNoneStarves() {
        List<RedisKeys> shards = shards(3);
        for (RedisKeys shard : shards) {
            stores.push(shard.main(), elements(shard.main(), 50));
        }
        ShardedClaimer claimer = sharded(shards, 10);
        Map<String, Integer> batchesPerShard = new HashMap<>();
        BatchSource.Settled settled = null;
        for (int i = 0; i < 6; i++) {
            Batch batch = claimer.next(settled, false);
            String first = strings(batch).get(0);
            String shard = first.substring(0, first.lastIndexOf('-'));
            batchesPerShard.merge(shard, 1, Integer::sum);
            settled = new BatchSource.Settled(batch, List.of("{\"dead\":\"" + shard + "\"}"));
        }
        assertEquals(Map.of(shards.get(0).main(), 2, shards.get(1).main(), 2, shards.get(2).main(), 2), batchesPerShard);
        assertNull(claimer.next(settled, true), "stopping settles the last batch and claims nothing");
        for (RedisKeys shard : shards) {
            assertEquals(30L, stores.llen(shard.main()), "two batches of ten left " + shard);
            assertEquals(0L, stores.redis("EXISTS", shard.inflight("c1")), "every batch left its own shard");
            assertEquals(List.of("{\"dead\":\"" + shard.main() + "\"}", "{\"dead\":\"" + shard.main() + "\"}"),
                    stores.range(shard.dead()), "dead letters go to the shard the batch came from");
        }
    }

    @Test
    void aWorkerWithNothingWaitingAnywhereFindsWhatArrivesOnAnyShard() {
        List<RedisKeys> shards = shards(2);
        ShardedClaimer claimer = sharded(shards, 10);
        assertNull(claimer.next(null, false));
        List<String> late = elements("late", 4);
        stores.push(shards.get(1).main(), late);
        Batch batch = null;
        for (int i = 0; i < 3 && batch == null; i++) {
            batch = claimer.next(null, false);
        }
        assertEquals(late, strings(batch));
    }

    @Test
    void shardsRecordedByAShipperAreDrainedToo() {
        Shards shards = new Shards(List.of(RedisKeys.forShard("claimtest-reg")));
        List<RedisKeys> added = shards.add(ShardNames.of("claimtest-reg", 3));
        assertEquals(2, added.size());
        assertEquals(3, shards.all().size());
        assertEquals(List.of(), shards.add(ShardNames.of("claimtest-reg", 3)), "known shards are not added twice");
    }

    @Test
    void deadLettersThatNoReplicaConfirmedKeepTheBatchHeld() {
        RedisKeys keys = keys();
        stores.push(keys.main(), elements("e", 5));
        // This Redis has no replica: WAIT answers 0 after its timeout.
        ListClaimer claimer = claimer(true, keys, 10, 1);
        Batch batch = claimer.next(null, false);
        assertThrows(RuntimeException.class, () -> claimer.next(new BatchSource.Settled(batch, List.of("{\"d\":1}")), false));
        assertEquals(5, stores.range(keys.inflight("c1")).size(), "the batch stays held, to be indexed again");
        assertEquals(List.of("{\"d\":1}"), stores.range(keys.dead()), "its dead letters were written, not confirmed");
        Batch again = claimer.next(null, false);
        assertEquals(strings(batch), strings(again), "claiming again gives the same batch back");
    }

    @Test
    void keysLeftByLogpipe01AreRecoveredOnStartUp() {
        String main = "claimtest-legacy-" + System.nanoTime();
        RedisKeys keys = RedisKeys.forShard(main);
        stores.push(main, elements("waiting", 2));
        stores.push(main + ":inflight:old-worker-0", elements("held", 3));
        stores.push(main + ":dead", List.of("{\"old\":1}"));
        stores.redis("ZADD", main + ":consumers", "1", "old-worker-0");

        new LegacyKeys(redis).recover(keys, () -> false);

        List<String> expected = new ArrayList<>(elements("held", 3));
        expected.addAll(elements("waiting", 2));
        assertEquals(expected, stores.range(main), "held events back at the head, in order");
        assertEquals(List.of("{\"old\":1}"), stores.range(keys.dead()));
        assertEquals(0L, stores.redis("EXISTS", main + ":inflight:old-worker-0"));
        assertEquals(0L, stores.redis("EXISTS", main + ":dead"));
        assertEquals(0L, stores.redis("EXISTS", main + ":consumers"));
    }
}
