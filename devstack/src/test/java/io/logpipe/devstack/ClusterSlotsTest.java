package io.logpipe.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ClusterSlotsTest {

    @Test
    void crc16IsTheXmodemVariantOfTheClusterSpecification() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0x31C3, ClusterSlots.crc16(check, 0, check.length));
    }

    @Test
    void onlyTheFirstNonEmptyHashTagCounts() {
        assertEquals(12182, ClusterSlots.slot("foo"));
        assertEquals(ClusterSlots.slot("user1000"), ClusterSlots.slot("{user1000}.following"));
        assertEquals(ClusterSlots.slot("{user1000}.followers"), ClusterSlots.slot("{user1000}.following"));
        assertEquals(ClusterSlots.slot("logstash"), ClusterSlots.slot("{logstash}:inflight:abc"));
        assertEquals(ClusterSlots.slot("bar"), ClusterSlots.slot("foo{bar}{zap}"));
        assertEquals(ClusterSlots.slot("{bar"), ClusterSlots.slot("foo{{bar}}zap"));
        // An empty tag does not count: the whole key is hashed.
        assertEquals(ClusterSlots.crc16("foo{}{bar}".getBytes(StandardCharsets.UTF_8), 0, 10) & 16383,
                ClusterSlots.slot("foo{}{bar}"));
    }

    @Test
    void slotsSplitEvenlyInContiguousRangesAsRedisCliDoes() {
        assertEquals("0-5460", range(0, 3));
        assertEquals("5461-10922", range(1, 3));
        assertEquals("10923-16383", range(2, 3));
        assertEquals("0-16383", range(0, 1));
        assertEquals("8192-16383", range(1, 2));
    }

    private static String range(int index, int count) {
        int[] r = RedisCluster.slotRange(index, count);
        return r[0] + "-" + r[1];
    }
}
