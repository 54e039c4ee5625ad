package io.logpipe.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A real Redis server on 127.0.0.1: {@code redis-server} from PATH when present, otherwise the official Linux
 * binary bundled in {@code com.github.codemonstur:embedded-redis}, extracted and run as a plain process.
 *
 * <p>No persistence unless asked ({@link Builder#appendOnly}); the port is kept across {@link #stop()} /
 * {@link #start()} so a test can take Redis away and bring it back with its data.
 */
public final class RedisServer extends LocalServer {
    /** The binary bundled in the embedded-redis jar for this platform. */
    static final String BUNDLED_LINUX_AMD64 = "redis-server-6.2.6-v5-linux-amd64";
    static final String BUNDLED_LINUX_ARM64 = "redis-server-6.2.7-linux-arm64";

    private final String password;
    private final boolean appendOnly;
    private final boolean forceBundled;
    private final Map<String, String> config;
    private final int port;
    private final boolean ownSession;
    private Path binary;

    private RedisServer(Builder b) {
        super("redis", b.dir, 20);
        this.password = b.password;
        this.appendOnly = b.appendOnly;
        this.forceBundled = b.forceBundled;
        this.config = new TreeMap<>(b.config);
        this.port = b.port > 0 ? b.port : Ports.free();
        this.ownSession = b.ownSession;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configures a server; nothing runs until {@link RedisServer#start()}. */
    public static final class Builder {
        private String password;
        private boolean appendOnly;
        private boolean forceBundled;
        private int port;
        private Path dir;
        private boolean ownSession;
        private final Map<String, String> config = new TreeMap<>();

        /** {@code requirepass}: clients must AUTH. */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** Append-only persistence (fsync every second) in the data directory, so a restart keeps the data. */
        public Builder appendOnly(boolean appendOnly) {
            this.appendOnly = appendOnly;
            return this;
        }

        /** Use the bundled 6.2 binary even when {@code redis-server} is on PATH. */
        public Builder forceBundled(boolean forceBundled) {
            this.forceBundled = forceBundled;
            return this;
        }

        /** A fixed port (default: a free one). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Data directory (default: a new temporary one). */
        public Builder dir(Path dir) {
            this.dir = dir;
            return this;
        }

        /**
         * Run in a session of its own ({@code setsid}): a Ctrl-C aimed at the JVM that starts the server does not
         * reach it, so it can outlive that JVM (servers shared between JVMs, see {@link SharedServer}).
         */
        public Builder ownSession(boolean ownSession) {
            this.ownSession = ownSession;
            return this;
        }

        /** Any other redis.conf directive, e.g. {@code maxmemory 2mb}. */
        public Builder config(String directive, String value) {
            config.put(directive, value);
            return this;
        }

        public RedisServer build() {
            return new RedisServer(this);
        }
    }

    /** Starts (or starts again, same port and data) and waits until PING answers. */
    public RedisServer start() {
        startAndWait();
        return this;
    }

    @Override
    ManagedProcess launch() {
        if (binary == null) {
            binary = forceBundled ? bundledBinary() : onPath("redis-server").orElseGet(RedisServer::bundledBinary);
        }
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--daemonize", "no",
                "--dir", dir().toString(), "--save", "", "--logfile", ""));
        if (appendOnly) {
            command.addAll(List.of("--appendonly", "yes", "--appendfsync", "everysec"));
        } else {
            command.addAll(List.of("--appendonly", "no"));
        }
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        config.forEach((k, v) -> command.addAll(List.of("--" + k, v)));
        return ManagedProcess.start("redis-server", new ProcessBuilder(command).directory(dir().toFile()), log(),
                ownSession);
    }

    @Override
    boolean ready() {
        return ping();
    }

    @Override
    Duration startTimeout() {
        return Duration.ofSeconds(60);
    }

    @Override
    String diagnostics(ManagedProcess started) {
        return "; its log:\n" + started.tail(40);
    }

    private boolean ping() {
        try (Resp resp = Resp.connect(port, password)) {
            return "PONG".equals(resp.call("PING"));
        } catch (IOException | Resp.Error e) {
            return false;
        }
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public Path log() {
        return dir().resolve("redis.log");
    }

    public String host() {
        return "127.0.0.1";
    }

    /** The URL the Quarkus Redis client takes in {@code quarkus.redis.hosts} (password not included). */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** The binary this server runs (resolved at first start). */
    public Path binary() {
        return binary;
    }

    /** A connection for checks and fault setup. */
    public Resp connect() throws IOException {
        return Resp.connect(port, password);
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String entry : path.split(java.io.File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(entry, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Extracts the bundled binary once per machine (atomically, so concurrent JVMs don't see half a file). */
    static Path bundledBinary() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            throw new IllegalStateException("no bundled redis-server for " + os + "; install redis-server on PATH");
        }
        String resource = arch.contains("aarch64") || arch.contains("arm64") ? BUNDLED_LINUX_ARM64 : BUNDLED_LINUX_AMD64;
        try {
            Path cache = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"),
                    "logpipe-devstack-" + System.getProperty("user.name")));
            Path target = cache.resolve(resource);
            if (Files.isExecutable(target)) {
                return target;
            }
            try (InputStream in = RedisServer.class.getResourceAsStream("/" + resource)) {
                if (in == null) {
                    throw new IllegalStateException("embedded-redis jar with /" + resource + " is not on the class path");
                }
                Path tmp = Files.createTempFile(cache, resource, ".part");
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the bundled redis-server", e);
        }
    }

    @Override
    public String toString() {
        return "Redis " + url() + " (" + binary + ")";
    }
}
