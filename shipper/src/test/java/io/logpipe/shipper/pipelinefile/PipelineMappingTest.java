package io.logpipe.shipper.pipelinefile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.logpipe.common.lscl.ConfigException;
import io.logpipe.common.lscl.LsclParser;
import io.logpipe.shipper.config.ShipperConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** A Logstash shipper file as the shipper's properties: every supported option, and what is refused where. */
class PipelineMappingTest {
    private static final Path FILE = Path.of("/etc/logpipe/shipper.conf");
    private static final String REDIS = "redis { host => \"redis.internal\" data_type => \"list\" key => \"logstash\" }";

    private static Map<String, String> map(String text, Map<String, String> env) {
        return PipelineMapping.properties(LsclParser.parse(text, "shipper.conf"), FILE, env::get);
    }

    private static Map<String, String> map(String text) {
        return map(text, Map.of());
    }

    /** Only a file input (and the required redis output). */
    private static Map<String, String> file(String options) {
        return map("input { file { " + options + " } } output { " + REDIS + " }");
    }

    private static Map<String, String> redis(String options) {
        return map("output { redis { " + options + " } }");
    }

    /** Refused at {@code line}:{@code column}, the message containing every one of {@code says}. */
    private static ConfigException refused(String text, int line, int column, String... says) {
        ConfigException e = assertThrows(ConfigException.class, () -> map(text));
        assertEquals("shipper.conf", e.location().file(), e.getMessage());
        assertEquals(line + ":" + column, e.location().line() + ":" + e.location().column(), e.getMessage());
        assertTrue(e.getMessage().startsWith("shipper.conf:" + line + ":" + column + ": "), e.getMessage());
        for (String s : says) {
            assertTrue(e.getMessage().contains(s), "\"" + s + "\" in: " + e.getMessage());
        }
        return e;
    }

