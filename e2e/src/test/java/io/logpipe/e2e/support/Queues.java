package io.logpipe.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.logpipe.devstack.RedisServer;
import io.logpipe.devstack.Resp;

/** What is left in Redis: the main list, the in-flight lists {@code {<key>}:inflight:*}, the dead letters. */
public final class Queues {
    private final RedisServer redis;
    private final String key;

    public Queues(RedisServer redis, String key) {
        this.redis = redis;
        this.key = key;
    }

    public long waiting() {
        return llen(key);
    }

    public long dead() {
        return llen("{" + key + "}:dead");
    }

    /** Every in-flight list with its length (a list that Redis deleted because it is empty is not there). */
    public Map<String, Long> inflight() {
        try (Resp resp = redis.connect()) {
            Map<String, Long> lists = new TreeMap<>();
            for (Object name : (List<?>) resp.call("KEYS", "{" + key + "}:inflight:*")) {
                lists.put((String) name, (Long) resp.call("LLEN", (String) name));
            }
            return lists;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long inflightTotal() {
        return inflight().values().stream().mapToLong(Long::longValue).sum();
    }

    /** Waiting + in flight, or -1 while Redis does not answer. */
    public long pendingOrUnavailable() {
        try {
            return waiting() + inflightTotal();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    public long llen(String list) {
        try (Resp resp = redis.connect()) {
            return (Long) resp.call("LLEN", list);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first {@code n} entries of a list, for failure messages. */
    public List<?> peek(String list, int n) {
        try (Resp resp = redis.connect()) {
            return (List<?>) resp.call("LRANGE", list, "0", Integer.toString(n - 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
