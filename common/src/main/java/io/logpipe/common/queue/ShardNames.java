package io.logpipe.common.queue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The list names of a queue of N shards (see the package contract). Shard i after the first lands in slot range
 * (r0 + i) mod N, where r0 is the range of the key itself, by trying {@code <key>:1}, {@code <key>:2}, ... in
 * order: deterministic, and short names (a few dozen tries per shard).
 */
public final class ShardNames {
    /** More would only spread one queue thinner than any cluster has primaries. */
    public static final int MAX_SHARDS = 64;

    private ShardNames() {
    }

    /**
     * @throws IllegalArgumentException when the key cannot name a queue (braces) or n is out of range, with the
     *     reason in words
     */
    public static List<String> of(String key, int n) {
        check(key);
        if (n < 1 || n > MAX_SHARDS) {
            throw new IllegalArgumentException("shards must be between 1 and " + MAX_SHARDS + ", not " + n);
        }
        List<String> names = new ArrayList<>(n);
        names.add(key);
        Set<String> used = new HashSet<>(names);
        int first = range(KeySlot.of(key), n);
        int suffix = 1;
        for (int i = 1; i < n; i++) {
            int want = (first + i) % n;
            for (int s = suffix;; s++) {
                String name = key + ":" + s;
                if (!used.contains(name) && range(KeySlot.of(name), n) == want) {
                    names.add(name);
                    used.add(name);
                    break;
                }
            }
        }
        return names;
    }

    /** Refuses a key whose own braces would turn {@code {<key>}:...} into another hash tag. */
    public static void check(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("the Redis key must not be empty");
        }
        if (key.indexOf('{') >= 0 || key.indexOf('}') >= 0) {
            throw new IllegalArgumentException("the Redis key " + key + " contains a brace: logpipe names its "
                    + "auxiliary keys {" + key + "}:..., a hash tag of the key, so that they share its Redis Cluster "
                    + "slot; choose a key without { and }");
        }
    }

    /** The hash tag that puts an auxiliary key in the slot of {@code shard}. */
    public static String tag(String shard) {
        return "{" + shard + "}";
    }

    /**
     * The set, in the key's slot, where shippers with {@code shards} > 1 record their lists, so that an indexer
     * configured with fewer shards still drains them.
     */
    public static String registry(String key) {
        return tag(key) + ":shards";
    }

    private static int range(int slot, int n) {
        return slot * n / KeySlot.SLOTS;
    }
}
