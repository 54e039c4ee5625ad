package io.logpipe.shipper;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.logpipe.common.redistls.RedisTls;
import io.logpipe.common.resp.RedisRoutes;
import io.logpipe.shipper.config.ShipperConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.vertx.mutiny.redis.client.Redis;

/** Runs the {@link Shipper} for the life of the Quarkus application. */
@ApplicationScoped
public class ShipperService {
    private static final Logger LOG = Logger.getLogger(ShipperService.class);

    @Inject
    ShipperConfig config;

    @Inject
    Redis redis;

    @Inject
    MeterRegistry meters;

    private volatile Shipper shipper;

    void start(@Observes StartupEvent event) throws IOException {
        Config all = ConfigProvider.getConfig();
        RedisTls.problem(name -> all.getOptionalValue(name, String.class)).ifPresent(problem -> {
            throw new ConfigurationException(problem, Set.of("quarkus.redis.hosts"));
        });
        config.config().ifPresent(file -> LOG.infof("configured by the Logstash pipeline file %s (environment variables"
                + " and system properties override what it says)", file));
        Optional<RedisRoutes> direct = Optional.empty();
        boolean cluster = RedisRoutes.clusterClient(name -> all.getOptionalValue(name, String.class));
        if (config.redis().directWrite()) {
            direct = RedisRoutes.of(name -> all.getOptionalValue(name, String.class),
                    why -> LOG.infof("batches go to Redis through the Quarkus Redis client: %s (direct sockets take "
                            + "plain redis:// hosts of a standalone Redis or a Redis Cluster)", why));
        }
        if (cluster && config.redis().waitReplicas() > 0 && direct.isEmpty()) {
            throw new IllegalArgumentException("shipper.redis.wait-replicas=" + config.redis().waitReplicas()
                    + " on a Redis Cluster needs the shipper's own sockets (WAIT must follow the RPUSH on the same "
                    + "connection to the key's primary), and they are off: set shipper.redis.direct-write=true and "
                    + "give quarkus.redis.hosts as plain redis:// URLs");
        }
        shipper = new Shipper(config, redis, direct, meters, Clock.systemUTC(), System::nanoTime, Shipper.hostName(),
                System.in, System.out).start();
    }

    void stop(@Observes ShutdownEvent event) {
        Shipper s = shipper;
        if (s != null) {
            s.close();
        }
    }

    /** False when a shipper thread died (see {@link Shipper#alive()}). */
    public boolean alive() {
        Shipper s = shipper;
        return s != null && s.alive();
    }
}
