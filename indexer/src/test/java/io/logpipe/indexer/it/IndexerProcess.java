package io.logpipe.indexer.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.logpipe.devstack.Poll;
import io.logpipe.devstack.Ports;
import io.logpipe.devstack.RedisServer;
import io.logpipe.devstack.SearchServer;
import io.logpipe.devstack.SharedServers;

/**
 * The packaged indexer ({@code java -jar target/quarkus-app/quarkus-run.jar}) as a separate process, configured
 * with {@code -D} properties, its output in {@code target/it-logs/} ({@code it-logs-opensearch/} against
 * OpenSearch). Can be killed with SIGKILL and started again with the same configuration (same consumer id).
 */
final class IndexerProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Path JAR = Path.of(System.getProperty("indexer.jar", "target/quarkus-app/quarkus-run.jar"));
    /** One folder per search server the tests run against: the OpenSearch run does not overwrite the other's logs. */
    private static final Path LOGS = Path.of("target", "elasticsearch".equals(SharedServers.searchProduct()) ? "it-logs"
            : "it-logs-" + SharedServers.searchProduct());

    private final String name;
    private final Map<String, String> config;
    private final int port;
    private Process process;
    private int starts;
    private Path log;

    private IndexerProcess(String name, Map<String, String> config, int port) {
        this.name = name;
        this.config = config;
        this.port = port;
    }

    /** Consumer id {@code consumerId}, list {@code key}, indices {@code <key>-YYYY.MM.dd}, short timeouts. */
    static IndexerProcess of(String consumerId, String key, RedisServer redis, SearchServer es, Map<String, String> extra) {
        int port = Ports.free();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.redis.hosts", redis.url());
        config.put("quarkus.elasticsearch.hosts", es.hostPort());
        config.put("quarkus.http.port", Integer.toString(port));
        config.put("indexer.consumer-id", consumerId);
        config.put("indexer.redis.key", key);
        config.put("indexer.index", key + "-%{+YYYY.MM.dd}");
        config.put("indexer.consumer-timeout", "3s");
        config.put("indexer.heartbeat-interval", "1s");
        config.put("indexer.retry.max", "2s");
        config.put("indexer.template.replicas", "0");
        config.putAll(extra);
        return new IndexerProcess(consumerId, config, port);
    }

    /** {@code java -D<config>... -jar <the packaged indexer> <args>}, as the ITs run it. */
    static List<String> command(Map<String, String> config, String... args) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run the package phase first");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        config.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(JAR.toAbsolutePath().toString());
        command.addAll(List.of(args));
        return command;
    }

    IndexerProcess start() {
        List<String> command = command(config);
        try {
            Path logs = Files.createDirectories(LOGS);
            log = logs.resolve(name + "-" + (++starts) + ".log");
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Starts and waits until its workers run (they beat in Redis' heartbeat set) and readiness is UP. */
    IndexerProcess startReady() {
        start();
        Poll.until(name + " ready", Duration.ofSeconds(90), Duration.ofMillis(100), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited at start:\n" + logTail(60));
            }
            return status("/q/health/ready") == 200 && status("/q/health/live") == 200;
        }, () -> "\n" + logTail(40));
        return this;
    }

    /** SIGKILL: a crash, nothing cleaned up. */
    void kill9() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * SIGTERM and wait for the exit; returns the exit code (143 = 128 + SIGTERM is the JVM's code after its
     * shutdown hooks ran, i.e. a graceful stop).
     */
    int stop() {
        if (process == null || !process.isAlive()) {
            return process == null ? 0 : process.exitValue();
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " did not stop within 60 s of SIGTERM:\n" + logTail(40));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Waits for the process to end by itself (a refused start-up); returns its exit code. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " still runs after " + timeout + ":\n" + logTail(20));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The body of {@code GET path} (a health check's JSON), or the failure as text. */
    String body(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }

    /** The value of one Prometheus sample at {@code /q/metrics}, e.g. {@code indexer_events_indexed_total{result="created"}}. */
    double metric(String sample) {
        try {
            String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " ([0-9.eE+-]+)$").matcher(body);
            return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e + ")";
        }
    }

    /** All logs of this process's lives. */
    String allLogs() {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= starts; i++) {
            try {
                out.append(Files.readString(LOGS.resolve(name + "-" + i + ".log")));
            } catch (IOException e) {
                // missing log: nothing to add
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
