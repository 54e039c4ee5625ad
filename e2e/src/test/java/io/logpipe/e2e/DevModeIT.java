package io.logpipe.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.logpipe.devstack.Poll;
import io.logpipe.devstack.Ports;
import io.logpipe.e2e.support.Services;

/**
 * Dev mode as a developer runs it (README, "Develop"), on a machine without a container runtime and without
 * {@code redis-server} (it is taken off the PATH here, so the Redis bundled with devstack runs): {@code quarkus:dev}
 * for the shipper, then for the indexer, each a Maven process of its own ({@code ./mvnw quarkus:dev -pl <service>
 * -am} from the repository root, which needs nothing installed).
 *
 * <p>The logpipe Dev Services start Redis for the shipper; the indexer finds and uses the same Redis and gets an
 * Elasticsearch; both are ready; a line appended to the tailed log is found in Elasticsearch; touching a class of
 * each service live-reloads it without restarting either server (same pids and ports); stopping the shipper's dev
 * mode leaves the servers to the indexer, stopping the indexer's stops them, with every process of theirs. Then the
 * packaged applications are checked to hold nothing of the extension (it is dev and test only).
 *
 * <p>The servers' directory, the logs and the offsets live under {@code target/e2e/dev-mode} (not the repository's
 * {@code .logpipe} and {@code logs}); the Maven output of each dev mode is kept there too.
 */
class DevModeIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Maven resolves and compiles, Quarkus builds, Elasticsearch starts: minutes on a loaded 2-core machine. */
    private static final Duration UP = Duration.ofMinutes(6);

    private final List<DevMode> running = new ArrayList<>();

    @AfterEach
    void stopWhatIsLeft() {
        for (DevMode dev : running) {
            dev.stop();
        }
    }

    @Test
    void bothServicesComeUpShareTheServersSurviveALiveReloadAndLeaveNothingBehind() throws Exception {
        Path work = Services.workDir("dev-mode");
        Path devServices = work.resolve("dev-services");
        Path logs = Files.createDirectories(work.resolve("logs"));
        Path appLog = logs.resolve("app.log");
        Files.writeString(appLog, line("dev mode starts"));

        DevMode shipper = start(work, "shipper", devServices,
                "-Dshipper.inputs.app.paths=" + logs + "/*.log",
                "-Dshipper.registry.path=" + work.resolve("shipper-registry.json"));
        shipper.awaitReady();
        Server redis = Server.read(devServices.resolve("redis"));
        assertTrue(shipper.log().contains("Dev Services for Redis (devstack process, pid " + redis.pid + ", started"),
                shipper.tail());

        DevMode indexer = start(work, "indexer", devServices);
        indexer.awaitReady();
        Server es = Server.read(devServices.resolve("elasticsearch"));
        assertTrue(indexer.log().contains("Dev Services for Redis (devstack process, pid " + redis.pid + ", found running, "
                + "used by 2 dev-mode applications)"), "the indexer uses the shipper's Redis:\n" + indexer.tail());
        assertEquals(redis, Server.read(devServices.resolve("redis")));
        Set<Long> serverProcesses = processTree(redis.pid, es.pid);

        String marker = "devmode" + UUID.randomUUID().toString().replace("-", "");
        Files.writeString(appLog, line("hello " + marker), StandardOpenOption.APPEND);
        awaitSearchable(es, marker);
        assertTrue(shipper.log().contains("hello " + marker + "\""), "the debug output prints the events:\n" + shipper.tail());

        // Live reload: a touched class is recompiled and the application restarted, on the same servers.
        for (DevMode dev : List.of(shipper, indexer)) {
            dev.touch("Main.java");
            dev.awaitReload();
        }
        assertEquals(redis, Server.read(devServices.resolve("redis")));
        assertEquals(es, Server.read(devServices.resolve("elasticsearch")));
        assertTrue(redis.alive() && es.alive(), "the servers run on");
        String afterReload = "reloaded" + UUID.randomUUID().toString().replace("-", "");
        Files.writeString(appLog, line("after the reload " + afterReload), StandardOpenOption.APPEND);
        awaitSearchable(es, afterReload);

        // The shipper's dev mode ends (Ctrl-C): the indexer still uses both servers.
        shipper.stop();
        assertTrue(redis.alive() && es.alive(), "the servers stay while the indexer uses them");
        assertEquals(redis, Server.read(devServices.resolve("redis")));

        // The indexer's ends too: the servers go, with every process they started.
        indexer.stop();
        Poll.until("the servers' processes to end", Duration.ofSeconds(60), Duration.ofMillis(200),
                () -> serverProcesses.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
        assertFalse(Files.exists(devServices.resolve("redis/server.properties")));
        assertFalse(Files.exists(devServices.resolve("elasticsearch/server.properties")));
        assertTrue(indexer.log().contains("indexer stopped"), "the indexer stopped before its servers:\n" + indexer.tail());
        assertFalse(indexer.log().contains("Connection refused"), "Redis went before the indexer stopped:\n" + indexer.tail());
    }

    @Test
    void theExtensionIsNotInTheProductionApplications() throws IOException {
        for (Path jar : List.of(Services.shipperJar(), Services.indexerJar())) {
            Path app = jar.getParent();
            assertTrue(Files.isDirectory(app.resolve("lib")), "no packaged application at " + app);
            try (Stream<Path> files = Files.walk(app)) {
                List<String> dev = files.map(p -> p.getFileName().toString())
                        .filter(n -> n.contains("logpipe-devservices") || n.contains("logpipe-devstack")
                                || n.contains("embedded-redis"))
                        .toList();
                assertEquals(List.of(), dev, "dev-only artifacts in " + app);
            }
        }
    }

    private DevMode start(Path work, String service, Path devServices, String... config) {
        DevMode dev = DevMode.start(work, service, devServices, List.of(config));
        running.add(dev);
        return dev;
    }

    private static String line(String text) {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS")) + " INFO " + text + "\n";
    }

    private static void awaitSearchable(Server es, String word) {
        Poll.until("'" + word + "' searchable in Elasticsearch", Duration.ofMinutes(2), Duration.ofMillis(500),
                () -> count(es, word) == 1);
    }

    private static long count(Server es, String word) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + es.port
                    + "/logstash-*/_count?q=message:" + word)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return -1;
            }
            return JSON.readTree(response.body()).path("count").asLong(-1);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The processes and all their descendants (Elasticsearch's launcher forks the server JVM). */
    private static Set<Long> processTree(long... roots) {
        return Stream.of(roots).flatMapToLong(java.util.Arrays::stream).boxed()
                .flatMap(pid -> ProcessHandle.of(pid).stream())
                .flatMap(h -> Stream.concat(Stream.of(h), h.descendants()))
                .map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /** What {@code <dir>/server.properties} says about the shared server (devstack's SharedServer). */
    private record Server(long pid, int port) {
        static Server read(Path dir) throws IOException {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(dir.resolve("server.properties"))) {
                p.load(in);
            }
            return new Server(Long.parseLong(p.getProperty("pid")), Integer.parseInt(p.getProperty("port")));
        }

        boolean alive() {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && Ports.accepting(port);
        }
    }

    /** One {@code ./mvnw quarkus:dev -pl <service> -am} in a process group of its own, so it can get a Ctrl-C. */
    private static final class DevMode {
        private final String service;
        private final Path root;
        private final int port;
        private final Path output;
        private final Process process;
        private int reloadsSeen;

        private DevMode(String service, Path root, int port, Path output, Process process) {
            this.service = service;
            this.root = root;
            this.port = port;
            this.output = output;
            this.process = process;
        }

        static DevMode start(Path work, String service, Path devServices, List<String> config) {
            Path root = root();
            int port = Ports.free();
            Path output = work.resolve(service + "-dev.log");
            List<String> command = new ArrayList<>(List.of("setsid", root.resolve("mvnw").toString(), "-B",
                    "quarkus:dev", "-pl", service, "-am",
                    // No debugger port, no analytics question, servers and offsets under target/.
                    "-Ddebug=false", "-Dquarkus.analytics.disabled=true",
                    "-Dquarkus.http.port=" + port, "-Dlogpipe.devservices.dir=" + devServices));
            // The local repository (and read-only tail) of the build that runs this test, if it has any of its own.
            for (String property : List.of("maven.repo.local", "maven.repo.local.tail")) {
                String value = System.getProperty("logpipe.e2e." + property, "");
                if (!value.isBlank() && !value.startsWith("${")) {
                    command.add("-D" + property + "=" + value);
                }
            }
            command.addAll(config);
            ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("PATH", pathWithoutRedisServer(work.resolve("path-without-redis")));
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            builder.environment().remove("MAVEN_OPTS");
            try {
                return new DevMode(service, root, port, output, builder.start());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + command, e);
            }
        }

        static Path root() {
            String configured = System.getProperty("logpipe.e2e.root");
            return (configured != null && !configured.isBlank() ? Path.of(configured) : Path.of(".."))
                    .toAbsolutePath().normalize();
        }

        /**
         * PATH as it is, but with no {@code redis-server} on it: devstack must use its bundled one. A directory that
         * holds one (often {@code /usr/bin}, with {@code uname}, {@code dirname} and everything else the wrapper
         * needs) is replaced by a directory of links to all its other programs.
         */
        static String pathWithoutRedisServer(Path shadows) {
            List<String> dirs = new ArrayList<>();
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path original = Path.of(dir);
                dirs.add(Files.isExecutable(original.resolve("redis-server"))
                        ? shadowWithoutRedis(original, shadows.resolve(Integer.toString(dirs.size()))).toString()
                        : dir);
            }
            return String.join(File.pathSeparator, dirs);
        }

        private static Path shadowWithoutRedis(Path original, Path shadow) {
            try (Stream<Path> programs = Files.list(original)) {
                Files.createDirectories(shadow);
                for (Path program : (Iterable<Path>) programs::iterator) {
                    String name = program.getFileName().toString();
                    Path link = shadow.resolve(name);
                    if (!name.startsWith("redis-") && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, program);
                    }
                }
                return shadow;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make " + shadow + " from " + original, e);
            }
        }

        void awaitReady() {
            Poll.until(service + " dev mode ready on port " + port, UP, Duration.ofMillis(500), () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(service + " dev mode exited with " + process.exitValue() + ":\n" + tail());
                }
                return readyStatus() == 200;
            }, () -> ":\n" + tail());
        }

        int readyStatus() {
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        /** Sets the modification time of a main source file to now, as saving it in an editor would. */
        void touch(String file) throws IOException {
            try (Stream<Path> sources = Files.walk(root.resolve(service).resolve("src/main/java"))) {
                Path source = sources.filter(p -> p.getFileName().toString().equals(file)).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no " + file + " in " + service));
                reloadsSeen = count("Live reload total time");
                Files.setLastModifiedTime(source, FileTime.from(Instant.now()));
            }
        }

        /** The next HTTP request makes dev mode scan for changes; waits until it restarted the application. */
        void awaitReload() {
            Poll.until(service + " live reload", UP, Duration.ofMillis(500), () -> {
                readyStatus();
                return count("Live reload total time") > reloadsSeen;
            }, () -> ":\n" + tail());
            awaitReady();
        }

        private int count(String text) {
            String log = log();
            int n = 0;
            for (int i = log.indexOf(text); i >= 0; i = log.indexOf(text, i + 1)) {
                n++;
            }
            return n;
        }

        /** Ctrl-C: SIGTERM to the process group (Maven and the dev-mode JVM), as the shell would send SIGINT. */
        void stop() {
            if (!process.isAlive()) {
                return;
            }
            // Maven and the dev-mode JVM; not the servers the JVM started (they may serve the other dev mode).
            List<ProcessHandle> all = new ArrayList<>(process.descendants()
                    .filter(h -> h.info().commandLine().orElse("").contains("-dev.jar")).toList());
            all.add(process.toHandle());
            try {
                new ProcessBuilder("kill", "-TERM", "--", "-" + process.pid()).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
                for (ProcessHandle handle : all) {
                    handle.onExit().get(2, TimeUnit.MINUTES);
                }
            } catch (Exception e) {
                all.forEach(ProcessHandle::destroyForcibly);
                throw new IllegalStateException(service + " dev mode did not stop:\n" + tail(), e);
            }
        }

        String log() {
            try {
                return Files.readString(output, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(no output: " + e + ")";
            }
        }

        String tail() {
            String[] lines = log().split("\n");
            return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 80), lines.length));
        }
    }
}
