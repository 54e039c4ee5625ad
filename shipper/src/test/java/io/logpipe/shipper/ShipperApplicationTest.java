package io.logpipe.shipper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.logpipe.devstack.Poll;
import io.logpipe.devstack.quarkus.RedisTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/** The shipper as Quarkus runs it: configured from properties, shipping, with health and metrics endpoints. */
@QuarkusTest
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
@TestProfile(ShipperApplicationTest.Profile.class)
class ShipperApplicationTest {
    static final Path LOGS;
    static final String KEY;

    static {
        // Quarkus loads this class twice (for the profile and for the tests): both must see the same directory.
        synchronized (System.getProperties()) {
            try {
                if (System.getProperty("logpipe-test.shipper-app-dir") == null) {
                    System.setProperty("logpipe-test.shipper-app-dir", Files.createTempDirectory("shipper-app-test-").toString());
                    System.setProperty("logpipe-test.shipper-app-key", "app-test:" + System.nanoTime());
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            LOGS = Path.of(System.getProperty("logpipe-test.shipper-app-dir"));
            KEY = System.getProperty("logpipe-test.shipper-app-key");
        }
    }

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "shipper.inputs.web.paths", LOGS + "/*.log",
                    "shipper.inputs.web.start-position", "beginning",
                    "shipper.inputs.web.type", "web",
                    "shipper.inputs.web.tags", "frontend",
                    "shipper.inputs.web.fields.team", "payments",
                    "shipper.scan-interval", "100ms",
                    "shipper.registry.path", LOGS.resolve("registry/registry.json").toString(),
                    "shipper.redis.key", KEY);
        }
    }

    @Inject
    RedisDataSource redis;

    @TestHTTPResource("/q/health/live")
    URL live;

    @TestHTTPResource("/q/health/ready")
    URL ready;

    @TestHTTPResource("/q/metrics")
    URL metrics;

    private static HttpResponse<String> get(URL url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void linesOfAConfiguredInputArriveDecoratedAsConfigured() throws IOException {
        Path file = LOGS.resolve("web.log");
        Files.writeString(file, "GET /\nGET /cart\n", StandardCharsets.UTF_8);
        String path = "\"path\":\"" + file + "\"";
        Poll.until("2 events of web.log in Redis", Duration.ofSeconds(30), Duration.ofMillis(20),
                () -> redis.list(String.class).lrange(KEY, 0, -1).stream().filter(e -> e.contains(path)).count() >= 2);
        List<String> events = redis.list(String.class).lrange(KEY, 0, -1).stream().filter(e -> e.contains(path)).toList();
        assertEquals(2, events.size());
        assertTrue(events.get(0).contains("\"message\":\"GET /\""), events.get(0));
        assertTrue(events.get(1).contains("\"message\":\"GET /cart\""), events.get(1));
        assertTrue(events.get(0).contains("\"type\":\"web\",\"tags\":[\"frontend\"],\"fields\":{\"team\":\"payments\"}"),
                events.get(0));
    }

    @Test
    void liveAndReadyWithRedisUp() throws Exception {
        HttpResponse<String> l = get(live);
        assertEquals(200, l.statusCode(), l.body());
        assertTrue(l.body().contains("shipper pipeline"), l.body());
        HttpResponse<String> r = get(ready);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().toLowerCase().contains("redis"), "the Redis client's readiness check is there: " + r.body());
    }

    @Test
    void metricsOfTheDesignAreExposed() throws Exception {
        Files.writeString(LOGS.resolve("metrics.log"), "one\ntwo\n", StandardCharsets.UTF_8);
        Poll.until("the lines to be counted", Duration.ofSeconds(30), Duration.ofMillis(50), () -> {
            try {
                String body = get(metrics).body();
                return body.lines().anyMatch(l -> l.startsWith("shipper_events_shipped_total") && !l.endsWith(" 0.0"));
            } catch (Exception e) {
                return false;
            }
        });
        String body = get(metrics).body();
        for (String name : List.of("shipper_lines_read_total", "shipper_bytes_read_total", "shipper_events_shipped_total",
                "shipper_bytes_shipped_total", "shipper_batches_total", "shipper_redis_failures_total",
                "shipper_backpressure_pauses_total", "shipper_backpressure_paused", "shipper_files_tracked",
                "shipper_bytes_behind")) {
            assertTrue(body.contains(name), name + " missing from /q/metrics");
        }
    }
}
