package io.logpipe.indexer.pipelinefile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.logpipe.common.lscl.ConfigException;
import io.logpipe.common.lscl.Location;
import io.logpipe.common.lscl.LsclParser;
import io.logpipe.indexer.filter.FilterPipeline;

class IndexerPipelineFileTest {

    private static Map<String, String> map(String text) {
        return IndexerPipelineFile.map(LsclParser.parse(text, "indexer.conf"), Map.of("ES_PASSWORD", "pa$$word")::get);
    }

    private static ConfigException refused(String text) {
        return assertThrows(ConfigException.class, () -> map(text));
    }

    @Test
    void theClassicIndexerFileMapsToRedisElasticsearchTheDailyIndexAndTheDebugOutput() throws Exception {
        String text = new String(getClass().getResourceAsStream("/pipelinefile/classic-indexer.conf").readAllBytes(),
                StandardCharsets.UTF_8);
        assertEquals(Map.of(
                "quarkus.redis.hosts", "redis://localhost:6379",
                "indexer.redis.data-type", "list",
                "indexer.redis.key", "logstash",
                "indexer.input.type", "redis",
                "quarkus.elasticsearch.hosts", "localhost:9200",
                "quarkus.elasticsearch.protocol", "http",
                "indexer.index", "logstash-%{+YYYY.MM.dd}",
                "indexer.action", "create",
                "indexer.debug-output", "true"), map(text));
    }

    @Test
    void mapsEveryRedisInputOption() {
        Map<String, String> p = map("""
                input { redis { host => "redis.internal" port => 6380 password => "s3cret" db => 2 data_type => "channel"
                  key => "logs" batch_count => 250 threads => 3 type => "app" tags => ["a", "b,c"]
                  add_field => { "env" => "prod" } ssl_enabled => true codec => json id => "in" } }
                output { elasticsearch { } }
                """);
        assertEquals("rediss://redis.internal:6380/2", p.get("quarkus.redis.hosts"));
        assertEquals("s3cret", p.get("quarkus.redis.password"));
        assertEquals("channel", p.get("indexer.redis.data-type"));
        assertEquals("logs", p.get("indexer.redis.key"));
        assertEquals("250", p.get("indexer.batch-size"));
        assertEquals("3", p.get("indexer.workers"));
        assertEquals("app", p.get("indexer.input.type"));
        assertEquals("a,b\\,c", p.get("indexer.input.tags"));
        assertEquals("prod", p.get("indexer.input.add-field.\"env\""));
    }

    @Test
    void mapsEveryElasticsearchOutputOption() {
        Map<String, String> p = map("""
                input { redis { } }
                output { elasticsearch { hosts => ["https://es1:9243", "https://es2"] index => "app-%{+YYYY.MM}"
                  document_id => "%{[event][id]}" action => "index" pipeline => "parse-%{type}" user => "u"
                  password => "${ES_PASSWORD}" api_key => "id1:key1" ssl_certificate_authorities => ["/etc/ca.pem"]
                  manage_template => false template_name => "app" } }
                """);
        assertEquals("es1:9243,es2:9200", p.get("quarkus.elasticsearch.hosts"));
        assertEquals("https", p.get("quarkus.elasticsearch.protocol"));
        assertEquals("app-%{+YYYY.MM}", p.get("indexer.index"));
        assertEquals("index", p.get("indexer.action"));
        assertEquals("parse-%{type}", p.get("indexer.ingest-pipeline"));
        assertEquals("u", p.get("quarkus.elasticsearch.username"));
        assertEquals("pa$$$$word", p.get("quarkus.elasticsearch.password"), "from the environment, $ kept from expansion");
        assertEquals(Base64.getEncoder().encodeToString("id1:key1".getBytes(StandardCharsets.UTF_8)),
                p.get("quarkus.elasticsearch.api-key"));
        assertEquals("/etc/ca.pem", p.get("indexer.elasticsearch.ssl-certificate-authorities"));
        assertEquals("false", p.get("indexer.template.enabled"));
        assertEquals("app", p.get("indexer.template.name"));
        assertEquals("redis://127.0.0.1:6379", p.get("quarkus.redis.hosts"), "Logstash's default host");
    }

    @Test
    void refusesWhatTheIndexerDoesNotDoWithLineAndColumn() {
        ConfigException e = refused("input { redis { } }\noutput {\n  elasticsearch { }\n  kafka { topic_id => \"x\" }\n}");
        assertEquals(new Location("indexer.conf", 4, 3), e.location());
        assertTrue(e.getMessage().contains("no kafka output; it supports elasticsearch and stdout"), e.getMessage());

        e = refused("input { redis { colour => red } } output { elasticsearch { } }");
        assertEquals(new Location("indexer.conf", 1, 17), e.location());
        assertTrue(e.getMessage().contains("redis has no option colour in logpipe; supported:"), e.getMessage());

        e = refused("input { beats { port => 5044 } } output { elasticsearch { } }");
        assertTrue(e.getMessage().contains("the indexer has no beats input"), e.getMessage());

        e = refused("input { redis { } } output { elasticsearch { document_id => \"%{my_id}\" } }");
        assertTrue(e.getMessage().contains("_id is always %{[event][id]}"), e.getMessage());

        e = refused("input { redis { } } output { if [type] == \"x\" { elasticsearch { } } }");
        assertTrue(e.getMessage().contains("conditionals are supported in filter { } only"), e.getMessage());

        e = refused("input { redis { data_type => pattern_channel } } output { elasticsearch { } }");
        assertTrue(e.getMessage().contains("pattern_channel is not supported"), e.getMessage());

        e = refused("input { redis { } } output { stdout { codec => json_lines } elasticsearch { } }");
        assertTrue(e.getMessage().contains("rubydebug only"), e.getMessage());

        e = refused("input { redis { } }");
        assertTrue(e.getMessage().contains("needs an output { elasticsearch"), e.getMessage());

        e = refused("input { redis { host => } }");
        assertEquals(new Location("indexer.conf", 1, 25), e.location());
    }

    @Test
    void aGeoipFilterInTheIndexerFileIsRefusedAtItsLineAndColumnThoughItsInputAndOutputMap() {
        String text = "input { redis { key => \"logstash\" } }\nfilter {\n  if [type] == \"access\" {\n"
                + "    geoip { source => \"clientip\" }\n  }\n}\noutput { elasticsearch { } }\n";
        assertEquals("logstash", map(text).get("indexer.redis.key"));
        // what the indexer's start-up does with the file's filter blocks (Indexer.filters)
        ConfigException e = assertThrows(ConfigException.class,
                () -> FilterPipeline.compile(LsclParser.parse(text, "indexer.conf"), Path.of(".")));
        assertEquals(new Location("indexer.conf", 4, 5), e.location());
        assertTrue(e.getMessage().contains("logpipe has no filter plugin geoip; supported: date, dissect, drop, grok, json, kv,"
                + " mutate"), e.getMessage());
    }
}
