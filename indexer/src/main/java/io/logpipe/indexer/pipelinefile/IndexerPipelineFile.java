package io.logpipe.indexer.pipelinefile;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.logpipe.common.lscl.Ast;
import io.logpipe.common.lscl.ConfigException;
import io.logpipe.common.lscl.ConfigValues;
import io.logpipe.common.lscl.Options;
import io.logpipe.common.lscl.Substitution;

/**
 * The classic Logstash indexer's pipeline file as the indexer's properties: its {@code redis} input and
 * {@code elasticsearch} and {@code stdout} outputs become what the equivalent properties say (the {@code filter}
 * blocks are compiled by the indexer itself at start-up). Only options that are given are mapped, so logpipe's
 * defaults apply where the file is silent, except where the two differ in meaning (noted at each option).
 * Pure: the text in, properties out, or a {@link ConfigException} at the line that logpipe cannot run.
 */
public final class IndexerPipelineFile {
    private final Map<String, String> properties = new LinkedHashMap<>();
    /** Properties already written as lists ({@link ConfigValues#list}). */
    private final Set<String> lists = new HashSet<>();

    private IndexerPipelineFile() {
    }

    /**
     * The file's properties, written for SmallRye Config ({@link ConfigValues}); {@code ${VAR}} references in its
     * strings are replaced from {@code environment} first, as Logstash does.
     */
    public static Map<String, String> map(Ast.Pipeline pipeline, Function<String, String> environment) {
        IndexerPipelineFile file = new IndexerPipelineFile();
        file.read(Substitution.apply(pipeline, environment));
        Map<String, String> written = new LinkedHashMap<>();
        file.properties.forEach((k, v) -> written.put(k, file.lists.contains(k) ? v : ConfigValues.scalar(v)));
        return written;
    }

    private void read(Ast.Pipeline pipeline) {
        List<Ast.Plugin> inputs = plugins(pipeline, "input");
        List<Ast.Plugin> outputs = plugins(pipeline, "output");
        if (inputs.isEmpty()) {
            throw new ConfigException(pipeline.sections().get(0).location(),
                    "the indexer's file needs an input { redis { ... } }: it is where events come from");
        }
        Ast.Plugin redis = null;
        for (Ast.Plugin input : inputs) {
            if (!input.name().equals("redis")) {
                throw new ConfigException(input.location(), "the indexer has no " + input.name()
                        + " input; it reads one Redis list or channel: input { redis { ... } }");
            }
            if (redis != null) {
                throw new ConfigException(input.location(), "the indexer reads one Redis list: a second redis input "
                        + "is not supported (run a second indexer for another key)");
            }
            redis = input;
        }
        redis(new Options(redis, null));
        boolean elasticsearch = false;
        for (Ast.Plugin output : outputs) {
            switch (output.name()) {
                case "elasticsearch" -> {
                    if (elasticsearch) {
                        throw new ConfigException(output.location(), "the indexer writes to one Elasticsearch: a "
                                + "second elasticsearch output is not supported");
                    }
                    elasticsearch = true;
                    elasticsearch(new Options(output, null));
                }
                case "stdout" -> stdout(new Options(output, null));
                default -> throw new ConfigException(output.location(), "the indexer has no " + output.name()
                        + " output; it supports elasticsearch and stdout { codec => rubydebug }");
            }
        }
        if (!elasticsearch) {
            throw new ConfigException(outputs.isEmpty() ? redis.location() : outputs.get(0).location(),
                    "the indexer's file needs an output { elasticsearch { ... } }: events are indexed there");
        }
    }

    /** The plugins of every section of this kind; a conditional there is refused (logpipe routes nothing). */
    private static List<Ast.Plugin> plugins(Ast.Pipeline pipeline, String kind) {
        List<Ast.Plugin> plugins = new ArrayList<>();
        for (Ast.Section section : pipeline.sections(kind)) {
            for (Ast.Statement statement : section.body()) {
                if (statement instanceof Ast.Plugin plugin) {
                    plugins.add(plugin);
                } else {
                    throw new ConfigException(statement.location(), "conditionals are supported in filter { } only, "
                            + "not in " + kind + " { }");
                }
            }
        }
        return plugins;
    }

    private void redis(Options o) {
        tuningOnly(o);
        String codec = codec(o, "json");
        if (!codec.equals("json")) {
            throw o.error("codec", "the redis input's codec must be json (the wire format), not " + codec);
        }
        String host = o.string("host", "127.0.0.1");
        long port = o.integer("port", 6379);
        long db = o.integer("db", 0);
        boolean ssl = o.bool("ssl_enabled", false) | o.bool("ssl", false);
        properties.put("quarkus.redis.hosts", (ssl ? "rediss://" : "redis://") + host + ":" + port + (db == 0 ? "" : "/" + db));
        o.string("password").ifPresent(p -> properties.put("quarkus.redis.password", p));
        String dataType = o.choice("data_type", "list", "list", "channel", "pattern_channel");
        if (dataType.equals("pattern_channel")) {
            throw o.error("data_type", "data_type pattern_channel is not supported; use list (reliable) or channel");
        }
        properties.put("indexer.redis.data-type", dataType);
        o.string("key").ifPresent(k -> properties.put("indexer.redis.key", k));
        // batch_count is Logstash's pop size (default 125); logpipe's batch-size is also the bulk size (default 1000)
        positive(o, "batch_count").ifPresent(n -> properties.put("indexer.batch-size", n));
        positive(o, "threads").ifPresent(n -> properties.put("indexer.workers", n));
        o.string("type").ifPresent(t -> properties.put("indexer.input.type", t));
        List<String> tags = o.strings("tags");
        if (!tags.isEmpty()) {
            putList("indexer.input.tags", tags);
        }
        o.stringMap("add_field").forEach((k, v) -> properties.put("indexer.input.add-field.\"" + k + "\"", v));
        o.finish();
    }

