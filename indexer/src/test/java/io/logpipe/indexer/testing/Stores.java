package io.logpipe.indexer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.logpipe.devstack.RedisServer;
import io.logpipe.devstack.Resp;
import io.logpipe.devstack.SearchServer;

/** What the tests read and write in the real Redis and Elasticsearch (or OpenSearch), outside the indexer under test. */
public final class Stores {
    public static final ObjectMapper JSON = new ObjectMapper();

    private final RedisServer redis;
    private final SearchServer es;

    public Stores(RedisServer redis, SearchServer es) {
        this.redis = redis;
        this.es = es;
    }

    // ---- Redis

    public Object redis(String... command) {
        try (Resp resp = redis.connect()) {
            return resp.call(command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RPUSH in slices of 1000 elements per command. */
    public void push(String key, List<String> elements) {
        try (Resp resp = redis.connect()) {
            for (int from = 0; from < elements.size(); from += 1000) {
                List<String> slice = elements.subList(from, Math.min(from + 1000, elements.size()));
                String[] command = new String[slice.size() + 2];
                command[0] = "RPUSH";
                command[1] = key;
                for (int i = 0; i < slice.size(); i++) {
                    command[i + 2] = slice.get(i);
                }
                resp.call(command);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long llen(String key) {
        return (Long) redis("LLEN", key);
    }

    @SuppressWarnings("unchecked")
    public List<String> keys(String pattern) {
        return (List<String>) redis("KEYS", pattern);
    }

    @SuppressWarnings("unchecked")
    public List<String> range(String key) {
        return (List<String>) redis("LRANGE", key, "0", "-1");
    }

    /** Redis's clock, in milliseconds (what heartbeats are measured with). */
    @SuppressWarnings("unchecked")
    public long redisTimeMillis() {
        List<String> time = (List<String>) redis("TIME");
        return Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
    }

    // ---- Elasticsearch

    public JsonNode es(String method, String path, String body) {
        try {
            HttpResponse<String> response = es.request(method, path, body);
            return JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code _count} of {@code index} matching {@code query} (a JSON query object), -1 when the index is missing. */
    public long count(String index, String query) {
        JsonNode answer = es("POST", "/" + index + "/_count?ignore_unavailable=true&allow_no_indices=true",
                "{\"query\":" + query + "}");
        return answer.has("count") ? answer.get("count").asLong() : -1;
    }

    /** Documents whose {@code labels.run} is {@code run}. */
    public long countRun(String index, String run) {
        return count(index, "{\"term\":{\"labels.run\":\"" + run + "\"}}");
    }

    public void refresh(String index) {
        es("POST", "/" + index + "/_refresh?ignore_unavailable=true&allow_no_indices=true", null);
    }

    /** Search hits' sources. */
    public List<JsonNode> search(String index, String query, int size) {
        JsonNode answer = es("POST", "/" + index + "/_search?ignore_unavailable=true&allow_no_indices=true",
                "{\"size\":" + size + ",\"query\":" + query + "}");
        List<JsonNode> sources = new ArrayList<>();
        answer.path("hits").path("hits").forEach(hit -> sources.add(hit.path("_source")));
        return sources;
    }

    /**
     * The exact number of distinct {@code event.id} values in {@code index} (a composite aggregation paged to
     * the end: exact, unlike {@code cardinality}, which estimates above its precision threshold).
     */
    public long distinctEventIds(String index) {
        long distinct = 0;
        String after = null;
        while (true) {
            String body = "{\"size\":0,\"aggs\":{\"ids\":{\"composite\":{\"size\":10000,"
                    + (after == null ? "" : "\"after\":" + after + ",")
                    + "\"sources\":[{\"id\":{\"terms\":{\"field\":\"event.id\"}}}]}}}}";
            JsonNode ids = es("POST", "/" + index + "/_search", body).path("aggregations").path("ids");
            int buckets = ids.path("buckets").size();
            distinct += buckets;
            if (buckets == 0 || !ids.has("after_key")) {
                return distinct;
            }
            after = ids.get("after_key").toString();
        }
    }
}
