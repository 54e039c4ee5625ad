package io.logpipe.devstack;

import java.nio.charset.StandardCharsets;

/**
 * Redis Cluster's key-to-slot function (CRC16/XMODEM of the key, or of its hash tag, modulo 16384), so tests can
 * route a command to the node that owns a key without a cluster client. The services use
 * {@code io.logpipe.common.queue.KeySlot}; devstack cannot (common's tests depend on devstack, so devstack depending
 * on common would be a cycle), hence this copy for tests, checked against the server's own {@code CLUSTER KEYSLOT}.
 */
public final class ClusterSlots {
    /** Slots in a Redis Cluster. */
    public static final int COUNT = 16384;

    private ClusterSlots() {
    }

    /** The slot of {@code key}: only the part inside the first non-empty {@code {...}} counts, when there is one. */
    public static int slot(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        int from = 0;
        int to = bytes.length;
        int open = indexOf(bytes, (byte) '{', 0);
        if (open >= 0) {
            int close = indexOf(bytes, (byte) '}', open + 1);
            if (close > open + 1) {
                from = open + 1;
                to = close;
            }
        }
        return crc16(bytes, from, to) & (COUNT - 1);
    }

    /** CRC16/XMODEM (polynomial 0x1021, initial value 0), the variant the cluster specification names. */
    static int crc16(byte[] bytes, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= (bytes[i] & 0xff) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }
        return crc & 0xffff;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
