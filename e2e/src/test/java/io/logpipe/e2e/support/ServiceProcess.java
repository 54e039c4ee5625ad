package io.logpipe.e2e.support;

import java.io.IOException;
import java.io.OutputStream;
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
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.logpipe.devstack.Poll;
import io.logpipe.devstack.Ports;

/**
 * One packaged logpipe service ({@code java -jar .../quarkus-app/quarkus-run.jar}) as a separate process,
 * the way it runs in production: configuration through {@code -D} system properties and environment
 * variables, its output captured to a log file under {@code target/e2e/}, readiness read from
 * {@code /q/health/ready}.
 *
 * <p>The HTTP port is chosen free at the first start and kept across restarts, so a restarted service is
 * found where it was. Each start writes a new log file ({@code name-1.log}, {@code name-2.log}, ...) so a
 * crash and its recovery can be told apart.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern METRIC_LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");

    private final String name;
    private final Path jar;
    private final Path logDir;
    private final Map<String, String> config;
    private final Map<String, String> env;
    private final int port;
    private final List<String> args = new ArrayList<>();
    private final List<String> launcher = new ArrayList<>();
    private String httpHost = "127.0.0.1";
    private String bindHost = "127.0.0.1";
    private final List<Path> logs = new ArrayList<>();
    private Process process;

    private ServiceProcess(String name, Path jar, Path logDir, Map<String, String> config, Map<String, String> env) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no packaged service at " + jar
                    + ": build it first (./mvnw -B package -DskipTests -pl shipper,indexer -am)");
        }
        this.name = name;
        this.jar = jar;
        this.logDir = logDir;
        this.config = new LinkedHashMap<>(config);
        this.env = new LinkedHashMap<>(env);
        this.port = Ports.free();
    }

    /** A service from {@code jar}, not started; {@code config} becomes {@code -Dkey=value}, {@code env} the environment. */
    public static ServiceProcess of(String name, Path jar, Path logDir, Map<String, String> config, Map<String, String> env) {
        return new ServiceProcess(name, jar, logDir, config, env);
    }

    /** Program arguments after the jar (e.g. {@code --config FILE}); kept for restarts. */
    public ServiceProcess withArgs(String... arguments) {
        args.addAll(List.of(arguments));
        return this;
    }

    /**
     * Runs the service inside the network namespace {@code namespace} ({@code ip netns exec}, so as root), its
     * HTTP port open on every address there and reached by this test at {@code address}, the namespace's address.
     */
    public ServiceProcess inNetworkNamespace(String namespace, String address) {
        launcher.clear();
        launcher.addAll(List.of("ip", "netns", "exec", namespace));
        bindHost = "0.0.0.0";
        httpHost = address;
        return this;
    }

    /** Starts the process (again, after a kill or stop) with the same configuration and port. */
    public synchronized ServiceProcess start() {
        if (alive()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> command = new ArrayList<>(launcher);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Several services, Elasticsearch and the test share 2 cores: keep each JVM small, as in a pod.
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-Dquarkus.http.host=" + bindHost);
        command.add("-Dquarkus.http.port=" + port);
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + "-" + (logs.size() + 1) + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(logDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            builder.environment().putAll(env);
            process = builder.start();
            logs.add(log);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** Starts and waits until {@code /q/health/ready} answers 200. */
    public ServiceProcess startReady(Duration timeout) {
        start();
        return awaitReady(timeout);
    }

    /** Polls {@code /q/health/ready} until it answers 200; fails at once (with the log) if the process exits. */
    public ServiceProcess awaitReady(Duration timeout) {
        Poll.until(name + " ready on " + url("/q/health/ready"), timeout, Duration.ofMillis(100), () -> {
            if (!alive()) {
                throw new IllegalStateException(name + " exited with " + exitCode() + " before it was ready:\n" + logTail(60));
            }
            return readyStatus() == 200;
        }, () -> ":\n" + logTail(60));
        return this;
    }

    /** The HTTP status of {@code /q/health/ready}, or -1 when nothing answers. */
    public int readyStatus() {
        return get("/q/health/ready").map(HttpResponse::statusCode).orElse(-1);
    }

    /** The body of {@code path} (e.g. {@code /q/health/ready}) whatever its status, or empty when nothing answers. */
    public java.util.Optional<HttpResponse<String>> get(String path) {
        try {
            return java.util.Optional.of(HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }

    /**
     * The sum over all series of a Prometheus metric whose name starts with {@code prefix} (so both
     * {@code foo_total} and {@code foo_count} forms match), or -1 when the service does not answer or has no such metric.
     */
    public double metric(String prefix) {
        return get("/q/metrics").filter(r -> r.statusCode() == 200).map(r -> sumMetric(r.body(), prefix)).orElse(-1.0);
    }

    /** The sum over all series of the metrics in a Prometheus text whose name starts with {@code prefix}, or -1. */
    public static double sumMetric(String prometheusText, String prefix) {
        double sum = 0;
        boolean found = false;
        for (String line : prometheusText.split("\n")) {
            Matcher m = METRIC_LINE.matcher(line);
            if (m.find() && m.group(1).startsWith(prefix)) {
                sum += Double.parseDouble(m.group(3));
                found = true;
            }
        }
        return found ? sum : -1;
    }

    /** SIGKILL: a crash, no shutdown hook runs. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitForExit(Duration.ofSeconds(30));
        }
    }

    /** SIGTERM and wait for a graceful exit (SIGKILL after {@code grace}); returns the exit code. */
    public synchronized int stop(Duration grace) {
        if (process == null) {
            return -1;
        }
        process.destroy();
        if (!waitForExit(grace)) {
            process.destroyForcibly();
            waitForExit(Duration.ofSeconds(30));
        }
        return process.exitValue();
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    public synchronized OptionalInt exitCode() {
        return process == null || process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** The service's standard input (a pipe), e.g. for a {@code stdin { }} input; flush after writing. */
    public synchronized OutputStream stdin() {
        return process.getOutputStream();
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public String name() {
        return name;
    }

    public String url(String path) {
        return "http://" + httpHost + ":" + port + path;
    }

    /** The log files of every start so far, oldest first. */
    public List<Path> logs() {
        return List.copyOf(logs);
    }

    /** Everything every start of this service wrote. */
    public String logText() {
        StringBuilder all = new StringBuilder();
        for (Path log : logs) {
            try {
                all.append(Files.readString(log, StandardCharsets.UTF_8));
            } catch (IOException e) {
                all.append("(cannot read ").append(log).append(": ").append(e).append(")\n");
            }
        }
        return all.toString();
    }

    /** The last {@code lines} lines of the current (latest) log, for failure messages. */
    public String logTail(int lines) {
        if (logs.isEmpty()) {
            return "(" + name + " never started)";
        }
        Path log = logs.get(logs.size() - 1);
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "--- " + log + " ---\n" + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Stops gracefully if still running. */
    @Override
    public void close() {
        if (alive()) {
            stop(Duration.ofSeconds(20));
        }
    }

    @Override
    public String toString() {
        return name + (alive() ? " (pid " + process.pid() + ", port " + port + ")" : " (not running)");
    }
}
