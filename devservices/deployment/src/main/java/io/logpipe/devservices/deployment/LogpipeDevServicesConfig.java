package io.logpipe.devservices.deployment;

import java.nio.file.Path;
import java.util.Optional;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Build-time settings of the devstack-backed Dev Services (dev mode and tests only). */
@ConfigRoot(phase = ConfigPhase.BUILD_TIME)
@ConfigMapping(prefix = "logpipe.devservices")
public interface LogpipeDevServicesConfig {
    /**
     * Whether Redis and Elasticsearch may be started as devstack processes when no container runtime is available.
     * The stock switches ({@code quarkus.redis.devservices.enabled}, {@code quarkus.elasticsearch.devservices.enabled},
     * {@code quarkus.devservices.enabled}) turn these off too.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * Where dev mode keeps the shared servers: their state, the leases of the applications using them, and their
     * data ({@code redis/server}, {@code elasticsearch/server}). Default: {@code .logpipe/dev-services} in the project
     * root (the nearest directory above the working directory that has a {@code .mvn} folder), else
     * {@code ~/.cache/logpipe/dev-services}. Tests do not use it: each test JVM has servers of its own, in temporary
     * directories, stopped when it exits.
     */
    Optional<Path> dir();

    /** The heap of the Elasticsearch that dev mode starts (tests use devstack's default, 512m). */
    @WithDefault("512m")
    String elasticsearchHeap();
}
