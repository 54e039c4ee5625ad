package io.logpipe.indexer.worker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /q/health/ready}: DOWN when no worker has been able to claim for the consumer timeout. Redis may answer a
 * PING (the client's own readiness check is UP) and still refuse every claim ({@code CROSSSLOT}, {@code NOPERM},
 * {@code OOM}); a queue that grows while the indexer says it is ready is what this prevents. Not liveness: a
 * restart would not fix Redis.
 */
@Readiness
@ApplicationScoped
public class ClaimReadiness implements HealthCheck {
    @Inject
    Indexer indexer;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("indexer claims");
        String problem = indexer.claimProblem();
        return problem == null ? response.up().build() : response.down().withData("problem", problem).build();
    }
}
