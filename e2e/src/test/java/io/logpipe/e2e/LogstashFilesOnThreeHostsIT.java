package io.logpipe.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpipe.devstack.Poll;
import io.logpipe.e2e.support.AppLog;
import io.logpipe.e2e.support.LineWriter;
import io.logpipe.e2e.support.LogstashExamples;
import io.logpipe.e2e.support.NetworkNamespaces;
import io.logpipe.e2e.support.Search;
import io.logpipe.e2e.support.ServiceProcess;
import io.logpipe.e2e.support.Services;

/**
 * The classic setup's last promise: "when the two run on different servers, the only thing to modify is the Redis
 * host address". Three hosts, each a Linux network namespace with its own address on one LAN: the web host runs
 * the shipper, the Redis host runs Redis on 6379, the Elasticsearch host runs Elasticsearch on localhost:9200 and
 * the indexer. The services get the two example files with nothing changed but {@code host =>} (the Redis host's
 * address), through {@code SHIPPER_CONFIG} / {@code INDEXER_CONFIG}; only the log file's path is set on top
 * ({@code SHIPPER_INPUTS_FILE_PATHS}, so this test need not write to {@code /var/log/app}). Lines appended to the
 * web host's log, a stack trace among them, are found in Elasticsearch.
 *
 * <p>Needs root and iproute2 (as in CI); skipped with the reason elsewhere, unless
 * {@code LOGPIPE_E2E_REQUIRE_NETNS=true} makes that a failure.
 */
class LogstashFilesOnThreeHostsIT {
    private static final Duration START = Duration.ofMinutes(3);
    private static final Duration ARRIVE = Duration.ofSeconds(90);

    @Test
    void onlyTheRedisHostAddressChangesWhenShipperRedisAndIndexerRunOnThreeHosts() throws Exception {
        Optional<String> unavailable = NetworkNamespaces.unavailable();
        if (Boolean.parseBoolean(System.getenv("LOGPIPE_E2E_REQUIRE_NETNS"))) {
            assertEquals(Optional.empty(), unavailable, "LOGPIPE_E2E_REQUIRE_NETNS is set");
        }
        assumeTrue(unavailable.isEmpty(), () -> "skipped: the three hosts are network namespaces, which cannot be made here: "
                + unavailable.orElse(""));

        Path work = Services.workDir("three-hosts");
        Path log = work.resolve("web-host-logs").resolve("access.log");
        String run = "threehosts" + System.nanoTime();
        long begin = System.nanoTime();
        try (NetworkNamespaces hosts = NetworkNamespaces.create("web", "redis", "es")) {
            System.out.println("three-hosts: " + hosts);
            String redisHost = hosts.address("redis");
            Path shipperConf = LogstashExamples.withRedisHost(LogstashExamples.shipper(), work.resolve("web-host"), redisHost);
            Path indexerConf = LogstashExamples.withRedisHost(LogstashExamples.indexer(), work.resolve("es-host"), redisHost);
            String change = LogstashExamples.REDIS_HOST_LINE + " -> " + "    host => \"" + redisHost + "\"";
            assertEquals(List.of(change), LogstashExamples.changedLines(LogstashExamples.shipper(), shipperConf));
            assertEquals(List.of(change), LogstashExamples.changedLines(LogstashExamples.indexer(), indexerConf));

            try (Server redis = Server.start("redis", hosts.exec("redis"), work, "--no-elasticsearch", "--redis-port", "6379",
                    "--bind", "0.0.0.0");
                    Server es = Server.start("elasticsearch", hosts.exec("es"), work, "--no-redis", "--es-port", "9200",
                            "--bind", "0.0.0.0")) {
                redis.awaitReady(START);
                es.awaitReady(START);
                Search search = new Search("http://" + hosts.address("es") + ":9200");
                Poll.until("Elasticsearch at " + hosts.address("es") + ":9200 from this machine", Duration.ofSeconds(30),
                        Duration.ofMillis(250), () -> {
                            try {
                                search.count("logstash-*");
                                return true;
                            } catch (RuntimeException e) {
                                return false;
                            }
                        });
                System.out.printf("three-hosts: Redis on %s:6379, Elasticsearch on %s (localhost:9200 there) in %d ms%n",
                        redisHost, hosts.address("es"), (System.nanoTime() - begin) / 1_000_000);

                // Lines written before the shipper starts (start_position => beginning) and after.
                List<List<String>> written = new ArrayList<>();
                try (LineWriter app = LineWriter.append(log)) {
                    write(app, run, 0, 3, written);
                }
                try (ServiceProcess indexer = Services.indexer("indexer", work, Map.of(),
                        Map.of("INDEXER_CONFIG", indexerConf.toString())).inNetworkNamespace(hosts.namespace("es"), hosts.address("es"));
                        ServiceProcess shipper = Services.shipper("shipper", work, Map.of(), Map.of("SHIPPER_CONFIG",
                                shipperConf.toString(), "SHIPPER_INPUTS_FILE_PATHS", log.toString(), "HOSTNAME", "web"))
                                .inNetworkNamespace(hosts.namespace("web"), hosts.address("web"))) {
                    indexer.startReady(START);
                    shipper.startReady(START);
                    try (LineWriter app = LineWriter.append(log)) {
                        write(app, run, 3, 20, written);
                    }
                    Set<String> expected = written.stream().map(AppLog::message).collect(Collectors.toCollection(TreeSet::new));
                    String query = "{\"size\":100,\"query\":{\"match\":{\"message\":\"" + run + "\"}}}";
                    AtomicReference<JsonNode> docs = new AtomicReference<>();
                    Poll.until(expected.size() + " events in Elasticsearch on the third host", ARRIVE, Duration.ofMillis(500), () -> {
                        search.refresh("logstash-*");
                        docs.set(search.hitsOrNoneYet("logstash-*", query));
                        return docs.get().size() >= expected.size();
                    }, () -> " (have " + (docs.get() == null ? 0 : docs.get().size()) + ")\n" + shipper.logTail(30) + "\n"
                            + indexer.logTail(30));
                    Set<String> messages = new TreeSet<>();
                    for (JsonNode doc : docs.get()) {
                        JsonNode s = doc.path("_source");
                        messages.add(s.path("message").asText());
                        assertEquals("web", s.path("host").path("name").asText(), () -> "host.name of " + doc);
                        assertEquals(s.path("message").asText().contains("\n"), contains(s.path("tags"), "multiline"),
                                () -> "multiline tag of " + doc);
                    }
                    assertEquals(expected, messages, "every event written on the web host");
                    assertTrue(messages.stream().anyMatch(m -> m.contains("\n\tat ")), "stack traces joined");
                    System.out.printf("three-hosts: %d events (%d stack traces) from the web host (%s) through Redis on %s "
                            + "indexed on %s, %d ms in all%n", messages.size(), messages.stream().filter(m -> m.contains("\n")).count(),
                            hosts.address("web"), redisHost, hosts.address("es"), (System.nanoTime() - begin) / 1_000_000);
                }
            }
        }
    }

