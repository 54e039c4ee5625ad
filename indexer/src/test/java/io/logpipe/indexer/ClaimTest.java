package io.logpipe.indexer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.logpipe.common.resp.RedisEndpoint;
import io.logpipe.devstack.SharedServers;
import io.logpipe.devstack.quarkus.ElasticsearchTestResource;
import io.logpipe.devstack.quarkus.RedisTestResource;
import io.logpipe.indexer.claim.Batch;
import io.logpipe.indexer.claim.BatchSource;
import io.logpipe.indexer.claim.ListClaimer;
import io.logpipe.indexer.claim.LuaScript;
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
        String main = "claimtest-" + System.nanoTime();
        return new RedisKeys(main, main + ":dead");
    }

    /** Consumer c1 of {@code keys}, reading its batches on its own socket or through the Quarkus client. */
    private ListClaimer claimer(boolean direct, RedisKeys keys, int batchSize) {
        Optional<RedisEndpoint> endpoint = direct ? Optional.of(RedisEndpoint.parse(SharedServers.redis().url()))
                : Optional.empty();
        return new ListClaimer(redis, endpoint, keys, "c1", batchSize);
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
}
