package io.logpipe.shipper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.logpipe.devstack.Poll;
import io.logpipe.devstack.quarkus.RedisTestResource;
import io.logpipe.shipper.config.ShipperConfig;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The shipper as Quarkus runs it, configured by a Logstash pipeline file ({@code shipper.config}) through the
 * configuration source factory; a property of a higher source (here the test profile) overrides the file.
 */
@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
@TestProfile(PipelineFileApplicationTest.Profile.class)
class PipelineFileApplicationTest {
    static final Path DIR;
    static final String KEY;

    static {
        // Quarkus loads this class twice (for the profile and for the tests): both must see the same directory.
        synchronized (System.getProperties()) {
            try {
                if (System.getProperty("logpipe-test.pipeline-file-dir") == null) {
                    Path dir = Files.createTempDirectory("shipper-pipeline-file-test-");
                    Files.createDirectories(dir.resolve("logs"));
                    String key = "pipeline-file-test:" + System.nanoTime();
                    Files.writeString(dir.resolve("shipper.conf"), """
                            input {
                              file {
                                id => "app"
                                path => ["%1$s/logs/*.log"]
                                start_position => "beginning"
                                sincedb_path => "%1$s/registry.json"
                                type => "app"
                                tags => ["java"]
                                add_field => { "team" => "payments" }
                                codec => multiline { pattern => "^\\s" what => "previous" auto_flush_interval => 0.2 }
                              }
                            }
                            output {
                              redis { host => "127.0.0.1" port => 1 data_type => "list" key => "%2$s" batch => true
                                      batch_events => 100 batch_timeout => 0.02 }
                            }
                            """.formatted(dir, key), StandardCharsets.UTF_8);
                    System.setProperty("logpipe-test.pipeline-file-dir", dir.toString());
                    System.setProperty("logpipe-test.pipeline-file-key", key);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            DIR = Path.of(System.getProperty("logpipe-test.pipeline-file-dir"));
            KEY = System.getProperty("logpipe-test.pipeline-file-key");
        }
    }

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The file's Redis (port 1) is replaced by the devstack Redis of RedisTestResource, its tags by these.
            return Map.of("shipper.config", DIR.resolve("shipper.conf").toString(),
                    "shipper.inputs.app.tags", "from-profile",
                    "shipper.scan-interval", "100ms");
        }
    }

    @Inject
    RedisDataSource redis;

    @Inject
    ShipperConfig config;

    @Test
    void theFileConfiguresTheShipper() {
        assertEquals(DIR.resolve("shipper.conf"), config.config().orElseThrow());
        assertEquals(KEY, config.redis().key());
        assertEquals(100, config.redis().batchSize());
        assertEquals(Duration.ofMillis(20), config.redis().batchLinger());
        assertEquals(DIR.resolve("registry.json"), config.registry().path());
        assertEquals(Duration.ofMillis(200), config.inputs().get("app").multiline().orElseThrow().flushInterval());
    }

    @Test
    void linesOfTheFilesInputArriveAsTheFileSays() throws IOException {
        Files.writeString(DIR.resolve("logs/app.log"), "first\n  continued\nsecond\n", StandardCharsets.UTF_8);
        Poll.until("2 events in Redis", Duration.ofSeconds(30), Duration.ofMillis(20),
                () -> redis.list(String.class).llen(KEY) >= 2);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> events = redis.list(String.class).lrange(KEY, 0, -1).stream().map(e -> {
            try {
                return json.readTree(e);
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
        }).toList();
        assertEquals("first\n  continued", events.get(0).get("message").asText());
        assertEquals("second", events.get(1).get("message").asText());
        JsonNode e = events.get(0);
        assertEquals("app", e.get("type").asText());
        assertEquals("[\"multiline\",\"from-profile\"]", e.get("tags").toString(), "the profile's tags win: " + e);
        assertEquals("payments", e.get("team").asText(), "add_field at the root: " + e);
        assertTrue(e.path("fields").isMissingNode(), e.toString());
    }
}
