package io.logpipe.devstack;

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
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A real single-node search server from a distribution that the devstack build unpacks (Elasticsearch's or
 * OpenSearch's integ-test zip), on a free loopback HTTP port, with a small heap. The two are the same process
 * to run (OpenSearch is a fork of Elasticsearch 7.10): they differ only in names ({@link Flavour}).
 *
 * <p>Both refuse to run as root. When this JVM is root, the server runs as {@code nobody} through
 * {@code setpriv}, with its config copy, data and logs owned by that user; if the distribution sits below a
 * directory that user cannot enter (a checkout under {@code /root}), it is copied once to a shared place.
 */
public abstract class SearchServer extends LocalServer {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** What tells one distribution from the other. */
    enum Flavour {
        ELASTICSEARCH("Elasticsearch", "elasticsearch", "ES", "es",
                // The integ-test zip has x-pack-security, on by default (TLS and passwords).
                List.of("xpack.security.enabled: false")),
        // OpenSearch's security plugin is not in its integ-test zip: nothing to switch off.
        OPENSEARCH("OpenSearch", "opensearch", "OPENSEARCH", "opensearch", List.of());

        /** For messages. */
        final String product;
        /** The launcher in bin/, the settings file's base name, the key in devstack.properties. */
        final String command;
        /** Prefix of the launcher's environment variables ({@code ES_PATH_CONF}, {@code OPENSEARCH_PATH_CONF}). */
        final String envPrefix;
        /** The name given to {@link LocalServer} (temporary directories, wait messages). */
        final String shortName;
        final List<String> settings;

        Flavour(String product, String command, String envPrefix, String shortName, List<String> settings) {
            this.product = product;
            this.command = command;
            this.envPrefix = envPrefix;
            this.shortName = shortName;
            this.settings = settings;
        }

        /**
         * The JDK the server runs on: this JVM's, or {@code -Ddevstack.<command>.java-home} /
         * {@code DEVSTACK_<COMMAND>_JAVA_HOME}, e.g. a Java 21+ for OpenSearch 3.x given as {@code devstack.opensearch.home}
         * while the build runs on Java 17.
         */
        String javaHome() {
            String override = System.getProperty("devstack." + command + ".java-home",
                    System.getenv("DEVSTACK_" + command.toUpperCase(Locale.ROOT) + "_JAVA_HOME"));
            return override != null && !override.isBlank() ? override : System.getProperty("java.home");
        }

        /**
         * The distribution unpacked by the devstack build ({@code devstack.properties}), or
         * {@code -Ddevstack.<command>.home} / {@code DEVSTACK_<COMMAND>_HOME}.
         */
        Path defaultHome() {
            String override = System.getProperty("devstack." + command + ".home",
                    System.getenv("DEVSTACK_" + command.toUpperCase(Locale.ROOT) + "_HOME"));
            if (override != null && !override.isBlank()) {
                return Path.of(override);
            }
            try (InputStream in = SearchServer.class.getResourceAsStream("devstack.properties")) {
                Properties props = new Properties();
                props.load(in);
                return Path.of(props.getProperty(command + ".home"));
            } catch (IOException | NullPointerException e) {
                throw new IllegalStateException("devstack.properties is missing: build the devstack module first", e);
            }
        }
    }

    private final Flavour flavour;
    private final Path home;
    private final String heap;
    private final int httpPort;
    private final String httpHost;
    private final int transportPort;
    private final Duration startTimeout;
    private final boolean ownSession;

    SearchServer(Flavour flavour, Builder<?, ?> b) {
        super(flavour.shortName, b.dir, 30);
        this.flavour = flavour;
        this.home = b.home != null ? b.home : flavour.defaultHome();
        this.heap = b.heap;
        this.httpPort = b.httpPort > 0 ? b.httpPort : Ports.free();
        this.httpHost = b.httpHost;
        this.transportPort = Ports.free();
        this.startTimeout = b.startTimeout;
        this.ownSession = b.ownSession;
    }

    /** Configures a server; nothing runs until {@code start()}. */
    public abstract static class Builder<B extends Builder<B, S>, S extends SearchServer> {
        private Path home;
        private Path dir;
        private String heap = "512m";
        private int httpPort;
        private String httpHost;
        // Generous: on a loaded 2-core machine start-up was seen to take minutes; a healthy start costs ~12 s.
        private Duration startTimeout = Duration.ofMinutes(5);
        private boolean ownSession;

        Builder() {
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /** The unpacked distribution (default: where the devstack build unpacked it). */
        public B home(Path home) {
            this.home = home;
            return self();
        }

        /** Instance directory for config copy, data and logs (default: a new temporary one). */
        public B dir(Path dir) {
            this.dir = dir;
            return self();
        }

        /** JVM heap, as -Xms/-Xmx (default 512m: enough for tests and a single-node benchmark on 24 GiB). */
        public B heap(String heap) {
            this.heap = heap;
            return self();
        }

        public B httpPort(int httpPort) {
            this.httpPort = httpPort;
            return self();
        }

        /**
         * Where the HTTP port listens ({@code http.host}), e.g. {@code 0.0.0.0} for other hosts too (default:
         * loopback only). The transport stays on loopback, so a single node needs no production bootstrap checks.
         */
        public B httpHost(String httpHost) {
            this.httpHost = httpHost;
            return self();
        }

        public B startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return self();
        }

        /**
         * Run in a session of its own ({@code setsid}): a Ctrl-C aimed at the JVM that starts the server does not
         * reach it, so it can outlive that JVM (servers shared between JVMs, see {@link SharedServer}).
         */
        public B ownSession(boolean ownSession) {
            this.ownSession = ownSession;
            return self();
        }

        public abstract S build();
    }

    /** Starts (or starts again, same port and data) and waits until {@code GET /_cluster/health} answers. */
    public SearchServer start() {
        if (!Files.isExecutable(home.resolve("bin").resolve(flavour.command))) {
            throw new IllegalStateException("no " + flavour.product + " distribution at " + home
                    + ": run ./mvnw package -DskipTests -pl devstack -am");
        }
        startAndWait();
        return this;
    }

    @Override
    ManagedProcess launch() throws IOException {
        Path dir = dir();
        boolean root = isRoot();
        Path runHome = root ? accessibleToNobody(home) : home;
        Path conf = dir.resolve("config");
        Path data = Files.createDirectories(dir.resolve("data"));
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        writeConfig(runHome, conf, data, logs);
        if (root) {
            chownTree(dir, "nobody", "nogroup");
        }
        List<String> command = new ArrayList<>();
        if (root) {
            command.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        }
        command.add(runHome.resolve("bin").resolve(flavour.command).toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        String env = flavour.envPrefix;
        builder.environment().put(env + "_JAVA_HOME", flavour.javaHome());
        builder.environment().put(env + "_PATH_CONF", conf.toString());
        builder.environment().put(env + "_TMPDIR", tmp.toString());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove(env + "_JAVA_OPTS");
        return ManagedProcess.start(flavour.command, builder, log(), ownSession);
    }

    @Override
    public Path log() {
        return dir().resolve(flavour.command + ".out");
    }

    @Override
    boolean ready() {
        return healthy();
    }

    @Override
    Duration startTimeout() {
        return startTimeout;
    }

    @Override
    String diagnostics(ManagedProcess started) {
        Path log = dir().resolve("logs/devstack.log");
        return "\n--- " + log() + " ---\n" + ManagedProcess.tail(log(), 60)
                + "\n--- " + log + " ---\n" + ManagedProcess.tail(log, 60);
    }

    private void writeConfig(Path runHome, Path conf, Path data, Path logs) throws IOException {
        if (!Files.exists(conf.resolve("jvm.options"))) {
            copyTree(runHome.resolve("config"), conf);
        }
        List<String> yml = new ArrayList<>(List.of(
                "# written by logpipe devstack",
                "cluster.name: devstack",
                "node.name: devstack",
                "network.host: 127.0.0.1",
                "http.port: " + httpPort,
                "transport.port: " + transportPort,
                "discovery.type: single-node",
                "path.data: " + data,
                "path.logs: " + logs,
                // A nearly full disk must not make the test index read-only.
                "cluster.routing.allocation.disk.threshold_enabled: false",
                "action.destructive_requires_name: false"));
        if (httpHost != null) {
            yml.add("http.host: " + httpHost);
        }
        yml.addAll(flavour.settings);
        yml.add("");
        Files.writeString(conf.resolve(flavour.command + ".yml"), String.join("\n", yml));
        Files.createDirectories(conf.resolve("jvm.options.d"));
        Files.writeString(conf.resolve("jvm.options.d/devstack.options"),
                "-Xms" + heap + "\n-Xmx" + heap + "\n-XX:ActiveProcessorCount=2\n");
        // gc.log rotation files are of no use here and cost disk (OpenSearch's line has a "9-:" version prefix).
        Path jvmOptions = conf.resolve("jvm.options");
        String options = Files.readString(jvmOptions).replaceAll("(?m)^([0-9]+-?[0-9]*:)?-Xlog:gc.*$", "-Xlog:disable");
        Files.writeString(jvmOptions, options);
    }

    private boolean healthy() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/_cluster/health"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && !response.body().contains("\"status\":\"red\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public int port() {
        return httpPort;
    }

    /** {@code host:port}, the form {@code quarkus.elasticsearch.hosts} takes. */
    public String hostPort() {
        return "127.0.0.1:" + httpPort;
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Whether {@code nobody} can reach {@code path}: every ancestor must be searchable by others. */
    static boolean traversableByOthers(Path path) throws IOException {
        for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return false;
            }
        }
        return true;
    }

    private static Path accessibleToNobody(Path home) throws IOException {
        if (traversableByOthers(home)) {
            return home;
        }
        Path shared = Path.of("/tmp", "logpipe-devstack-es", home.getFileName().toString());
        Path marker = shared.resolve(".complete");
        if (!Files.exists(marker)) {
            Path staging = Files.createTempDirectory(Files.createDirectories(shared.getParent()), "staging-");
            copyTree(home, staging);
            Files.setPosixFilePermissions(shared.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(staging, Files.getPosixFilePermissions(home));
            Files.createFile(staging.resolve(".complete"));
            try {
                Files.move(staging, shared, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                if (!Files.exists(marker)) {
                    throw raced;
                }
            }
        }
        return shared;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void chownTree(Path root, String user, String group) throws IOException {
        UserPrincipalLookupService lookup = root.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal owner = lookup.lookupPrincipalByName(user);
        GroupPrincipal ownerGroup = lookup.lookupPrincipalByGroupName(group);
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.naturalOrder())::iterator) {
                PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
                view.setOwner(owner);
                view.setGroup(ownerGroup);
            }
        }
    }

    /** A small helper for tests and scripts: one HTTP request, the body as a string. */
    public HttpResponse<String> request(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", path.contains("_bulk") ? "application/x-ndjson" : "application/json");
        builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public String toString() {
        return flavour.product + " " + url() + " (" + home + ", data " + dir() + ")";
    }
}
