package io.logpipe.devservices.deployment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.logpipe.devservices.deployment.DevstackService.Kind;
import io.quarkus.bootstrap.classloading.QuarkusClassLoader;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.IsNormal;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;
import io.quarkus.deployment.builditem.DevServicesResultBuildItem;
import io.quarkus.deployment.builditem.DockerStatusBuildItem;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.LaunchModeBuildItem;
import io.quarkus.deployment.dev.devservices.DevServicesConfig;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Dev Services for Redis and Elasticsearch as devstack processes, for dev mode and tests on machines without a
 * container runtime. Where one exists, the stock Dev Services of {@code quarkus-redis-client} and
 * {@code quarkus-elasticsearch-rest-client} start containers and this does nothing; so it does where the hosts are
 * configured or the stock Dev Services are switched off.
 *
 * <p>The servers are registered as owned Dev Services: Quarkus starts them before the application, keeps them
 * across live reloads (same identity), and closes them when dev mode ends. In dev mode they are shared with the
 * project's other dev-mode applications through {@link LogpipeDevServicesConfig#dir()}; in tests they are the test
 * JVM's devstack servers, which the devstack test resources hand out too (see {@link DevstackService}).
 */
@BuildSteps(onlyIfNot = IsNormal.class, onlyIf = DevServicesConfig.Enabled.class)
public class DevstackDevServicesProcessor {
    static final String FEATURE = "logpipe-devservices";
    private static final Logger LOG = Logger.getLogger(DevstackDevServicesProcessor.class);
    private static final String REDIS_HOSTS = "quarkus.redis.hosts";
    private static final String ELASTICSEARCH_HOSTS = "quarkus.elasticsearch.hosts";

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    @BuildStep
    void devServices(LaunchModeBuildItem launchMode, DockerStatusBuildItem containerRuntime, Capabilities capabilities,
            LogpipeDevServicesConfig config, BuildProducer<DevServicesResultBuildItem> devServices) {
        if (!config.enabled()) {
            return;
        }
        boolean redis = capabilities.isPresent(Capability.REDIS_CLIENT) && wanted("quarkus.redis", REDIS_HOSTS);
        boolean elasticsearch = QuarkusClassLoader.isClassPresentAtRuntime("org.elasticsearch.client.RestClient")
                && wanted("quarkus.elasticsearch", ELASTICSEARCH_HOSTS);
        if (!redis && !elasticsearch) {
            return;
        }
        if (containerRuntime.isContainerRuntimeAvailable()) {
            LOG.debug("A container runtime is available: the stock Dev Services start Redis and Elasticsearch");
            return;
        }
        Path shared = launchMode.getLaunchMode().isDev() ? config.dir().orElseGet(DevstackDevServicesProcessor::defaultDir)
                .toAbsolutePath().normalize() : null;
        if (redis) {
            devServices.produce(devService(Kind.REDIS, REDIS_HOSTS, shared, config));
        }
        if (elasticsearch) {
            devServices.produce(devService(Kind.ELASTICSEARCH, ELASTICSEARCH_HOSTS, shared, config));
        }
    }

    private static DevServicesResultBuildItem devService(Kind kind, String hostsProperty, Path shared,
            LogpipeDevServicesConfig config) {
        String heap = config.elasticsearchHeap();
        // The identity Quarkus compares on a restart: equal, the running server is kept (live reload); different
        // (another directory or heap), it is closed and started again. A String, equal across class loaders.
        String identity = kind + "|" + (shared == null ? "test-jvm" : shared) + "|" + (kind == Kind.ELASTICSEARCH ? heap : "");
        return DevServicesResultBuildItem.<DevstackService> owned()
                .feature(FEATURE + "-" + kind.name().toLowerCase())
                .serviceName(kind.name().toLowerCase())
                .description(kind.title + " as a devstack process (no container runtime)")
                .serviceConfig(identity)
                .startable(() -> new DevstackService(kind, shared, heap))
                .configProvider(Map.of(hostsProperty, DevstackService::hosts))
                .postStartHook(service -> LOG.infof("Dev Services for %s", service.describe()))
                .build();
    }

    /** The stock Dev Services are not switched off and the hosts are not configured. */
    private static boolean wanted(String prefix, String hostsProperty) {
        boolean enabled = ConfigProvider.getConfig().getOptionalValue(prefix + ".devservices.enabled", Boolean.class)
                .orElse(true);
        if (!enabled) {
            LOG.debugf("%s.devservices.enabled is false: no devstack process for it", prefix);
            return false;
        }
        if (ConfigUtils.isPropertyNonEmpty(hostsProperty)) {
            LOG.debugf("%s is configured: no devstack process for it", hostsProperty);
            return false;
        }
        return true;
    }

    /** {@code .logpipe/dev-services} in the project root (nearest ancestor with {@code .mvn}), else in ~/.cache/logpipe. */
    static Path defaultDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".mvn"))) {
                return dir.resolve(".logpipe").resolve("dev-services");
            }
        }
        return Path.of(System.getProperty("user.home"), ".cache", "logpipe", "dev-services");
    }
}
