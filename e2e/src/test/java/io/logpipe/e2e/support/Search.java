package io.logpipe.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpipe.devstack.ElasticsearchServer;

/**
 * What the tests ask Elasticsearch: counts, every document of an index pattern (exactly, by scrolling, not
 * by an approximate aggregation), and the indices with their document counts.
 */
public final class Search {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** One request to Elasticsearch: method, path, body or null. */
    private interface Requests {
        HttpResponse<String> request(String method, String path, String body) throws IOException, InterruptedException;
    }

    private final Requests es;

    public Search(ElasticsearchServer es) {
        this.es = es::request;
    }

    /** An Elasticsearch this JVM did not start, at {@code baseUrl} ({@code http://host:port}). */
    public Search(String baseUrl) {
        this.es = (method, path, body) -> HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One indexed document: where it is, its id, its source. */
    public record Doc(String index, String id, JsonNode source) {
        /** A field by dotted path ({@code log.file.path}), or a missing node. */
        public JsonNode field(String dotted) {
            JsonNode node = source;
            for (String part : dotted.split("\\.")) {
                node = node.path(part);
            }
            return node;
        }

        public String text(String dotted) {
            JsonNode node = field(dotted);
            return node.isMissingNode() || node.isNull() ? null : node.asText();
        }

        public List<String> tags() {
            List<String> tags = new ArrayList<>();
            field("tags").forEach(t -> tags.add(t.asText()));
            return tags;
        }
    }

    /** Makes everything indexed so far searchable (tests that check final contents, not latency). */
    public void refresh(String pattern) {
        call("POST", "/" + pattern + "/_refresh?allow_no_indices=true&ignore_unavailable=true", null);
    }

    /** Documents in {@code pattern} as currently searchable; 0 when no index matches. */
    public long count(String pattern) {
        return call("GET", "/" + pattern + "/_count?allow_no_indices=true&ignore_unavailable=true", null).path("count").asLong();
    }

    /** Documents in {@code pattern} whose keyword {@code field} equals {@code value}, or -1 while that cannot be told. */
    public long countWhere(String pattern, String field, String value) {
        ObjectNode request = JSON.createObjectNode();
        request.putObject("query").putObject("term").put(field, value);
        try {
            return call("POST", "/" + pattern + "/_count?allow_no_indices=true&ignore_unavailable=true", request.toString())
                    .path("count").asLong();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** As {@link #count(String)}, or -1 while Elasticsearch does not answer (it is being restarted). */
    public long countOrUnavailable(String pattern) {
        try {
            return count(pattern);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Refreshes and returns every document of {@code pattern} by scrolling: all fields, or only {@code fields}. */
    public List<Doc> all(String pattern, String... fields) {
        refresh(pattern);
        List<Doc> docs = new ArrayList<>();
        ObjectNode request = JSON.createObjectNode().put("size", 10000);
        request.putArray("sort").add("_doc");
        if (fields.length > 0) {
            var source = request.putArray("_source");
            for (String field : fields) {
                source.add(field);
            }
        }
        JsonNode page = call("POST", "/" + pattern + "/_search?scroll=2m&allow_no_indices=true", request.toString());
        String scrollId = page.path("_scroll_id").asText(null);
        try {
            while (page.path("hits").path("hits").size() > 0) {
                for (JsonNode hit : page.path("hits").path("hits")) {
                    docs.add(new Doc(hit.path("_index").asText(), hit.path("_id").asText(), hit.path("_source")));
                }
                ObjectNode next = JSON.createObjectNode().put("scroll", "2m").put("scroll_id", scrollId);
                page = call("POST", "/_search/scroll", next.toString());
                scrollId = page.path("_scroll_id").asText(scrollId);
            }
        } finally {
            if (scrollId != null) {
                ObjectNode clear = JSON.createObjectNode();
                clear.putArray("scroll_id").add(scrollId);
                call("DELETE", "/_search/scroll", clear.toString());
            }
        }
        return docs;
    }

    /** Index name to document count for the indices matching {@code pattern}, sorted by name. */
    public Map<String, Long> indices(String pattern) {
        JsonNode rows = call("GET", "/_cat/indices/" + pattern + "?format=json&h=index,docs.count&allow_no_indices=true", null);
        Map<String, Long> indices = new TreeMap<>();
        rows.forEach(row -> indices.put(row.path("index").asText(), row.path("docs.count").asLong()));
        return indices;
    }

    /** A search request; the parsed response. */
    public JsonNode search(String pattern, String body) {
        return call("POST", "/" + pattern + "/_search?allow_no_indices=true&ignore_unavailable=true", body);
    }

    /**
     * The hits of a search made while a poll waits for documents: none yet while Elasticsearch answers 503. The
     * first bulk creates the daily index, and until its shard is started a search of it fails with
     * {@code no_shard_available_action_exception} (a CI run of LogstashFilesOnThreeHostsIT met that).
     */
    public JsonNode hitsOrNoneYet(String pattern, String body) {
        try {
            return search(pattern, body).path("hits").path("hits");
        } catch (Unavailable e) {
            return JSON.createArrayNode();
        }
    }

    /** Elasticsearch answered 503: what was asked cannot be answered yet. */
    private static final class Unavailable extends IllegalStateException {
        Unavailable(String message) {
            super(message);
        }
    }

    /** How many times each value occurs (values that occur more than once are duplicates). */
    public static Map<String, Integer> occurrences(Collection<String> values) {
        Map<String, Integer> counts = new HashMap<>();
        values.forEach(v -> counts.merge(v, 1, Integer::sum));
        return counts;
    }

    /** The entries of {@link #occurrences} above one, at most {@code limit} of them, for failure messages. */
    public static Map<String, Integer> duplicates(Collection<String> values, int limit) {
        Map<String, Integer> duplicates = new LinkedHashMap<>();
        occurrences(values).forEach((value, n) -> {
            if (n > 1 && duplicates.size() < limit) {
                duplicates.put(value, n);
            }
        });
        return duplicates;
    }

    private JsonNode call(String method, String path, String body) {
        try {
            HttpResponse<String> response = es.request(method, path, body);
            if (response.statusCode() == 503) {
                throw new Unavailable(method + " " + path + " -> 503: " + response.body());
            }
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Asserts that the documents of {@code pattern} are lines 0 to {@code lines - 1} of {@link AppLog}, each exactly
     * once and each with its own {@code event.id}; prints what it found under {@code label}.
     */
    public void assertEveryLineOnce(String pattern, int lines, String label) {
        List<Doc> docs = all(pattern, "message", "event.id");
        java.util.BitSet seen = new java.util.BitSet(lines);
        List<String> twice = new java.util.ArrayList<>();
        for (Doc doc : docs) {
            int seq = (int) AppLog.seq(doc.text("message"));
            org.junit.jupiter.api.Assertions.assertTrue(seq >= 0 && seq < lines, () -> "unexpected document " + doc);
            if (seen.get(seq)) {
                twice.add(doc.text("message"));
            }
            seen.set(seq);
        }
        long ids = docs.stream().map(d -> d.text("event.id")).distinct().count();
        System.out.printf("%s: %d documents, %d distinct event.id, %d distinct lines, %d lines indexed twice, indices %s%n",
                label, docs.size(), ids, seen.cardinality(), twice.size(), indices(pattern));
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), twice.subList(0, Math.min(10, twice.size())),
                "lines indexed more than once");
        org.junit.jupiter.api.Assertions.assertEquals(lines, seen.cardinality(), "distinct lines indexed");
        org.junit.jupiter.api.Assertions.assertEquals(lines, docs.size(), "documents");
        org.junit.jupiter.api.Assertions.assertEquals(lines, ids, "distinct event.id");
    }
}
