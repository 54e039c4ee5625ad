package io.logpipe.common.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RedisRoutesTest {
    private static final RedisEndpoint SEED = new RedisEndpoint("127.0.0.1", 7000, "app", "secret", 0);

    private static List<Object> range(long from, long to, String host, long port) {
        return List.of(from, to, List.of(host.getBytes(StandardCharsets.UTF_8), port, "id".getBytes()),
                List.of("10.0.0.9".getBytes(), 9999L, "replica".getBytes()));
    }

    @Test
    void eachSlotGoesToThePrimaryOfItsRangeWithTheSeedsCredentials() throws IOException {
        RedisEndpoint[] map = RedisRoutes.parse(List.of(range(0, 5460, "10.0.0.1", 7001),
                range(5461, 10922, "10.0.0.2", 7002), range(10923, 16383, "", 7003)), SEED);
        assertEquals(new RedisEndpoint("10.0.0.1", 7001, "app", "secret", 0), map[0]);
        assertEquals("10.0.0.2", map[5514].host(), "logstash's slot");
        assertEquals(new RedisEndpoint("127.0.0.1", 7003, "app", "secret", 0), map[16383],
                "a node that does not know its address is reached where the seed is");
    }

    @Test
    void aMalformedAnswerIsAnErrorNotAGap() {
        assertThrows(IOException.class, () -> RedisRoutes.parse("ERR", SEED));
        assertThrows(IOException.class, () -> RedisRoutes.parse(List.of(List.of(0L, 10L)), SEED));
    }

    @Test
    void aClusterClientWithPlainSeedsGetsRoutesAndTlsDoesNot() {
        Map<String, String> cluster = Map.of("quarkus.redis.client-type", "cluster",
                "quarkus.redis.hosts", "redis://10.0.0.1:7001, redis://10.0.0.2:7002", "quarkus.redis.password", "pw");
        List<String> why = new ArrayList<>();
        Optional<RedisRoutes> routes = RedisRoutes.of(name -> Optional.ofNullable(cluster.get(name)), why::add);
        assertTrue(routes.isPresent() && routes.get().isCluster(), why.toString());

        Map<String, String> tls = Map.of("quarkus.redis.client-type", "cluster",
                "quarkus.redis.hosts", "rediss://10.0.0.1:7001");
        assertEquals(Optional.empty(), RedisRoutes.of(name -> Optional.ofNullable(tls.get(name)), why::add));
        assertTrue(why.get(why.size() - 1).contains("rediss://10.0.0.1:7001"), why.toString());

        Map<String, String> sentinel = Map.of("quarkus.redis.client-type", "sentinel");
        assertEquals(Optional.empty(), RedisRoutes.of(name -> Optional.ofNullable(sentinel.get(name)), why::add));
    }

    @Test
    void aRedisErrorIsOneShortLine() {
        String script = "CROSSSLOT Keys in request don't hash to the same slot\n" + "local t = redis.call('TIME')\n".repeat(40);
        String brief = RedisErrors.brief(new RuntimeException(new IllegalStateException(script)));
        assertTrue(!brief.contains("\n") && brief.length() < 300, brief);
        assertTrue(brief.contains("CROSSSLOT"), brief);
    }
}
