package io.logpipe.shipper.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import io.logpipe.shipper.ShipperService;

/**
 * Live while the pipeline thread (which also sends to Redis) runs. Redis being down does not make the shipper
 * dead (it waits and retries); readiness reports Redis through the Redis client's own health check.
 */
@Liveness
@ApplicationScoped
public class PipelineLiveness implements HealthCheck {
    @Inject
    ShipperService service;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("shipper pipeline").status(service.alive()).build();
    }
}
