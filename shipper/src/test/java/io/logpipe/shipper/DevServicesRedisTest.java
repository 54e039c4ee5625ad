package io.logpipe.shipper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.redis.client.Response;

/**
 * Nothing configured: Dev Services start Redis for the application under test (a container where a container runtime
 * exists, otherwise a devstack process, see devservices/), and it reaches it through the Quarkus Redis client.
 */
@QuarkusTest
class DevServicesRedisTest {

    @Inject
    RedisDataSource redis;

    @Test
    void aThousandElementsPushedInOneCommandArePoppedInOne() {
        String key = "devstack-test:" + System.nanoTime();
        String[] elements = IntStream.range(0, 1000).mapToObj(i -> "e" + i).toArray(String[]::new);
        assertEquals(1000L, redis.list(String.class).rpush(key, elements));
        List<String> popped = redis.list(String.class).lpop(key, 1000);
        assertEquals(List.of(elements), popped);
        assertEquals(0L, redis.list(String.class).llen(key));
    }

    @Test
    void evalRunsAScriptOnTheServer() {
        Response reply = redis.execute("EVAL", "return redis.call('INCRBY', KEYS[1], ARGV[1])", "1",
                "devstack-eval:" + System.nanoTime(), "41");
        assertEquals(41, reply.toInteger());
    }
}
