package io.logpipe.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A devstack server shared by several JVMs on one machine through a directory, the way Quarkus Dev Services
 * share a labelled container: the first JVM that asks starts it, every JVM using it holds a lease, and the last
 * one to let go stops it. Two dev-mode services (the shipper and the indexer, in two terminals) thus use one
 * Redis and one Elasticsearch.
 *
 * <p>The directory holds {@code lock} (a file lock taken around every change), {@code server.properties} (pid,
 * start time and port of the running server), {@code leases/} (one file per user: pid and start time of the JVM
 * holding it) and {@code server/} (the server's data and log, kept from one run to the next). A lease whose JVM is
 * gone (killed with -9) no longer counts; a server whose users are all gone that way keeps running and is reused
 * by the next {@link #redis}/{@link #elasticsearch} call, which then owns its stop. The server runs in a session of
 * its own, so a Ctrl-C in the terminal of the JVM that started it does not stop it under another's feet.
 *
 * <p>The user closes it when done (Quarkus does so when dev mode ends, after the application has stopped: a
 * shutdown hook here would race the application's own graceful shutdown, which still needs the server).
 */
public final class SharedServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String STATE = "server.properties";
    // Loaded now: the release may come late in a JVM's life, after a framework has closed the class loader.
    private static final List<Class<?>> PRELOADED = List.of(ManagedProcess.class, State.class, Resp.class);

    private final String name;
    private final Path dir;
    private final long pid;
    private final int port;
    private final Path log;
    private final LocalServer startedHere;
    private final Path lease;
    private final long graceSeconds;
    private boolean closed;

    private SharedServer(String name, Path dir, State state, LocalServer startedHere, Path lease, long graceSeconds) {
        this.name = name;
        this.dir = dir;
        this.pid = state.pid;
        this.port = state.port;
        this.log = state.log;
        this.startedHere = startedHere;
        this.lease = lease;
        this.graceSeconds = graceSeconds;
    }

    /** The Redis shared through {@code dir} (append-only, so its data stays in {@code dir/server} between runs). */
    public static SharedServer redis(Path dir) {
        return acquire("redis", dir, 20, SharedServer::redisAnswers,
                () -> RedisServer.builder().dir(dir.resolve("server")).appendOnly(true).ownSession(true).build().start());
    }

    /** The Elasticsearch shared through {@code dir}, with the given heap when this call starts it. */
    public static SharedServer elasticsearch(Path dir, String heap) {
        return acquire("elasticsearch", dir, 30, SharedServer::elasticsearchAnswers,
                () -> ElasticsearchServer.builder().dir(dir.resolve("server")).heap(heap).ownSession(true).build().start());
    }

    public String name() {
        return name;
    }

    /** The loopback port clients connect to. */
    public int port() {
        return port;
    }

    /** The server's process id (for Elasticsearch, its launcher's). */
    public long pid() {
        return pid;
    }

    /** The server's output. */
    public Path log() {
        return log;
    }

    /** Whether this JVM started the server (otherwise it found it running). */
    public boolean startedHere() {
        return startedHere != null;
    }

    /** How many JVMs hold a lease now, this one included. */
    public int users() {
        return withLock(dir, () -> {
            pruneDeadLeases(dir);
            return leases(dir).size();
        });
    }

    /** Gives the lease back; the last user stops the server. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        withLock(dir, () -> {
            delete(lease);
            pruneDeadLeases(dir);
            if (leases(dir).isEmpty()) {
                State state = readState(dir);
                if (state != null && state.pid == pid) {
                    stop(state);
                }
                delete(dir.resolve(STATE));
            }
            return null;
        });
    }

    private void stop(State state) {
        if (startedHere != null) {
            startedHere.stop();
        }
        state.handle().ifPresent(process -> {
            if (!ManagedProcess.stopTree(process, graceSeconds)) {
                System.err.println("[devstack] " + name + " (pid " + state.pid + ") did not stop");
            }
        });
    }

    @Override
    public String toString() {
        return "shared " + name + " on 127.0.0.1:" + port + " (pid " + pid + ", " + dir + ")";
    }

    private static SharedServer acquire(String name, Path dir, long graceSeconds, IntPredicate answers,
            Supplier<LocalServer> starter) {
        try {
            Files.createDirectories(dir.resolve("leases"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return withLock(dir, () -> {
            pruneDeadLeases(dir);
            State state = readState(dir);
            LocalServer started = null;
            if (state != null && !(state.alive() && answers.test(state.port))) {
                // Gone, or alive but not answering (nothing is starting it: we hold the lock): start afresh.
                state.handle().ifPresent(process -> ManagedProcess.stopTree(process, graceSeconds));
                delete(dir.resolve(STATE));
                state = null;
            }
            if (state == null) {
                started = starter.get();
                state = new State(started.pid(), startMillis(ProcessHandle.of(started.pid())), started.port(), started.log());
                writeState(dir, state);
            }
            Path lease = dir.resolve("leases").resolve(ProcessHandle.current().pid() + "-" + UUID.randomUUID());
            ProcessHandle self = ProcessHandle.current();
            writeProperties(lease, props("pid", Long.toString(self.pid()),
                    "start", Long.toString(startMillis(Optional.of(self))),
                    "command", self.info().commandLine().orElse("?")));
            return new SharedServer(name, dir, state, started, lease, graceSeconds);
        });
    }

    private static boolean redisAnswers(int port) {
        try (Resp resp = Resp.connect(port, null)) {
            return "PONG".equals(resp.call("PING"));
        } catch (IOException | Resp.Error e) {
            return false;
        }
    }

    private static boolean elasticsearchAnswers(int port) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/_cluster/health")).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && !response.body().contains("\"status\":\"red\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code action} holding the directory's file lock (across JVMs and across class loaders in one JVM). */
    private static <T> T withLock(Path dir, Supplier<T> action) {
        try (FileChannel channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = null;
            while (lock == null) {
                try {
                    lock = channel.lock();
                } catch (OverlappingFileLockException heldInThisJvm) {
                    // Held by another thread (or a copy of this class in another class loader) of this JVM.
                    Thread.sleep(50);
                }
            }
            try {
                return action.get();
            } finally {
                lock.release();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + dir.resolve("lock"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + dir.resolve("lock"), e);
        }
    }

    private static List<Path> leases(Path dir) {
        try (Stream<Path> files = Files.list(dir.resolve("leases"))) {
            return files.filter(p -> !p.getFileName().toString().endsWith(".tmp")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir.resolve("leases"), e);
        }
    }

    private static void pruneDeadLeases(Path dir) {
        for (Path lease : leases(dir)) {
            Properties p = readProperties(lease);
            if (p == null) {
                continue;
            }
            long holder = Long.parseLong(p.getProperty("pid", "-1"));
            long start = Long.parseLong(p.getProperty("start", "-1"));
            if (!alive(holder, start)) {
                delete(lease);
            }
        }
    }

    /** Whether process {@code pid} runs and is the one that started at {@code startMillis} (not a reused pid). */
    private static boolean alive(long pid, long startMillis) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        long actual = startMillis(handle);
        return startMillis < 0 || actual < 0 || Math.abs(actual - startMillis) < 1000;
    }

    private static long startMillis(Optional<ProcessHandle> handle) {
        return handle.flatMap(h -> h.info().startInstant()).map(Instant::toEpochMilli).orElse(-1L);
    }

    private record State(long pid, long startMillis, int port, Path log) {
        boolean alive() {
            return SharedServer.alive(pid, startMillis);
        }

        Optional<ProcessHandle> handle() {
            return alive() ? ProcessHandle.of(pid) : Optional.empty();
        }
    }

    private static State readState(Path dir) {
        Properties p = readProperties(dir.resolve(STATE));
        if (p == null) {
            return null;
        }
        try {
            return new State(Long.parseLong(p.getProperty("pid")), Long.parseLong(p.getProperty("start", "-1")),
                    Integer.parseInt(p.getProperty("port")), Path.of(p.getProperty("log", "")));
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private static void writeState(Path dir, State state) {
        writeProperties(dir.resolve(STATE), props("pid", Long.toString(state.pid), "start", Long.toString(state.startMillis),
                "port", Integer.toString(state.port), "log", state.log.toString()));
    }

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    private static Properties readProperties(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
            return p;
        } catch (IOException e) {
            return null;
        }
    }

    private static void writeProperties(Path file, Properties p) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "logpipe devstack shared server");
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            System.err.println("[devstack] cannot delete " + file + ": " + e);
        }
    }

    /** The leases' holders, for diagnostics. */
    List<String> holders() {
        List<String> holders = new ArrayList<>();
        for (Path lease : leases(dir)) {
            Properties p = readProperties(lease);
            if (p != null) {
                holders.add(p.getProperty("pid") + " " + p.getProperty("command", ""));
            }
        }
        return holders;
    }
}