    /** The properties as the shipper reads them (SmallRye Config and the ShipperConfig mapping). */
    private static ShipperConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().addDefaultInterceptors().addDiscoveredInterceptors()
                .withSources(new PropertiesConfigSource(properties, "pipeline file", PipelineFileConfigSourceFactory.ORDINAL))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withMapping(ShipperConfig.class)
                .build()
                .getConfigMapping(ShipperConfig.class);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = PipelineMappingTest.class.getResourceAsStream("/pipelinefile/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // ---- the classic setup

    @Test
    void theClassicShipperFileMapsToTheEquivalentProperties() throws IOException {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("shipper.stdin.enabled", "true");
        expected.put("shipper.debug-output", "true");
        expected.put("shipper.debug-format", "rubydebug");
        expected.put("quarkus.redis.hosts", "redis://localhost:6379");
        expected.put("shipper.redis.data-type", "list");
        expected.put("shipper.redis.key", "logstash");
        expected.put("shipper.inputs.file.paths", "/var/log/app/access.log");
        expected.put("shipper.inputs.file.start-position", "beginning");
        expected.put("shipper.inputs.file.multiline.pattern", "^\\d");
        expected.put("shipper.inputs.file.multiline.what", "previous");
        expected.put("shipper.inputs.file.multiline.negate", "true");
        Map<String, String> actual = PipelineMapping.properties(
                LsclParser.parse(resource("classic-shipper.conf"), "classic-shipper.conf"), FILE, n -> null);
        assertEquals(expected, actual);
    }

    @Test
    void theClassicShipperFileConfiguresTheShipperAsItsPropertiesWould() throws IOException {
        ShipperConfig c = config(PipelineMapping.properties(
                LsclParser.parse(resource("classic-shipper.conf"), "classic-shipper.conf"), FILE, n -> null));
        assertTrue(c.stdin().enabled());
        assertTrue(c.debugOutput());
        assertEquals(ShipperConfig.DebugFormat.RUBYDEBUG, c.debugFormat());
        ShipperConfig.Input in = c.inputs().get("file");
        assertEquals(List.of("/var/log/app/access.log"), in.paths());
        assertEquals(ShipperConfig.StartPosition.BEGINNING, in.startPosition());
        ShipperConfig.Multiline m = in.multiline().orElseThrow();
        assertEquals("^\\d", m.pattern());
        assertTrue(m.negate());
        assertEquals(ShipperConfig.What.PREVIOUS, m.what());
        assertEquals(ShipperConfig.DataType.LIST, c.redis().dataType());
        assertEquals("logstash", c.redis().key());
    }

    // ---- file input

    @Test
    void pathIsOneGlobOrAnArrayOfThem() {
        assertEquals("/var/log/app/*.log", file("path => \"/var/log/app/*.log\"").get("shipper.inputs.file.paths"));
        Map<String, String> p = file("path => [\"/var/log/a/*.log\", \"/var/log/{x,y}/**/*.log\"]");
        assertEquals(List.of("/var/log/a/*.log", "/var/log/{x,y}/**/*.log"), config(p).inputs().get("file").paths());
    }

    @Test
    void everyFileOptionMapsToItsProperty() {
        Map<String, String> p = file("""
                id => "app"
                path => "/var/log/app/*.log"
                exclude => ["*.gz", "*.zip"]
                start_position => "end"
                sincedb_path => "/var/lib/logpipe/sincedb"
                type => "app"
                tags => ["java", "eu"]
                add_field => { "team" => "payments" "[env]" => "prod" "service.name" => "cart" }
                enable_metric => false
                ecs_compatibility => v8
                codec => plain { charset => "UTF-8" }
                """);
        assertEquals("/var/log/app/*.log", p.get("shipper.inputs.app.paths"));
        assertEquals("*.gz,*.zip", p.get("shipper.inputs.app.exclude"));
        assertEquals("end", p.get("shipper.inputs.app.start-position"));
        assertEquals("/var/lib/logpipe/sincedb", p.get("shipper.registry.path"));
        assertEquals("app", p.get("shipper.inputs.app.type"));
        assertEquals("java,eu", p.get("shipper.inputs.app.tags"));
        assertEquals("payments", p.get("shipper.inputs.app.add-field.team"));
        ShipperConfig c = config(p);
        ShipperConfig.Input app = c.inputs().get("app");
        assertEquals(List.of("*.gz", "*.zip"), app.exclude().orElseThrow());
        assertEquals(ShipperConfig.StartPosition.END, app.startPosition());
        assertEquals(Path.of("/var/lib/logpipe/sincedb"), c.registry().path());
        assertEquals(List.of("java", "eu"), app.tags().orElseThrow());
        assertEquals(Map.of("team", "payments", "env", "prod", "service.name", "cart"), app.addField());
        assertEquals(Map.of(), app.fields());
        assertTrue(app.multiline().isEmpty());
    }

    @Test
    void inputsAreNamedByTheirIdElseFileFile2() {
        Map<String, String> p = map("""
                input {
                  file { path => "/a/*.log" }
                  file { path => "/b/*.log" id => "file" }
                  file { path => "/c/*.log" }
                  file { path => "/d/*.log" id => "web-1" }
                }
                output { %s }
                """.formatted(REDIS));
        assertEquals("/b/*.log", p.get("shipper.inputs.file.paths"));
        assertEquals("/a/*.log", p.get("shipper.inputs.file_2.paths"));
        assertEquals("/c/*.log", p.get("shipper.inputs.file_3.paths"));
        assertEquals("/d/*.log", p.get("shipper.inputs.web-1.paths"));
        assertEquals(4, config(p).inputs().size());
    }

    @Test
    void oneSincedbPathForAllInputsIsTheRegistry() {
        Map<String, String> p = map("input { file { path => \"/a/*\" sincedb_path => \"/r/s\" }"
                + " file { path => \"/b/*\" sincedb_path => \"/r/s\" } file { path => \"/c/*\" } } output { " + REDIS + " }");
        assertEquals("/r/s", p.get("shipper.registry.path"));
        refused("input {\n file { path => \"/a/*\" sincedb_path => \"/r/s\" }\n file { path => \"/b/*\" sincedb_path => \"/r/t\" }\n}",
                3, 40, "sincedb_path /r/t differs from /r/s at line 2", "one registry", "shipper.registry.path");
        refused("input { file { path => \"/a/*\" sincedb_path => \"/dev/null\" } }", 1, 47, "/dev/null",
                "always keeps a registry");
    }

    @Test
    void multilineCodecOptionsInLogstashUnits() {
        Map<String, String> p = file("""
                path => "/l/*.log"
                codec => multiline {
                  pattern => "^\\s"
                  negate => false
                  what => "next"
                  max_lines => 200
                  max_bytes => "2 MiB"
                  auto_flush_interval => 2.5
                  multiline_tag => "multiline"
                  charset => "UTF-8"
                }
                """);
        assertEquals("^\\s", p.get("shipper.inputs.file.multiline.pattern"));
        assertEquals("false", p.get("shipper.inputs.file.multiline.negate"));
        assertEquals("next", p.get("shipper.inputs.file.multiline.what"));
        assertEquals("200", p.get("shipper.inputs.file.multiline.max-lines"));
        assertEquals("2097152", p.get("shipper.inputs.file.multiline.max-bytes"));
        assertEquals("2500ms", p.get("shipper.inputs.file.multiline.flush-interval"));
        ShipperConfig.Multiline m = config(p).inputs().get("file").multiline().orElseThrow();
        assertEquals(ShipperConfig.What.NEXT, m.what());
        assertEquals(200, m.maxLines());
        assertEquals(2 * 1024 * 1024, m.maxBytes().asLongValue());
        assertEquals(Duration.ofMillis(2500), m.flushInterval());
    }

    @Test
    void maxBytesIsLogstashsBytesType() {
        for (Map.Entry<String, String> e : Map.of("\"10 MiB\"", "10485760", "\"10MiB\"", "10485760", "\"100kib\"", "102400",
                "\"180 mb\"", "180000000", "\"1113\"", "1113", "4096", "4096", "\"1.5 KiB\"", "1536", "\"2kB\"", "2000")
                .entrySet()) {
            assertEquals(e.getValue(), file("path => \"/l/*\" codec => multiline { pattern => \"^ \" what => previous"
                    + " max_bytes => " + e.getKey() + " }").get("shipper.inputs.file.multiline.max-bytes"), e.getKey());
        }
        refused("input { file { path => \"/l/*\" codec => multiline { pattern => \"^ \" what => previous"
                + " max_bytes => \"lots\" } } }", 1, 98, "max_bytes must be a size");
    }

    @Test
    void plainAndLineCodecsAreAcceptedWithWhatTheyMean() {
        assertFalse(file("path => \"/l/*\" codec => plain").containsKey("shipper.inputs.file.multiline.pattern"));
        file("path => \"/l/*\" codec => \"plain\"");
        file("path => \"/l/*\" codec => line { delimiter => \"\n\" }");
        refused("input { file { path => \"/l/*\" codec => plain { charset => \"ISO-8859-1\" } } }", 1, 59,
                "charset ISO-8859-1 is not supported", "UTF-8");
        refused("input { file { path => \"/l/*\" codec => plain { format => \"%{message}\" } } }", 1, 48,
                "plain has no option format", "supported: charset");
        refused("input { file { path => \"/l/*\" codec => json } }", 1, 40, "codec json is not supported",
                "indexer's filters");
    }

    @Test
    void multilineRefusals() {
        refused("input { file { path => \"/l/*\" codec => multiline { pattern => \"^ \" } } }", 1, 40,
                "what is required", "previous", "next");
        refused("input { file { path => \"/l/*\" codec => multiline { pattern => \"^%{TIMESTAMP_ISO8601} \" what => previous } } }",
                1, 63, "grok references such as %{TIMESTAMP_ISO8601}", "regular expression");
        refused("input { file { path => \"/l/*\" codec => multiline { pattern => \"^(\" what => previous } } }", 1, 63,
                "not a valid regular expression");
        refused("input { file { path => \"/l/*\" codec => multiline { pattern => \"^ \" what => before } } }", 1, 76,
                "what must be one of previous, next, not before");
        refused("input { file { path => \"/l/*\" codec => multiline { pattern => \"^ \" what => next patterns_dir => [\"/p\"] } } }",
                1, 81, "multiline has no option patterns_dir");
        refused("input { file { path => \"/l/*\" codec => multiline { pattern => \"^ \" what => next auto_flush_interval => 0 } } }",
                1, 104, "auto_flush_interval must be a number of seconds above 0");
    }

    @Test
    void fileRefusals() {
        refused("input { file { } }", 1, 9, "path is required");
        refused("input { file { path => \"logs/*.log\" } }", 1, 24, "path must be absolute");
        refused("input { file { path => \"/l/*\" start_position => middle } }", 1, 49,
                "start_position must be one of beginning, end, not middle");
        refused("input { file {\n  path => \"/l/*\"\n  stat_interval => 2\n} }", 3, 3,
                "file has no option stat_interval in logpipe", "supported:", "path", "start_position", "sincedb_path");
        refused("input { file { path => \"/l/*\" add_field => { \"message\" => \"x\" } } }", 1, 44,
                "the shipper writes message itself");
        refused("input { file { path => \"/l/*\" add_field => { \"[a][b]\" => \"x\" } } }", 1, 44, "root only");
        refused("input { file { path => \"/l/*\" add_field => { \"src\" => \"%{host}\" } } }", 1, 44,
                "%{field} references are not supported");
        refused("input { file { path => \"/l/*\" ecs_compatibility => disabled } }", 1, 52, "ECS field names");
        refused("input { file { path => \"/a/*\" id => \"x\" } file { path => \"/b/*\" id => \"x\" } }", 1, 71,
                "id x is already used at line 1");
        refused("input { file { path => \"/a/*\" id => \"my app\" } }", 1, 37, "cannot name a logpipe input");
    }

    // ---- stdin

    @Test
    void stdinWithItsDecoration() {
        Map<String, String> p = map("input { stdin { type => \"console\" tags => [\"typed\"] add_field => { \"team\" => \"ops\" }"
                + " codec => line id => \"in\" } } output { " + REDIS + " }");
        assertEquals("true", p.get("shipper.stdin.enabled"));
        ShipperConfig.Stdin stdin = config(p).stdin();
        assertTrue(stdin.enabled());
        assertEquals("console", stdin.type().orElseThrow());
        assertEquals(List.of("typed"), stdin.tags().orElseThrow());
        assertEquals(Map.of("team", "ops"), stdin.addField());
        refused("input { stdin { codec => multiline { pattern => \"^ \" what => previous } } }", 1, 26,
                "stdin: codec multiline is not supported");
        refused("input { stdin { } stdin { } }", 1, 19, "already read by the stdin input at line 1");
    }

    // ---- redis output

    @Test
    void redisHostPortDbPasswordAndTls() {
        Map<String, String> p = redis("host => \"redis.internal\" port => 6380 db => 2 password => \"s3cret\""
                + " data_type => \"list\" key => \"logs\"");
        assertEquals("redis://redis.internal:6380/2", p.get("quarkus.redis.hosts"));
        assertEquals("s3cret", p.get("quarkus.redis.password"));
        assertEquals("logs", p.get("shipper.redis.key"));
        assertEquals("redis://10.0.0.5:7000",
                redis("host => \"10.0.0.5:7000\" port => 6380 data_type => list key => k").get("quarkus.redis.hosts"));
        assertEquals("redis://10.0.0.5:6379",
                redis("host => [\"10.0.0.5\"] data_type => list key => k").get("quarkus.redis.hosts"));
        assertEquals("redis://127.0.0.1:6379", redis("data_type => list key => k").get("quarkus.redis.hosts"));
        assertEquals("redis://[::1]:6379", redis("host => \"::1\" data_type => list key => k").get("quarkus.redis.hosts"));
        assertEquals("redis://[::1]:7000", redis("host => \"[::1]:7000\" data_type => list key => k").get("quarkus.redis.hosts"));
        assertEquals("rediss://r:6379", redis("host => r ssl_enabled => true data_type => list key => k").get("quarkus.redis.hosts"));
        assertEquals("rediss://r:6379", redis("host => r ssl => true data_type => list key => k").get("quarkus.redis.hosts"));
        refused("output { redis { host => [\"a\", \"b:6380\"] data_type => list key => k } }", 1, 26,
                "connects to one Redis", "fail over", "Sentinel");
        refused("output { redis { host => \"a:http\" data_type => list key => k } }", 1, 26, "port must be a number");
        refused("output { redis { port => 0 data_type => list key => k } }", 1, 26, "port must be between 1 and 65535");
    }

    @Test
    void redisDataTypeKeyBatchAndCongestion() {
        Map<String, String> p = redis("data_type => \"channel\" key => \"events\"");
        assertEquals("channel", p.get("shipper.redis.data-type"));
        assertFalse(p.containsKey("shipper.redis.batch-size"), "batch => false keeps the shipper's batching");
        p = redis("data_type => list key => logstash batch => true batch_events => 125 batch_timeout => 0.5"
                + " congestion_threshold => 100000 congestion_interval => 2");
        assertEquals("125", p.get("shipper.redis.batch-size"));
        assertEquals("500ms", p.get("shipper.redis.batch-linger"));
        assertEquals("100000", p.get("shipper.redis.congestion-threshold"));
        assertEquals("2000ms", p.get("shipper.redis.congestion-interval"));
        ShipperConfig.Redis r = config(p).redis();
        assertEquals(125, r.batchSize());
        assertEquals(Duration.ofMillis(500), r.batchLinger());
        assertEquals(100000, r.congestionThreshold());
        assertEquals(Duration.ofSeconds(2), r.congestionInterval());
        p = redis("data_type => list key => logstash batch => true");
        assertEquals("50", p.get("shipper.redis.batch-size"), "Logstash's batch_events default");
        assertEquals("5000ms", p.get("shipper.redis.batch-linger"), "Logstash's batch_timeout default");
        assertEquals("0ms", redis("data_type => list key => k congestion_interval => 0").get("shipper.redis.congestion-interval"));
    }

    @Test
    void optionsThatOnlyTuneLogstashAreAccepted() {
        Map<String, String> p = redis("data_type => list key => k id => \"to redis\" workers => 4 enable_metric => false"
                + " codec => json reconnect_interval => 2 timeout => 10 shuffle_hosts => false");
        assertEquals("k", p.get("shipper.redis.key"));
        redis("data_type => list key => k codec => json { charset => \"UTF-8\" }");
        map("output { " + REDIS + " stdout { id => \"debug\" workers => 1 enable_metric => true } }");
    }

    @Test
    void redisRefusals() {
        refused("output { redis { key => k } }", 1, 10, "data_type is required", "list", "channel");
        refused("output { redis { data_type => list } }", 1, 10, "key is required");
        refused("output { redis { data_type => queue key => k } }", 1, 31, "data_type must be one of list, channel");
        refused("output { redis { data_type => list key => \"logstash-%{type}\" } }", 1, 43, "%{field} references");
        refused("output { redis { data_type => channel key => k batch => true } }", 1, 57,
                "batch is only supported for data_type list");
        refused("output { redis { data_type => list key => k codec => plain } }", 1, 54, "codec plain is not supported",
                "JSON");
        refused("output { redis { data_type => list key => k ssl_certificate_authorities => [\"/ca.pem\"] } }", 1, 45,
                "redis has no option ssl_certificate_authorities");
        refused("output { " + REDIS + " redis { data_type => list key => k } }", 1, 83, "one Redis output");
        refused("input { stdin { } }", 1, 1, "no redis output");
        refused("output {\n  stdout { }\n}", 1, 1, "no redis output");
    }

    // ---- stdout

    @Test
    void stdoutIsTheDebugOutputInRubydebugOrJsonLines() {
        Map<String, String> p = map("output { stdout { } " + REDIS + " }");
        assertEquals("true", p.get("shipper.debug-output"));
        assertEquals("rubydebug", p.get("shipper.debug-format"), "Logstash's default codec for stdout");
        assertEquals("rubydebug", map("output { stdout { codec => rubydebug { metadata => true } } " + REDIS + " }")
                .get("shipper.debug-format"));
        p = map("output { stdout { codec => json_lines } " + REDIS + " }");
        assertEquals("json-lines", p.get("shipper.debug-format"));
        assertEquals(ShipperConfig.DebugFormat.JSON_LINES, config(p).debugFormat());
        refused("output { stdout { codec => json } }", 1, 28, "use json_lines");
        refused("output { stdout { codec => dots } }", 1, 28, "codec dots is not supported", "rubydebug", "json_lines");
        refused("output { stdout { } stdout { } }", 1, 21, "already given at line 1");
    }

    // ---- what the shipper does not do

    @Test
    void aFilterBlockIsRefusedFiltersRunInTheIndexer() {
        refused("input { stdin { } }\nfilter {\n  grok { match => { \"message\" => \"%{COMBINEDAPACHELOG}\" } }\n}\n"
                + "output { " + REDIS + " }", 2, 1, "filters in the indexer", "indexer.config", "indexer.filter.path");
        assertEquals("true", map("input { stdin { } } filter { } output { " + REDIS + " }").get("shipper.stdin.enabled"),
                "an empty filter block does nothing, in Logstash too");
    }

    @Test
    void anUnsupportedPluginIsRefusedWithWhatLogpipeDoesInstead() {
        refused("input { stdin { } }\noutput {\n  " + REDIS + "\n  kafka { topic_id => \"logs\" }\n}", 4, 3,
                "output plugin kafka is not supported", "Redis (redis)", "stdout");
        refused("input {\n  beats { port => 5044 }\n}", 2, 3, "input plugin beats is not supported", "Filebeat",
                "file", "stdin");
        refused("output {\n  if [type] == \"app\" { " + REDIS + " }\n}", 2, 3, "conditionals");
    }

    @Test
    void aSyntaxErrorHasItsLineAndColumn() {
        ConfigException e = assertThrows(ConfigException.class, () -> map("input {\n  file {\n    path => \n  }\n}"));
        assertEquals("shipper.conf", e.location().file());
        assertEquals(4, e.location().line(), e.getMessage());
        assertTrue(e.getMessage().startsWith("shipper.conf:4:"), e.getMessage());
    }

    // ---- values

    @Test
    void environmentReferencesAreReplacedAsLogstashDoes() {
        Map<String, String> env = Map.of("REDIS_HOST", "10.1.2.3", "LOGS", "/srv/logs");
        Map<String, String> p = map("input { file { path => \"${LOGS}/*.log\" } } output { redis { host => \"${REDIS_HOST}\""
                + " port => \"${REDIS_PORT:6390}\" data_type => list key => \"${KEY:logstash}\" } }", env);
        assertEquals("/srv/logs/*.log", p.get("shipper.inputs.file.paths"));
        assertEquals("redis://10.1.2.3:6390", p.get("quarkus.redis.hosts"));
        assertEquals("logstash", p.get("shipper.redis.key"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> map("output { redis { host => \"${NOPE}\" data_type => list key => k } }"));
        assertEquals("shipper.conf:1:26", e.location().toString());
        assertTrue(e.getMessage().contains("NOPE is not set"), e.getMessage());
    }

    @Test
    void valuesReachTheShipperExactlyAsTheFileWroteThem() {
        // Dollars, backslashes and commas mean something to SmallRye Config (expressions, list separators).
        Map<String, String> p = map("""
                input { file {
                  path => ["/l/{a,b}/*.log", "/l/x\\\\y$z.log"]
                  tags => ["a,b", "c$"]
                  add_field => { "price" => "${x}" }
                  codec => multiline { pattern => '^\\$ \\\\[$${]' what => previous }
                } }
                output { redis { password => 'p$${\\$,\\x' data_type => list key => 'k$' } }
                """, Map.of("x", "a${y}\\$b"));
        ShipperConfig c = config(p);
        ShipperConfig.Input in = c.inputs().get("file");
        assertEquals(List.of("/l/{a,b}/*.log", "/l/x\\\\y$z.log"), in.paths());
        assertEquals(List.of("a,b", "c$"), in.tags().orElseThrow());
        assertEquals(Map.of("price", "a${y}\\$b"), in.addField(), "Logstash's reference, replaced once");
        assertEquals("^\\$ \\\\[$${]", in.multiline().orElseThrow().pattern());
        assertEquals("k$", c.redis().key());
        String password = new SmallRyeConfigBuilder().addDefaultInterceptors().addDiscoveredInterceptors()
                .withSources(new PropertiesConfigSource(p, "pipeline file", 255)).build()
                .getValue("quarkus.redis.password", String.class);
        assertEquals("p$${\\$,\\x", password);
    }
}
