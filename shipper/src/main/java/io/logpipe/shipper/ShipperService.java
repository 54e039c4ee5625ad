package io.logpipe.shipper;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.logpipe.shipper.config.ShipperConfig;
import io.logpipe.shipper.sink.DirectRedis;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.redis.client.Redis;

/** Runs the {@link Shipper} for the life of the Quarkus application. */
@ApplicationScoped
public class ShipperService {
    @Inject
    ShipperConfig config;

    @Inject
    Redis redis;

    @Inject
    MeterRegistry meters;

    private volatile Shipper shipper;

    void start(@Observes StartupEvent event) throws IOException {
        Optional<DirectRedis.Endpoint> direct = Optional.empty();
        if (config.redis().directWrite()) {
            Config all = ConfigProvider.getConfig();
            direct = DirectRedis.Endpoint.of(name -> all.getOptionalValue(name, String.class));
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
