package io.logpipe.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RedisClusterTest {

    @Test
    void formsThreePrimariesWithAReplicaEachOverAllSlots() throws Exception {
        try (RedisCluster cluster = RedisCluster.builder().build().start()) {
            System.out.println(cluster);
            List<String> primaries = cluster.primaries();
            assertEquals(3, primaries.size(), primaries.toString());
            assertEquals(3, cluster.replicas().size(), cluster.replicas().toString());
            List<String> replicasOfPrimaries = new ArrayList<>();
            for (String primary : primaries) {
                replicasOfPrimaries.add(cluster.replicaOf(primary));
            }
            assertEquals(3, replicasOfPrimaries.stream().distinct().count(), replicasOfPrimaries.toString());
            assertTrue(cluster.replicas().containsAll(replicasOfPrimaries));
            // The slot layout redis-cli would have made, node by node.
            assertEquals(primaries.get(0), cluster.primaryFor(keyInSlotRange(0, 5460)));
            assertEquals(primaries.get(1), cluster.primaryFor(keyInSlotRange(5461, 10922)));
            assertEquals(primaries.get(2), cluster.primaryFor(keyInSlotRange(10923, 16383)));
            assertEquals(cluster.nodes().size(), cluster.seedUrls().split(",").length);
        }
    }

    @Test
    void aKeyLivesOnTheNodeItsSlotNamesAndOthersRedirectThere() throws Exception {
        try (RedisCluster cluster = RedisCluster.builder().build().start()) {
            for (String key : List.of("logstash", "{logstash}:dead", "logstash:7", "a", "\u00e9t\u00e9")) {
                try (Resp any = cluster.nodes().get(0).connect()) {
                    assertEquals((long) ClusterSlots.slot(key), any.call("CLUSTER", "KEYSLOT", key), key);
                }
            }
            String key = "logstash";
            String owner = cluster.primaryFor(key);
            try (Resp resp = cluster.connectFor(key)) {
                resp.call("RPUSH", key, "a", "b", "c");
            }
            assertEquals(3, cluster.llen(key));
            String other = cluster.primaries().stream().filter(p -> !p.equals(owner)).findFirst().orElseThrow();
            try (Resp wrong = cluster.node(other).connect()) {
                Resp.Error moved = assertThrows(Resp.Error.class, () -> wrong.call("LLEN", key));
                assertEquals("MOVED " + ClusterSlots.slot(key) + " " + owner, moved.getMessage());
            }
            String elsewhere = keyOwnedBy(cluster, other);
            try (Resp resp = cluster.connectFor(elsewhere)) {
                resp.call("RPUSH", elsewhere, "d", "e");
            }
            assertEquals(5, cluster.llen(List.of(key, elsewhere)));
        }
    }

    @Test
    void failoverSwapsRolesAndKeepsTheData() throws Exception {
        try (RedisCluster cluster = RedisCluster.builder().build().start()) {
            String key = "logstash";
            String primary = cluster.primaryFor(key);
            String replica = cluster.replicaOf(primary);
            try (Resp resp = cluster.connectFor(key)) {
                resp.call("RPUSH", key, "a", "b");
                assertEquals(1L, resp.call("WAIT", "1", "5000"));
            }
            assertEquals(replica, cluster.failover(primary));
            assertEquals(replica, cluster.primaryFor(key));
            assertEquals(replica, cluster.primaries().stream().filter(replica::equals).findFirst().orElseThrow());
            assertEquals(primary, cluster.replicaOf(replica));
            assertEquals(2, cluster.llen(key));
        }
    }

    @Test
    void killingAPrimaryPromotesItsReplicaAndTheNodeRejoinsAsReplica() throws Exception {
        try (RedisCluster cluster = RedisCluster.builder().nodeTimeout(Duration.ofSeconds(1)).build().start()) {
            String key = "logstash";
            String primary = cluster.primaryFor(key);
            String replica = cluster.replicaOf(primary);
            cluster.kill(primary);
            cluster.awaitServing();
            assertEquals(replica, cluster.primaryFor(key));
            cluster.start(primary);
            cluster.awaitHealthy();
            assertEquals(primary, cluster.replicaOf(replica));
        }
    }

    @Test
    void theBundledRedisFormsAClusterWithoutRedisCli() throws Exception {
        try (RedisCluster cluster = RedisCluster.builder().forceBundled(true).build().start()) {
            assertTrue(cluster.binary().getFileName().toString().startsWith("redis-server-6.2"), cluster.binary().toString());
            assertEquals(3, cluster.primaries().size());
            String primary = cluster.primaryFor("logstash");
            assertNotEquals(primary, cluster.failover(primary));
        }
    }

    @Test
    void aStoppedClusterComesBackWithItsLayout() throws Exception {
        try (RedisCluster cluster = RedisCluster.builder().primaries(2).replicasPerPrimary(0).build().start()) {
            String owner = cluster.primaryFor("logstash");
            cluster.stop();
            cluster.start();
            assertEquals(owner, cluster.primaryFor("logstash"));
            assertEquals(2, cluster.primaries().size());
        }
    }

    private static String keyInSlotRange(int first, int last) {
        for (int i = 0; ; i++) {
            int slot = ClusterSlots.slot("k" + i);
            if (first <= slot && slot <= last) {
                return "k" + i;
            }
        }
    }

    private static String keyOwnedBy(RedisCluster cluster, String primary) {
        for (int i = 0; ; i++) {
            if (cluster.primaryFor("k" + i).equals(primary)) {
                return "k" + i;
            }
        }
    }
}
