package io.logpipe.indexer.template;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpipe.indexer.config.IndexerConfig;

/**
 * The composable index template ({@code PUT _index_template/<name>}) for the indices the indexer writes:
 * ECS-style mappings ({@code @timestamp} date, {@code message} text, {@code host.name}, {@code log.file.path},
 * {@code event.id}, {@code tags}, {@code type} keyword, {@code log.offset} long; the shipper's Kubernetes metadata,
 * {@code kubernetes.*} and {@code container.name}, keyword, labels and annotations whatever their keys; other strings
 * keyword) and the configured shards, replicas and refresh interval.
 *
 * <p>Installed when absent, when the installed one has a lower {@link #VERSION}, or when it has the same version
 * but other settings ({@code _meta.logpipe_digest} differs). A template of a higher version (from a newer
 * indexer) is left alone.
 */
public final class IndexTemplate {
    /** Raise when the mappings change. 2: {@code kubernetes.*} and {@code container.name}. */
    public static final int VERSION = 2;
    /** Above Elasticsearch's built-in templates (100), so ours wins for its pattern. */
    static final int PRIORITY = 200;
    private static final Logger LOG = Logger.getLogger(IndexTemplate.class);

    private final RestClient client;
    private final ObjectMapper json;
    private final String name;
    private final ObjectNode body;
    private final String digest;

    /** @param prefix what every index name starts with (not empty); the template covers {@code <prefix>*} */
    public IndexTemplate(RestClient client, ObjectMapper json, IndexerConfig.Template config, String prefix) {
        this.client = client;
        this.json = json;
        this.name = config.name().orElse(defaultName(prefix));
        String indexPattern = prefix + "*";
        ObjectNode template = json.createObjectNode();
        template.putArray("index_patterns").add(indexPattern);
        template.put("priority", PRIORITY);
        template.put("version", VERSION);
        ObjectNode index = template.putObject("template").putObject("settings").putObject("index");
        index.put("number_of_shards", config.shards());
        index.put("number_of_replicas", config.replicas());
        index.put("refresh_interval", config.refreshInterval());
        ((ObjectNode) template.get("template")).set("mappings", mappings(json));
        this.digest = sha1(template.toString());
        template.putObject("_meta").put("managed_by", "logpipe-indexer").put("logpipe_digest", digest);
        this.body = template;
    }

    /** {@code logstash-} gives {@code logstash}. */
    static String defaultName(String prefix) {
        String name = prefix.replaceAll("[-_.+]+$", "");
        return name.isEmpty() ? prefix : name;
    }

    public String name() {
        return name;
    }

    private static ObjectNode mappings(ObjectMapper json) {
        ObjectNode mappings = json.createObjectNode();
        ArrayNode dynamic = mappings.putArray("dynamic_templates");
        // Before strings_as_keyword (the first that matches wins): a label's value is at most 63 characters, so
        // never ignored; an annotation's can be long.
        dynamic.addObject().putObject("kubernetes_labels").put("path_match", "kubernetes.labels.*")
                .put("match_mapping_type", "string").putObject("mapping").put("type", "keyword");
        dynamic.addObject().putObject("kubernetes_annotations").put("path_match", "kubernetes.annotations.*")
                .put("match_mapping_type", "string").putObject("mapping").put("type", "keyword").put("ignore_above", 1024);
        dynamic.addObject().putObject("strings_as_keyword")
                .put("match_mapping_type", "string")
                .putObject("mapping").put("type", "keyword").put("ignore_above", 1024);
        ObjectNode p = mappings.putObject("properties");
        p.putObject("@timestamp").put("type", "date");
        p.putObject("@version").put("type", "keyword");
        p.putObject("message").put("type", "text");
        p.putObject("tags").put("type", "keyword");
        p.putObject("type").put("type", "keyword");
        p.putObject("host").putObject("properties").putObject("name").put("type", "keyword");
        ObjectNode log = p.putObject("log").putObject("properties");
        log.putObject("file").putObject("properties").putObject("path").put("type", "keyword");
        log.putObject("offset").put("type", "long");
        p.putObject("event").putObject("properties").putObject("id").put("type", "keyword");
        ObjectNode k8s = p.putObject("kubernetes").putObject("properties");
        ObjectNode pod = k8s.putObject("pod").putObject("properties");
        pod.putObject("name").put("type", "keyword");
        pod.putObject("uid").put("type", "keyword");
        k8s.putObject("namespace").put("type", "keyword");
        k8s.putObject("node").putObject("properties").putObject("name").put("type", "keyword");
        k8s.putObject("container").putObject("properties").putObject("name").put("type", "keyword");
        k8s.putObject("labels").put("type", "object");
        k8s.putObject("annotations").put("type", "object");
        p.putObject("container").putObject("properties").putObject("name").put("type", "keyword");
        return mappings;
    }

    /** The request body, for tests and the README. */
    public ObjectNode body() {
        return body.deepCopy();
    }

    /**
     * Installs the template unless an equal or newer one is there.
     *
     * @return true when it was (re)installed
     * @throws IOException when Elasticsearch could not be asked or refused
     */
    public boolean install() throws IOException {
        JsonNode existing = existing();
        if (existing != null) {
            int version = existing.path("version").asInt(0);
            String theirs = existing.path("_meta").path("logpipe_digest").asText("");
            if (version > VERSION) {
                LOG.infof("index template %s has version %d, newer than this indexer's %d: left as is", name, version, VERSION);
                return false;
            }
            if (version == VERSION && theirs.equals(digest)) {
                return false;
            }
        }
        Request put = new Request("PUT", "/_index_template/" + name);
        put.setJsonEntity(json.writeValueAsString(body));
        client.performRequest(put);
        LOG.infof("index template %s (version %d) installed for %s", name, VERSION, body.get("index_patterns"));
        return true;
    }

    private JsonNode existing() throws IOException {
        Response response;
        try {
            response = client.performRequest(new Request("GET", "/_index_template/" + name));
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() == 404) {
                return null;
            }
            throw e;
        }
        JsonNode templates = json.readTree(EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8))
                .path("index_templates");
        for (JsonNode t : templates) {
            if (name.equals(t.path("name").asText())) {
                return t.path("index_template");
            }
        }
        return null;
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
