package io.logpipe.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What Redis and Elasticsearch have in common here: a process in a data directory, started and waited for
 * by polling until ready, stopped (SIGTERM, then SIGKILL after a grace period) or killed (a crash), and
 * restartable on the same port and data.
 */
public abstract class LocalServer implements AutoCloseable {
    private final String name;
    private final Path dir;
    private final boolean temporaryDir;
    private final long stopGraceSeconds;
    private ManagedProcess process;
    private long startMillis;
    private long attachedPid = -1;

    LocalServer(String name, Path requestedDir, long stopGraceSeconds) {
        this.name = name;
        this.stopGraceSeconds = stopGraceSeconds;
        this.temporaryDir = requestedDir == null;
        try {
            this.dir = requestedDir != null ? Files.createDirectories(requestedDir)
                    : Files.createTempDirectory("logpipe-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data directory for " + name, e);
        }
    }

    /** Starts the server process (configured for this port and directory); does not wait. */
    abstract ManagedProcess launch() throws IOException;

    /** Whether the server answers its readiness request. */
    abstract boolean ready();

    /** How long {@link #start()} waits for {@link #ready()}. */
    abstract Duration startTimeout();

    /** What to print when start-up fails: the logs. */
    abstract String diagnostics(ManagedProcess started);

    /** Starts (or starts again, same port and data) and polls until ready; prints the logs when it fails. */
    synchronized void startAndWait() {
        refuseIfAttached("start");
        if (process != null && process.alive()) {
            return;
        }
        long begin = System.nanoTime();
        ManagedProcess started;
        try {
            started = launch();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " in " + dir, e);
        }
        process = started;
        try {
            Poll.until(name + " on 127.0.0.1:" + port(), startTimeout(), Duration.ofMillis(50), () -> {
                if (!started.alive()) {
                    throw new IllegalStateException(name + " exited at start-up" + diagnostics(started));
                }
                return ready();
            }, () -> diagnostics(started));
        } catch (RuntimeException e) {
            System.err.println("[devstack] " + e.getMessage());
            started.kill();
            process = null;
            throw e;
        }
        startMillis = (System.nanoTime() - begin) / 1_000_000;
    }

    /** Stops gracefully: SIGTERM to the process tree, SIGKILL for what is left after the grace period. */
    public synchronized void stop() {
        refuseIfAttached("stop");
        if (process != null) {
            process.stop(stopGraceSeconds);
            process = null;
        }
    }

    /** SIGKILL to the process tree, as a crash. */
    public synchronized void kill() {
        refuseIfAttached("kill");
        if (process != null) {
            process.kill();
            process = null;
        }
    }

    public synchronized boolean running() {
        if (attachedPid > 0) {
            return ProcessHandle.of(attachedPid).map(ProcessHandle::isAlive).orElse(false);
        }
        return process != null && process.alive();
    }

    /**
     * Makes this an object for a server another copy of devstack in this JVM (another class loader) started, process
     * {@code pid}, on this object's port and directory: it can be reached, not stopped, killed or started.
     */
    synchronized void attach(long pid) {
        this.attachedPid = pid;
    }

    private void refuseIfAttached(String what) {
        if (attachedPid > 0) {
            throw new IllegalStateException("cannot " + what + " " + name + " (pid " + attachedPid + "): another class "
                    + "loader of this JVM started it and owns it (SharedServers)");
        }
    }

    /** The process id of the running server (the launcher's, for Elasticsearch), or -1 when it is not running. */
    public synchronized long pid() {
        if (attachedPid > 0) {
            return attachedPid;
        }
        return process != null && process.alive() ? process.pid() : -1;
    }

    /** The log file the server's output goes to. */
    public abstract Path log();

    /** The loopback port clients connect to. */
    public abstract int port();

    /** How long the last start waited until the server was ready. */
    public long startMillis() {
        return startMillis;
    }

    public Path dir() {
        return dir;
    }

    /** Stops, and deletes the data directory when it was a temporary one (nothing, when attached). */
    @Override
    public void close() {
        synchronized (this) {
            if (attachedPid > 0) {
                return;
            }
        }
        stop();
        if (temporaryDir) {
            ManagedProcess.deleteTree(dir);
        }
    }
}
