package io.logpipe.common.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ShardNamesTest {
    @Test
    void slotsAreRedisClusterSlots() {
        // As CLUSTER KEYSLOT answered on redis-server 7.0.15.
        assertEquals(12739, KeySlot.of("123456789"));
        assertEquals(5514, KeySlot.of("logstash"));
        assertEquals(5514, KeySlot.of("{logstash}:inflight:web-1"));
        assertEquals(3492, KeySlot.of("logstash:1"));
        assertEquals(8107, KeySlot.of("app-logs"));
        // An empty tag is no tag: the whole key is hashed.
        assertEquals(10595, KeySlot.of("{}x"));
        assertEquals(16287, KeySlot.of("x"));
    }

    @Test
    void oneShardIsTheKeyItself() {
        assertEquals(List.of("logstash"), ShardNames.of("logstash", 1));
    }

    @Test
    void shardsFallIntoDifferentEqualSlotRanges() {
        for (int n : new int[] {2, 3, 4, 6, 16}) {
            List<String> names = ShardNames.of("logstash", n);
            assertEquals(n, names.size());
            assertEquals("logstash", names.get(0));
            Set<Integer> ranges = new HashSet<>();
            for (String name : names) {
                assertTrue(name.equals("logstash") || name.startsWith("logstash:"), name);
                ranges.add(KeySlot.of(name) * n / KeySlot.SLOTS);
            }
            assertEquals(n, ranges.size(), "ranges of " + names);
        }
    }

    @Test
    void namesDependOnlyOnTheKeyAndTheCount() {
        assertEquals(ShardNames.of("app-logs", 3), ShardNames.of("app-logs", 3));
    }

    @Test
    void keysWithBracesOrBadCountsAreRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShardNames.of("{app}logs", 1));
        assertTrue(e.getMessage().contains("brace"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ShardNames.of("logstash", 0));
        assertThrows(IllegalArgumentException.class, () -> ShardNames.of("logstash", 65));
    }
}
