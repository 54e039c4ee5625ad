package io.logpipe.devservices.deployment;

import java.nio.file.Path;

import io.logpipe.devstack.LocalServer;
import io.logpipe.devstack.SharedServer;
import io.logpipe.devstack.SharedServers;
import io.quarkus.deployment.builditem.Startable;

/**
 * A Dev Service whose server is a devstack process, not a container.
 *
 * <p>In dev mode it is shared through a directory with the project's other dev-mode applications
 * ({@link SharedServer}): the last one to close stops it. In tests it is the test JVM's {@link SharedServers} server,
 * the one the devstack test resources and the tests themselves reach: started once for all test classes and
 * profiles, stopped when the JVM exits (closing this leaves it running for the next application of the run).
 */
final class DevstackService implements Startable {
    enum Kind {
        REDIS("Redis"),
        ELASTICSEARCH("Elasticsearch");

        final String title;

        Kind(String title) {
            this.title = title;
        }
    }

    private final Kind kind;
    private final Path sharedDir;
    private final String heap;
    private SharedServer shared;
    private LocalServer testJvms;

    /** {@code sharedDir} null: the test JVM's server. */
    DevstackService(Kind kind, Path sharedDir, String heap) {
        this.kind = kind;
        this.sharedDir = sharedDir;
        this.heap = heap;
    }

    @Override
    public synchronized void start() {
        if (sharedDir != null) {
            shared = kind == Kind.REDIS ? SharedServer.redis(sharedDir.resolve("redis"))
                    : SharedServer.elasticsearch(sharedDir.resolve("elasticsearch"), heap);
        } else {
            testJvms = kind == Kind.REDIS ? SharedServers.redis() : SharedServers.elasticsearch();
        }
    }

    synchronized int port() {
        return shared != null ? shared.port() : testJvms.port();
    }

    /** The value of {@code quarkus.redis.hosts} or {@code quarkus.elasticsearch.hosts}. */
    String hosts() {
        return kind == Kind.REDIS ? "redis://127.0.0.1:" + port() : "127.0.0.1:" + port();
    }

    /** One line for the log: what runs where, and whether it was found running. */
    synchronized String describe() {
        if (shared != null) {
            int users = shared.users();
            return String.format("%s (devstack process, pid %d, %s, used by %d dev-mode application%s) on %s; data and log in %s",
                    kind.title, shared.pid(), shared.startedHere() ? "started" : "found running", users,
                    users == 1 ? "" : "s", getConnectionInfo(), shared.log().getParent());
        }
        return String.format("%s (devstack process of this test JVM) on %s", kind.title, getConnectionInfo());
    }

    @Override
    public String getConnectionInfo() {
        return kind == Kind.REDIS ? hosts() : "http://" + hosts();
    }

    @Override
    public String getContainerId() {
        return null;
    }

    @Override
    public synchronized void close() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
        testJvms = null;
    }
}
