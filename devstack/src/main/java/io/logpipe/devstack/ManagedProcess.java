package io.logpipe.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose output goes to a log file, and which is stopped together with its descendants
 * (Elasticsearch's launcher forks the server JVM; killing only the launcher would orphan it).
 */
final class ManagedProcess {
    private final String name;
    private final Process process;
    private final Path log;

    private ManagedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static ManagedProcess start(String name, ProcessBuilder builder, Path log) {
        return start(name, builder, log, false);
    }

    /**
     * As {@link #start(String, ProcessBuilder, Path)}; with {@code ownSession}, the process runs in a session (and
     * process group) of its own through {@code setsid}, so a Ctrl-C in the terminal of the JVM that started it does
     * not reach it (it may outlive that JVM and serve others). Without {@code setsid} on PATH it starts as usual.
     */
    static ManagedProcess start(String name, ProcessBuilder builder, Path log, boolean ownSession) {
        if (ownSession) {
            RedisServer.onPath("setsid").ifPresent(setsid -> {
                List<String> command = new ArrayList<>(builder.command());
                command.add(0, setsid.toString());
                builder.command(command);
            });
        }
        try {
            Files.createDirectories(log.getParent());
            builder.redirectErrorStream(true);
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            return new ManagedProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", builder.command()), e);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** SIGTERM to the process tree, then SIGKILL for whatever is left after {@code graceSeconds}. */
    void stop(long graceSeconds) {
        stopTree(process.toHandle(), graceSeconds);
    }

    /**
     * Stops any process and its descendants, child of this JVM or not: SIGTERM to the tree, SIGKILL for what is
     * left after {@code graceSeconds}. Returns whether the process is gone.
     */
    static boolean stopTree(ProcessHandle root, long graceSeconds) {
        List<ProcessHandle> tree = new ArrayList<>();
        root.descendants().forEach(tree::add);
        tree.add(root);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(graceSeconds);
        for (ProcessHandle handle : tree) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                handle.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception timeoutOrInterrupt) {
                handle.destroyForcibly();
            }
        }
        try {
            root.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception timeoutOrInterrupt) {
            return !root.isAlive();
        }
        return true;
    }

    /** SIGKILL to the whole tree, no grace: a crash. */
    void kill() {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last {@code lines} lines of the log, for failure messages. */
    String tail(int lines) {
        return tail(log, lines);
    }

    static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no " + file + ")";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    static void deleteTree(Path root) {
        try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("[devstack] cannot delete " + root + ": " + e);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", log " + log + ")";
    }
}
