package io.logpipe.shipper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.logpipe.common.resp.RedisEndpoint;
import io.logpipe.common.resp.RedisRoutes;
import io.logpipe.devstack.Poll;
import io.logpipe.devstack.Ports;
import io.logpipe.devstack.RedisServer;
import io.logpipe.devstack.Resp;
import io.logpipe.devstack.SharedServers;
import io.logpipe.shipper.config.ShipperConfig;
import io.logpipe.shipper.discover.FileKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/**
 * The one helper of every file scenario: a log directory, a shipper configured on it (in this JVM, or the
 * packaged service as a separate process), file operations (append, partial append, rename, truncate,
 * delete), and what ended up in Redis and in the registry on disk.
 *
 * <p>The shipper is configured with the same {@code shipper.*} properties a user writes; defaults here are
 * the one input {@code app} on {@code <dir>/*.log} from the beginning, and short intervals.
 */
public final class FileScenario implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Vertx vertx;
    private static final Map<String, Redis> CLIENTS = new HashMap<>();

    private final Path dir;
    private final Path logs;
    private final RedisServer redis;
    private final String key;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Map<String, FileKey> identities = new HashMap<>();
    private final Map<String, OutputStream> openWriters = new HashMap<>();
    private Shipper shipper;
    private SimpleMeterRegistry meters;
    private Process process;
    private Path processLog;
    private int processStarts;
    private int httpPort;

    private FileScenario(String name, RedisServer redis) {
        try {
            this.dir = Files.createTempDirectory("shipper-" + name + "-");
            this.logs = Files.createDirectories(dir.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.redis = redis;
        this.key = "scenario:" + name + ":" + System.nanoTime();
        set("inputs.app.paths", logs + "/*.log");
        set("inputs.app.start-position", "beginning");
        set("scan-interval", "100ms");
        set("registry.path", dir.resolve("registry").resolve("registry.json").toString());
        set("registry.flush-interval", "100ms");
        set("redis.key", key);
        set("redis.batch-linger", "20ms");
    }

    /** A scenario against the JVM's shared devstack Redis. */
    public static FileScenario create(String name) {
        return new FileScenario(name, SharedServers.redis());
    }

    /** A scenario against a Redis of its own (one the test stops, fills or restarts). */
    public static FileScenario create(String name, RedisServer redis) {
        return new FileScenario(name, redis);
    }

    /** Sets {@code shipper.<property>} (before start). */
    public FileScenario set(String property, String value) {
        properties.put("shipper." + property, value);
        return this;
    }

    /** Removes {@code shipper.<property>} (before start). */
    public FileScenario unset(String property) {
        properties.remove("shipper." + property);
        return this;
    }

    /** For the packaged shipper only: configure through an environment variable instead of a property. */
    public FileScenario env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public Path dir() {
        return dir;
    }

    public Path logs() {
        return logs;
    }

    public String key() {
        return key;
    }

    public RedisServer redis() {
        return redis;
    }

    // ---- the shipper in this JVM

    /** Builds the configuration exactly as Quarkus would from these properties. */
    public ShipperConfig config() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(properties, "scenario", 500))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withMapping(ShipperConfig.class)
                .build();
        return config.getConfigMapping(ShipperConfig.class);
    }

    public FileScenario start() {
        return start(new PrintStream(OutputStream.nullOutputStream()), new ByteArrayInputStream(new byte[0]));
    }

    public FileScenario start(PrintStream debugOut, java.io.InputStream stdin) {
        try {
            meters = new SimpleMeterRegistry();
            ShipperConfig config = config();
            Optional<RedisRoutes> direct = config.redis().directWrite()
                    ? Optional.of(RedisRoutes.standalone(
                            new RedisEndpoint(redis.host(), redis.port(), null, redis.password().orElse(null), 0)))
                    : Optional.empty();
            shipper = new Shipper(config, client(redis), direct, meters, Clock.systemUTC(), System::nanoTime,
                    "scenario-host", stdin, debugOut).start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Graceful stop (what SIGTERM does). */
    public void stop() {
        if (shipper != null) {
            shipper.close();
            shipper = null;
        }
    }

    public FileScenario restart() {
        stop();
        return start();
    }

    public SimpleMeterRegistry meters() {
        return meters;
    }

    public Shipper shipper() {
        return shipper;
    }

    private static synchronized Redis client(RedisServer server) {
        if (vertx == null) {
            vertx = Vertx.vertx();
        }
        return CLIENTS.computeIfAbsent(server.url(), url -> Redis.createClient(vertx,
                new RedisOptions().setConnectionString(url).setMaxPoolSize(4).setMaxPoolWaiting(64)));
    }

    // ---- the packaged shipper as a separate process

    /** Starts {@code target/quarkus-app/quarkus-run.jar} with these properties as -D options. */
    public FileScenario startProcess() {
        return startProcess(false, false);
    }

    /**
     * Starts {@code target/quarkus-app/quarkus-run.jar}.
     *
     * @param viaEnvironment pass the {@code shipper.*} properties as environment variables
     *        ({@code shipper.inputs.app.start-position} as {@code SHIPPER_INPUTS_APP_START_POSITION}), as Kubernetes does
     * @param unprivileged when this JVM runs as root, run the shipper as {@code nobody} (file permissions apply)
     */
    public FileScenario startProcess(boolean viaEnvironment, boolean unprivileged) {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the integration tests after package");
        }
        httpPort = Ports.free();
        List<String> command = new ArrayList<>();
        if (unprivileged && isRoot()) {
            command.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
            openToEveryone(dir);
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dquarkus.http.port=" + httpPort, "-Dquarkus.redis.hosts=" + redis.url()));
        Map<String, String> env = new LinkedHashMap<>(environment);
        properties.forEach((k, v) -> {
            if (viaEnvironment) {
                env.put(k.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_"), v);
            } else {
                command.add("-D" + k + "=" + v);
            }
        });
        command.addAll(List.of("-jar", jar.toString()));
        processLog = dir.resolve("shipper-" + (++processStarts) + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(processLog.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(env);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Poll.until("the shipper process to be live", Duration.ofSeconds(60), Duration.ofMillis(100), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the shipper exited with " + process.exitValue() + ":\n" + processLog());
            }
            return health("live") == 200;
        }, () -> "\n" + processLog());
        return this;
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void openToEveryone(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                if (Files.isDirectory(p)) {
                    Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** HTTP status of {@code /q/health/<which>} of the shipper process. */
    public int health(String which) {
        try {
            java.net.HttpURLConnection c = (java.net.HttpURLConnection) java.net.URI
                    .create("http://127.0.0.1:" + httpPort + "/q/health/" + which).toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            int status = c.getResponseCode();
            c.disconnect();
            return status;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Prometheus text of the shipper process. */
    public String metricsText() throws IOException {
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) java.net.URI
                .create("http://127.0.0.1:" + httpPort + "/q/metrics").toURL().openConnection();
        try (var in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** SIGKILL: no shutdown hook, no last registry write. */
    public void killProcess() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, waiting for the graceful shutdown. */
    public int stopProcess() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        return process.exitValue();
    }

    public String processLog() {
        try {
            return processLog == null ? "" : Files.readString(processLog);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    // ---- files

    public Path file(String name) {
        return logs.resolve(name);
    }

    /** Appends each line followed by {@code \n}. */
    public FileScenario append(String name, String... lines) {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        return appendBytes(name, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    public FileScenario append(String name, List<String> lines) {
        return append(name, lines.toArray(String[]::new));
    }

    /** Appends text without a newline (a line still being written). */
    public FileScenario appendPartial(String name, String text) {
        return appendBytes(name, text.getBytes(StandardCharsets.UTF_8));
    }

    public FileScenario appendBytes(String name, byte[] bytes) {
        try {
            Path file = file(name);
            Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            identities.putIfAbsent(name, FileKey.stat(file).key());
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An output stream kept open across renames, like a logger's (closed with the scenario). */
    public OutputStream writer(String name) {
        return openWriters.computeIfAbsent(name, n -> {
            try {
                OutputStream out = Files.newOutputStream(file(n), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                identities.put(n, FileKey.stat(file(n)).key());
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Closes the writer opened by {@link #writer(String)} (a logger reopening its file after rotation). */
    public void closeWriter(String name) throws IOException {
        OutputStream out = openWriters.remove(name);
        if (out != null) {
            out.close();
        }
    }

    /** Renames a file; its identity now belongs to {@code to}. */
    public FileScenario rename(String from, String to) {
        try {
            Files.move(file(from), file(to), StandardCopyOption.ATOMIC_MOVE);
            identities.put(to, identities.remove(from));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies {@code from} to {@code to} (outside the logs directory when {@code to} is absolute). */
    public FileScenario copy(String from, Path to) {
        try {
            Files.copy(file(from), to, StandardCopyOption.REPLACE_EXISTING);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Truncates a file to 0 bytes in place (same inode: copy-truncate). */
    public FileScenario truncate(String name) {
        try (var ch = java.nio.channels.FileChannel.open(file(name), StandardOpenOption.WRITE)) {
            ch.truncate(0);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public FileScenario delete(String name) {
        try {
            Files.delete(file(name));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long size(String name) {
        try {
            return Files.size(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The identity the file {@code name} had when the scenario first wrote it (kept across renames). */
    public FileKey identity(String name) {
        FileKey id = identities.get(name);
        if (id == null) {
            throw new IllegalArgumentException("no file " + name + " was written by this scenario");
        }
        return id;
    }

    // ---- the registry on disk

    /** The registry file's stored offset for the file written as {@code name}, or -1 when it has none. */
    public long registryOffset(String name) {
        JsonNode entry = registryEntry(identity(name));
        return entry == null ? -1 : entry.get("offset").asLong();
    }

    public JsonNode registryEntry(FileKey id) {
        Path path = Path.of(properties.get("shipper.registry.path"));
        try {
            if (!Files.exists(path)) {
                return null;
            }
            for (JsonNode f : JSON.readTree(path.toFile()).path("files")) {
                if (f.get("device").asLong() == id.device() && f.get("inode").asLong() == id.inode()) {
                    return f;
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the registry on disk stores at least {@code offset} for {@code name}. */
    public void waitUntilOffset(String name, long offset) {
        waitUntilOffset(name, offset, Duration.ofSeconds(30));
    }

    public void waitUntilOffset(String name, long offset, Duration timeout) {
        Poll.until("registry offset " + offset + " for " + name, timeout, Duration.ofMillis(20),
                () -> registryOffset(name) >= offset,
                () -> " (registry has " + registryOffset(name) + ", Redis " + llen() + " items)" + diagnostics());
    }

    /** Waits until everything currently in the file was acknowledged and stored ({@code offset == size}). */
    public void waitUntilShipped(String name) {
        waitUntilOffset(name, size(name));
    }

    /** The truncation generation the registry stores for {@code name} (-1: no entry). */
    public int registryGeneration(String name) {
        JsonNode entry = registryEntry(identity(name));
        return entry == null ? -1 : entry.get("generation").asInt();
    }

    /** As {@link #waitUntilShipped(String)}, for the content after the {@code generation}-th truncation. */
    public void waitUntilShipped(String name, int generation) {
        long size = size(name);
        Poll.until(name + " shipped to " + size + " in generation " + generation, Duration.ofSeconds(30),
                Duration.ofMillis(20), () -> registryGeneration(name) == generation && registryOffset(name) >= size,
                () -> " (registry has generation " + registryGeneration(name) + " offset " + registryOffset(name) + ")");
    }

    /**
     * Waits until the shipper's first scan of input {@code input} is done (the registry on disk lists the input):
     * files created after that count as appearing after start.
     */
    public void waitUntilScanned(String input) {
        Path path = Path.of(properties.get("shipper.registry.path"));
        waitFor("the first scan of input " + input, Duration.ofSeconds(30), () -> {
            try {
                if (!Files.exists(path)) {
                    return false;
                }
                for (JsonNode name : JSON.readTree(path.toFile()).path("inputs")) {
                    if (name.asText().equals(input)) {
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Waits until the shipper has found {@code name} (the registry on disk has an entry for it). */
    public void waitUntilDiscovered(String name) {
        waitUntilOffset(name, 0);
    }

    // ---- Redis

    public long llen() {
        try (Resp r = redis.connect()) {
            return (Long) r.call("LLEN", key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every element of the list, parsed. */
    public List<JsonNode> events() {
        try (Resp r = redis.connect()) {
            List<JsonNode> events = new ArrayList<>();
            // In pages: one reply of a whole big list can take longer than the client's read timeout.
            for (int from = 0;; from += 10_000) {
                @SuppressWarnings("unchecked")
                List<Object> raw = (List<Object>) r.call("LRANGE", key, Integer.toString(from),
                        Integer.toString(from + 9_999));
                for (Object o : raw) {
                    events.add(JSON.readTree((String) o));
                }
                if (raw.size() < 10_000) {
                    return events;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code message} of every element, in list order. */
    public List<String> messages() {
        return events().stream().map(e -> e.path("message").asText()).toList();
    }

    /** Waits until the list holds at least {@code n} elements, then returns their messages. */
    public List<String> waitForMessages(int n) {
        waitFor(n + " events in Redis", Duration.ofSeconds(30), () -> llen() >= n);
        return messages();
    }

    /**
     * Waits until every byte written to {@code files} is acknowledged, then asserts the list holds exactly
     * {@code expected} (in order): none lost, none duplicated.
     */
    public void assertShippedExactly(List<String> expected, String... files) {
        for (String f : files) {
            waitUntilShipped(f);
        }
        assertEquals(expected, messages(), "messages in Redis" + diagnostics());
    }

    public void waitFor(String what, Duration timeout, BooleanSupplier condition) {
        Poll.until(what, timeout, Duration.ofMillis(20), condition, this::diagnostics);
    }

    private String diagnostics() {
        return process != null ? "\n--- shipper log ---\n" + tail(processLog(), 40) : "";
    }

    private static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", java.util.Arrays.asList(all).subList(Math.max(0, all.length - lines), all.length));
    }

    /** Numbered lines {@code prefix-from} .. {@code prefix-(to-1)}. */
    public static List<String> lines(String prefix, int from, int to) {
        List<String> lines = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            lines.add(prefix + "-" + i);
        }
        return lines;
    }

    @Override
    public void close() {
        try {
            stop();
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
                process.waitFor();
            }
            for (OutputStream out : openWriters.values()) {
                out.close();
            }
            try (Resp r = redis.connect()) {
                r.call("DEL", key);
            } catch (IOException | RuntimeException e) {
                // Redis may be stopped by the test; the key dies with it.
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
