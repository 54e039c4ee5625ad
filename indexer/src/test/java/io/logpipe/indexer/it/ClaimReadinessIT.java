package io.logpipe.indexer.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.logpipe.devstack.Poll;
import io.logpipe.devstack.RedisServer;
import io.logpipe.devstack.SharedServers;
import io.logpipe.indexer.testing.Stores;

/**
 * Redis answers PING but refuses every claim (here an ACL user without scripts, as a cluster refuses a script whose
 * keys cross slots): the indexer must not stay ready while the queue grows, and must say why in short lines.
 */
class ClaimReadinessIT {
    @Test
    void anIndexerThatCannotClaimForTheConsumerTimeoutIsNotReadyAndSaysWhyInOneLine() {
        RedisServer redis = SharedServers.redis();
        Stores stores = new Stores(redis, SharedServers.elasticsearch());
        String user = "noscript" + System.nanoTime();
        stores.redis("ACL", "SETUSER", user, "on", ">secret", "~*", "+@all", "-evalsha", "-eval");
        String key = "it-claim-readiness";
        stores.push(key, List.of("{\"message\":\"waiting\"}"));

        try (IndexerProcess indexer = IndexerProcess.of("noscript", key, redis, SharedServers.elasticsearch(),
                Map.of("quarkus.redis.hosts", "redis://" + user + ":secret@" + redis.host() + ":" + redis.port()))
                .start()) {
            Poll.until("readiness to say the workers cannot claim", Duration.ofSeconds(90), Duration.ofMillis(250),
                    () -> indexer.body("/q/health/ready").contains("no worker could claim"),
                    () -> "\n" + indexer.body("/q/health/ready") + "\n" + indexer.logTail(20));
            String ready = indexer.body("/q/health/ready");
            assertTrue(ready.contains("\"DOWN\"") && ready.contains("NOPERM"), ready);
            List<String> failures = indexer.allLogs().lines().filter(l -> l.contains("Redis failed to")).toList();
            assertTrue(!failures.isEmpty(), indexer.logTail(20));
            for (String line : failures) {
                assertTrue(line.length() < 400, "one short line, not the whole command: " + line);
            }
        } finally {
            stores.redis("ACL", "DELUSER", user);
        }
    }
}
