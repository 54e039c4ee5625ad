package io.logpipe.indexer.retention;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The two requests retention makes, chosen because Elasticsearch 8 and OpenSearch 2 and 3 answer them alike:
 * {@code GET _cat/indices/<glob>} (open and closed indices, not hidden ones: a glob with a leading {@code *} must
 * not reach system indices) and {@code DELETE /<name>} of one concrete name, never a wildcard, so
 * {@code action.destructive_requires_name} (true by default on Elasticsearch 8) does not stand in the way.
 */
final class ClusterIndices {
    /** What a deletion came to. */
    enum Deleted {
        /** Acknowledged. */
        YES,
        /** 404: already gone (another replica deleted it first). */
        ALREADY_GONE
    }

    private final RestClient client;
    private final ObjectMapper json;

    ClusterIndices(RestClient client, ObjectMapper json) {
        this.client = client;
        this.json = json;
    }

    /** Names of the open and closed indices matching {@code glob}. */
    List<String> list(String glob) throws IOException {
        Request request = new Request("GET", "/_cat/indices/" + encode(glob));
        request.addParameter("format", "json");
        request.addParameter("h", "index");
        request.addParameter("expand_wildcards", "open,closed");
        Response response = client.performRequest(request);
        JsonNode rows = json.readTree(response.getEntity().getContent());
        List<String> names = new ArrayList<>();
        for (JsonNode row : rows) {
            names.add(row.path("index").asText());
        }
        return names;
    }

    /** @throws IOException for no connection or any answer but 2xx and 404 */
    Deleted delete(String index) throws IOException {
        try {
            client.performRequest(new Request("DELETE", "/" + encode(index)));
            return Deleted.YES;
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() == 404) {
                return Deleted.ALREADY_GONE;
            }
            throw e;
        }
    }

    /** Percent-encodes all but the characters index names and globs are commonly made of. */
    static String encode(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.*".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
