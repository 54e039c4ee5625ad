package io.logpipe.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RedisServerTest {

    @Test
    void bundledRedisRunsEvenWhenRedisServerIsOnPath() throws Exception {
        try (RedisServer redis = RedisServer.builder().forceBundled(true).build().start()) {
            System.out.println("bundled Redis up in " + redis.startMillis() + " ms");
            assertTrue(redis.binary().getFileName().toString().startsWith("redis-server-6.2"), redis.binary().toString());
            try (Resp resp = redis.connect()) {
                String info = (String) resp.call("INFO", "server");
                assertTrue(info.contains("redis_version:6.2"), info);
                List<String> push = new ArrayList<>(List.of("RPUSH", "k"));
                for (int i = 0; i < 1000; i++) {
                    push.add("e" + i);
                }
                assertEquals(1000L, resp.call(push.toArray(String[]::new)));
                @SuppressWarnings("unchecked")
                List<Object> popped = (List<Object>) resp.call("LPOP", "k", "1000");
                assertEquals(1000, popped.size());
                assertEquals("e0", popped.get(0));
                assertEquals("e999", popped.get(999));
                assertEquals(0L, resp.call("LLEN", "k"));
            }
        }
    }

    @Test
    void evalRunsALuaScriptAtomically() throws Exception {
        try (RedisServer redis = RedisServer.builder().build().start(); Resp resp = redis.connect()) {
            resp.call("RPUSH", "q", "a", "b", "c");
            Object moved = resp.call("EVAL",
                    "local n = 0 while redis.call('LMOVE', KEYS[1], KEYS[2], 'LEFT', 'RIGHT') do n = n + 1 end return n",
                    "2", "q", "q:inflight");
            assertEquals(3L, moved);
            assertEquals(List.of("a", "b", "c"), resp.call("LRANGE", "q:inflight", "0", "-1"));
        }
    }

    @Test
    void passwordIsRequiredWhenSetAndRestartKeepsAppendOnlyData() throws Exception {
        try (RedisServer redis = RedisServer.builder().password("s3cret").appendOnly(true).build().start()) {
            try (Resp anonymous = Resp.connect(redis.port(), null)) {
                Resp.Error error = assertThrows(Resp.Error.class, () -> anonymous.call("PING"));
                assertTrue(error.getMessage().startsWith("NOAUTH"), error.getMessage());
            }
            try (Resp resp = redis.connect()) {
                resp.call("RPUSH", "kept", "x");
            }
            redis.stop();
            assertFalse(Ports.accepting(redis.port()));
            redis.start();
            try (Resp resp = redis.connect()) {
                assertEquals(1L, resp.call("LLEN", "kept"));
            }
        }
    }
}