    private static void write(LineWriter app, String run, int from, int to, List<List<String>> written) {
        for (int seq = from; seq < to; seq++) {
            List<String> lines = AppLog.event(run, seq, seq % 4 == 1);
            app.write(lines);
            written.add(lines);
        }
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode element : array) {
            if (value.equals(element.asText())) {
                return true;
            }
        }
        return false;
    }

    /** devstack's {@code DevStack} main on one of the hosts ({@code ip netns exec}), its output in a file. */
    private static final class Server implements AutoCloseable {
        private final String name;
        private final Process process;
        private final Path output;

        private Server(String name, Process process, Path output) {
            this.name = name;
            this.process = process;
            this.output = output;
        }

        static Server start(String name, List<String> exec, Path work, String... options) throws IOException {
            List<String> command = new ArrayList<>(exec);
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                    "-jar", devstackJar().toString()));
            command.addAll(List.of(options));
            Path output = work.resolve(name + "-host.out");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            return new Server(name, builder.start(), output);
        }

        void awaitReady(Duration timeout) {
            Poll.until(name + " started by devstack", timeout, Duration.ofMillis(200), () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + output());
                }
                return output().lines().anyMatch("READY"::equals);
            }, () -> "\n" + output());
        }

        String output() {
            try {
                return Files.readString(output, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }

        /** SIGTERM: devstack stops its server; whatever is left after a minute is killed, children first. */
        @Override
        public void close() {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }

        static Path devstackJar() {
            String configured = System.getProperty("logpipe.e2e.devstack.jar");
            if (configured != null && !configured.isBlank()) {
                return Path.of(configured);
            }
            Path target = Path.of("../devstack/target").toAbsolutePath().normalize();
            try (Stream<Path> files = Files.list(target)) {
                return files.filter(f -> f.getFileName().toString().matches("logpipe-devstack-.*\\.jar")
                        && !f.getFileName().toString().matches(".*-(sources|tests|javadoc)\\.jar")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no devstack jar in " + target + ": build devstack first"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
