package io.logpipe.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.logpipe.devstack.ElasticsearchServer;
import io.logpipe.devstack.Poll;
import io.logpipe.devstack.RedisServer;
import io.logpipe.devstack.SharedServers;
import io.logpipe.e2e.support.AppLog;
import io.logpipe.e2e.support.LineWriter;
import io.logpipe.e2e.support.Search;
import io.logpipe.e2e.support.ServiceProcess;
import io.logpipe.e2e.support.Services;

/**
 * Redis with {@code requirepass}: the password given the Kubernetes way (an environment variable from a
 * Secret, {@code QUARKUS_REDIS_PASSWORD}) lets events through; a wrong one is reported clearly at start-up,
 * keeps readiness down, and neither password ever appears in a log line.
 */
class SecurityIT {
    private static final String KEY = "e2e-security";
    private static final String INDEX = "e2e-security-%{+YYYY.MM.dd}";
    private static final String PATTERN = "e2e-security-*";
    private static final Duration START = Duration.ofSeconds(60);
    /** How a clear start-up error about Redis authentication reads. */
    private static final Pattern AUTH_ERROR = Pattern.compile("(?i)(WRONGPASS|NOAUTH|invalid username-password|authenticat|password)");

    @Test
    void rightPasswordShipsWrongPasswordIsReportedAndKeepsReadinessDownAndNoPasswordIsLogged() throws Exception {
        ElasticsearchServer es = SharedServers.elasticsearch();
        Search search = new Search(es);
        Path work = Services.workDir("security");
        Path logs = Files.createDirectories(work.resolve("app-logs"));
        String password = "pw-" + UUID.randomUUID();
        String wrong = "wrong-" + UUID.randomUUID();
        String run = "security" + System.nanoTime();
        List<ServiceProcess> all = new ArrayList<>();

        try (RedisServer redis = RedisServer.builder().password(password).build().start()) {
            Map<String, String> shipperConfig = Services.merge(Services.shipperConfig(redis, work),
                    Services.fileInput("app", logs + "/*.log"), Map.of("shipper.redis.key", KEY));
            Map<String, String> indexerConfig = Services.merge(Services.indexerConfig(redis, es, "e2e-security", INDEX),
                    Map.of("indexer.redis.key", KEY));
            // Nothing to ship: the error must come from start-up, not from a first failing push.
            Map<String, String> wrongShipperConfig = Services.merge(shipperConfig,
                    Services.fileInput("app", Files.createDirectories(work.resolve("wrong-app-logs")) + "/*.log"),
                    Map.of("shipper.registry.path", work.resolve("wrong-registry/registry.json").toString()));
            try (ServiceProcess indexer = Services.indexer("indexer", work, indexerConfig, Map.of("QUARKUS_REDIS_PASSWORD", password));
                    ServiceProcess shipper = Services.shipper("shipper", work, shipperConfig, Map.of("QUARKUS_REDIS_PASSWORD", password));
                    ServiceProcess wrongIndexer = Services.indexer("indexer-wrong-password", work,
                            Services.merge(indexerConfig, Map.of("indexer.consumer-id", "e2e-security-wrong")),
                            Map.of("QUARKUS_REDIS_PASSWORD", wrong));
                    ServiceProcess wrongShipper = Services.shipper("shipper-wrong-password", work, wrongShipperConfig,
                            Map.of("QUARKUS_REDIS_PASSWORD", wrong))) {
                all.addAll(List.of(indexer, shipper, wrongIndexer, wrongShipper));
                indexer.startReady(START);
                shipper.startReady(START);
                try (LineWriter app = LineWriter.append(logs.resolve("app.log"))) {
                    for (int seq = 0; seq < 100; seq++) {
                        app.write(AppLog.event(run, seq, seq % 10 == 0));
                    }
                }
                Poll.until("100 events through a password-protected Redis", Duration.ofSeconds(60), Duration.ofMillis(200),
                        () -> search.countOrUnavailable(PATTERN) == 100, () -> "\n" + shipper.logTail(30) + "\n" + indexer.logTail(30));

                wrongIndexer.start();
                wrongShipper.start();
                for (ServiceProcess service : List.of(wrongIndexer, wrongShipper)) {
                    // Before anything probes its health (the health check's own report would not count).
                    Poll.until(service.name() + " says at start-up why it cannot use Redis", START, Duration.ofMillis(200),
                            () -> !service.alive() || startupAuthError(service) != null, () -> "\n" + service.logTail(40));
                    assertTrue(service.alive(), () -> service.name() + " keeps running (readiness down, not a crash loop):\n"
                            + service.logTail(40));
                    Poll.until(service.name() + " answers HTTP", START, Duration.ofMillis(200), () -> service.readyStatus() != -1,
                            () -> "\n" + service.logTail(40));
                }
                // Readiness must stay down, not flicker up: watch it for a while.
                List<String> readySeen = new ArrayList<>();
                long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                Poll.until("5 s of watching readiness", Duration.ofSeconds(30), Duration.ofMillis(250), () -> {
                    for (ServiceProcess service : List.of(wrongIndexer, wrongShipper)) {
                        int status = service.readyStatus();
                        if (status == 200) {
                            readySeen.add(service.name() + " answered 200 on /q/health/ready");
                        }
                        service.get("/q/health/ready").map(r -> r.body()).filter(b -> b.contains(wrong) || b.contains(password))
                                .ifPresent(b -> readySeen.add(service.name() + " shows a password in its health report: " + b));
                    }
                    return System.nanoTime() - until >= 0;
                });
                assertEquals(List.of(), readySeen);
                assertEquals(100, search.count(PATTERN), "the wrong-password services changed nothing");
            }
        }

        for (ServiceProcess service : all) {
            String log = service.logText();
            for (String line : log.split("\n")) {
                assertFalse(line.contains(password), () -> service.name() + " logged the password: " + line);
                assertFalse(line.contains(wrong), () -> service.name() + " logged the (wrong) password: " + line);
            }
        }
        for (ServiceProcess service : List.of(all.get(2), all.get(3))) {
            System.out.println("security: " + service.name() + " at start-up: " + startupAuthError(service));
        }
    }

    /** The first warning or error of the service itself (not the health check's report) about Redis credentials. */
    private static String startupAuthError(ServiceProcess service) {
        return service.logText().lines()
                .filter(l -> (l.contains(" WARN ") || l.contains(" ERROR ")) && !l.contains("[io.smallrye.health]"))
                .filter(l -> AUTH_ERROR.matcher(l).find()).findFirst().orElse(null);
    }
}
