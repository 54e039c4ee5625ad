package io.logpipe.shipper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.logpipe.devstack.Poll;
import io.logpipe.devstack.Ports;
import io.logpipe.devstack.RedisServer;
import io.logpipe.devstack.Resp;
import io.logpipe.devstack.SharedServers;

/**
 * The packaged shipper ({@code target/quarkus-app}) configured by a Logstash pipeline file: {@code --config FILE}
 * and {@code SHIPPER_CONFIG} are read through the configuration source factory the jar registers; environment
 * variables and system properties still override what the file says; a file logpipe cannot run stops the start-up
 * with its line and column.
 */
class PipelineFileIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RedisServer redis = SharedServers.redis();
    private Path dir;
    private Process process;
    private Path output;
    private final List<String> keys = new ArrayList<>();

    @BeforeEach
    void directory() throws IOException {
        dir = Files.createTempDirectory("shipper-pipeline-file-");
        Files.createDirectories(dir.resolve("logs"));
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        try (Resp r = redis.connect()) {
            for (String key : keys) {
                r.call("DEL", key);
            }
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A shipper file in the classic setup's shape, on this test's directory, Redis and key. */
    private Path pipelineFile(String key) throws IOException {
        keys.add(key);
        String password = redis.password().map(p -> "\n    password => \"" + p + "\"").orElse("");
        String text = """
                input {
                  stdin { }
                  file {
                    path => "%s/logs/*.log"
                    start_position => beginning
                    sincedb_path => "%s/registry/sincedb.json"
                    type => "app"
                    add_field => { "team" => "payments" }
                    codec => multiline {
                      'negate' => true
                      'pattern' => '^\\d'
                      'what' => 'previous'
                      auto_flush_interval => 0.3
                    }
                  }
                }
                output {
                  stdout {
                    codec => rubydebug
                  }
                  redis {
                    host => "%s:%d"%s
                    data_type => "list"
                    key => "%s"
                  }
                }
                """.formatted(dir, dir, redis.host(), redis.port(), password, key);
        Path file = dir.resolve("shipper.conf");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private void start(List<String> jvmOptions, Map<String, String> env, String... args) {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the integration tests after package");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        output = dir.resolve("shipper-output.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(env);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    private List<JsonNode> events(String key) {
        try (Resp r = redis.connect()) {
            @SuppressWarnings("unchecked")
            List<Object> raw = (List<Object>) r.call("LRANGE", key, "0", "-1");
            List<JsonNode> events = new ArrayList<>();
            for (Object o : raw) {
                events.add(JSON.readTree((String) o));
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<JsonNode> waitForEvents(String key, int n) {
        Poll.until(n + " events in Redis list " + key, Duration.ofSeconds(60), Duration.ofMillis(50), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the shipper exited with " + process.exitValue() + ":\n" + output());
            }
            return events(key).size() >= n;
        }, () -> " (has " + events(key).size() + ")\n--- shipper output ---\n" + output());
        return events(key);
    }

    @Test
    void theFileConfiguresTheServiceAndEnvironmentAndSystemPropertiesOverrideIt() throws Exception {
        String fileKey = "pipeline-file-it:file:" + System.nanoTime();
        String envKey = "pipeline-file-it:env:" + System.nanoTime();
        keys.add(envKey);
        Path conf = pipelineFile(fileKey);
        Files.writeString(dir.resolve("logs/app.log"), """
                2026-11-24 10:00:00 ERROR payment failed
                java.lang.IllegalStateException: declined
                    at io.shop.Pay.charge(Pay.java:42)
                    at io.shop.Cart.checkout(Cart.java:7)
                2026-11-24 10:00:01 INFO next order
                """, StandardCharsets.UTF_8);
        // The file names the Redis host, port and key; the environment renames the key, a system property the type.
        start(List.of("-Dquarkus.http.port=" + Ports.free(), "-Dshipper.inputs.file.type=overridden"),
                Map.of("SHIPPER_REDIS_KEY", envKey), "--config", conf.toString());

        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write("hello world\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            List<JsonNode> events = waitForEvents(envKey, 3);
            assertEquals(List.of(), events(fileKey), "the environment's key wins over the file's");

            JsonNode hello = events.stream().filter(e -> e.path("message").asText().equals("hello world")).findFirst()
                    .orElseThrow(() -> new AssertionError("no hello world in " + events));
            assertTrue(hello.path("log").isMissingNode(), hello.toString());
            JsonNode trace = events.stream().filter(e -> e.path("message").asText().contains("payment failed"))
                    .findFirst().orElseThrow(() -> new AssertionError("no stack trace event in " + events));
            assertEquals("""
                    2026-11-24 10:00:00 ERROR payment failed
                    java.lang.IllegalStateException: declined
                        at io.shop.Pay.charge(Pay.java:42)
                        at io.shop.Cart.checkout(Cart.java:7)""", trace.get("message").asText());
            assertEquals("[\"multiline\"]", trace.get("tags").toString());
            assertEquals("payments", trace.get("team").asText(), "add_field at the event's root: " + trace);
            assertEquals("overridden", trace.get("type").asText(), "the system property wins over the file's type");
            assertEquals(dir.resolve("logs/app.log").toString(), trace.get("log").get("file").get("path").asText());
            assertTrue(events.stream().anyMatch(e -> e.path("message").asText().equals("2026-11-24 10:00:01 INFO next order")),
                    "the last event, emitted after auto_flush_interval: " + events);

            Poll.until("rubydebug on standard output", Duration.ofSeconds(10), Duration.ofMillis(50),
                    () -> output().contains("\"message\" => \"hello world\"")
                            && output().contains("\"team\" => \"payments\""),
                    () -> "\n--- shipper output ---\n" + output());
            String out = output();
            assertTrue(out.matches("(?s).*\"@timestamp\" => \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z,.*"), out);
            assertTrue(Files.isRegularFile(dir.resolve("registry/sincedb.json")) || waitForRegistry(),
                    "sincedb_path is the registry");
        }
        process.destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertTrue(output().contains("Logstash pipeline file") || output().contains(conf.toString()), output());
    }

    private boolean waitForRegistry() {
        Poll.until("the registry at sincedb_path", Duration.ofSeconds(10), Duration.ofMillis(50),
                () -> Files.isRegularFile(dir.resolve("registry/sincedb.json")));
        return true;
    }

    @Test
    void shipperConfigFromTheEnvironment() throws Exception {
        String key = "pipeline-file-it:env-config:" + System.nanoTime();
        Path conf = pipelineFile(key);
        Files.writeString(dir.resolve("logs/app.log"), "2026-11-24 one\n", StandardCharsets.UTF_8);
        start(List.of("-Dquarkus.http.port=" + Ports.free()), Map.of("SHIPPER_CONFIG", conf.toString()));
        process.getOutputStream().close();
        List<JsonNode> events = waitForEvents(key, 1);
        assertEquals("2026-11-24 one", events.get(0).get("message").asText());
    }

    @Test
    void aFileLogpipeCannotRunStopsTheStartUpWithLineAndColumn() throws Exception {
        Path conf = dir.resolve("kafka.conf");
        Files.writeString(conf, """
                input {
                  file { path => "/var/log/app/*.log" }
                }
                output {
                  kafka { topic_id => "logs" }
                }
                """, StandardCharsets.UTF_8);
        start(List.of("-Dquarkus.http.port=" + Ports.free()), Map.of(), "-f", conf.toString());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the shipper stops:\n" + output());
        assertFalse(process.exitValue() == 0, output());
        assertTrue(output().contains(conf + ":5:3: output plugin kafka is not supported by logpipe's shipper"),
                output());
    }
}