    private void elasticsearch(Options o) {
        tuningOnly(o);
        List<String> hosts = o.strings("hosts");
        if (!hosts.isEmpty()) {
            List<String> hostPorts = new ArrayList<>();
            String scheme = null;
            for (String host : hosts) {
                URI uri = uri(o, host);
                String s = uri.getScheme() == null ? "http" : uri.getScheme();
                if (scheme != null && !scheme.equals(s)) {
                    throw o.error("hosts", "hosts mix http and https; logpipe talks to all of them one way");
                }
                scheme = s;
                hostPorts.add(uri.getHost() + ":" + (uri.getPort() < 0 ? 9200 : uri.getPort()));
            }
            properties.put("quarkus.elasticsearch.hosts", String.join(",", hostPorts));
            properties.put("quarkus.elasticsearch.protocol", o.bool("ssl_enabled", scheme.equals("https")) ? "https" : "http");
        } else if (o.bool("ssl_enabled", false)) {
            properties.put("quarkus.elasticsearch.protocol", "https");
        }
        o.string("index").ifPresent(i -> properties.put("indexer.index", i));
        o.string("document_id").ifPresent(id -> {
            if (!id.equals("%{[event][id]}")) {
                throw o.error("document_id", "logpipe's _id is always %{[event][id]} (redelivery must find the same "
                        + "document); set [event][id] in a filter instead, e.g. mutate { copy => { \"[my_id]\" => "
                        + "\"[event][id]\" } }");
            }
        });
        properties.put("indexer.action", o.choice("action", "create", "create", "index"));
        o.string("pipeline").ifPresent(p -> properties.put("indexer.ingest-pipeline", p));
        o.string("user").ifPresent(u -> properties.put("quarkus.elasticsearch.username", u));
        o.string("password").ifPresent(p -> properties.put("quarkus.elasticsearch.password", p));
        o.string("api_key").ifPresent(key -> {
            if (!key.contains(":")) {
                throw o.error("api_key", "api_key is id:api_key, as Elasticsearch's create API key answer gives them");
            }
            properties.put("quarkus.elasticsearch.api-key",
                    Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)));
        });
        List<String> authorities = o.strings("ssl_certificate_authorities");
        if (!authorities.isEmpty()) {
            putList("indexer.elasticsearch.ssl-certificate-authorities", authorities);
        }
        o.string("manage_template").ifPresent(m -> properties.put("indexer.template.enabled",
                Boolean.toString(o.bool("manage_template", true))));
        o.string("template_name").ifPresent(n -> properties.put("indexer.template.name", n));
        o.finish();
    }

    private void stdout(Options o) {
        tuningOnly(o);
        String name = codec(o, "rubydebug");
        if (!name.equals("rubydebug")) {
            throw o.error("codec", "the indexer's stdout prints rubydebug only, not " + name);
        }
        properties.put("indexer.debug-output", "true");
        o.finish();
    }

    /** {@code codec => name} or {@code codec => name { }} (a codec without options). */
    private static String codec(Options o, String defaultCodec) {
        Optional<Ast.Value> codec = o.value("codec");
        if (codec.isEmpty()) {
            return defaultCodec;
        }
        if (codec.get() instanceof Ast.PluginValue p) {
            if (!p.plugin().attributes().isEmpty()) {
                throw o.error("codec", "the " + p.plugin().name() + " codec's options are not supported");
            }
            return p.plugin().name();
        }
        return o.string("codec").orElseThrow();
    }

    /** Options that tune Logstash itself and mean nothing here: accepted. */
    private static void tuningOnly(Options o) {
        o.string("id");
        o.bool("enable_metric", true);
        o.integer("workers", 1);
    }

    private static Optional<String> positive(Options o, String name) {
        if (!o.has(name)) {
            return Optional.empty();
        }
        long n = o.integer(name, 1);
        if (n < 1) {
            throw o.error(name, name + " must be at least 1, not " + n);
        }
        return Optional.of(Long.toString(n));
    }

    private static URI uri(Options o, String host) {
        try {
            URI uri = new URI(host.contains("://") ? host : "//" + host);
            if (uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))) {
                throw o.error("hosts", "hosts entry " + host + ": logpipe takes host[:port] or http(s)://host[:port], "
                        + "without a path");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw o.error("hosts", "hosts entry " + host + " is not host[:port] or a URL: " + e.getReason());
        }
    }

    private void putList(String key, List<String> values) {
        properties.put(key, ConfigValues.list(values));
        lists.add(key);
    }
}
